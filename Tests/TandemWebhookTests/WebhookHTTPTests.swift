import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import TandemWebhook

/// The HTTP/1.1 side of the server end to end over real TLS: routing, keep-alive and `Connection: close`, the
/// body limit, malformed requests, and graceful shutdown. Whole responses are compared byte for byte (only each
/// `Date` header's value is replaced), with curl as a client would see them or with ``RawClient`` where the
/// bytes on the wire are the point.
@Suite(.serialized) struct WebhookHTTPTests {
    /// A server on fresh certificates, stopped and its certificates removed when `body` returns or throws.
    static func withServer<T>(bodyLimit: Int = WebhookServer.defaultBodyLimit,
                              requestTimeout: TimeAmount = WebhookServer.defaultRequestTimeout,
                              _ body: (RunningServer, _ ca: URL, _ scratch: URL) async throws -> T) async throws -> T {
        let certificates = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: certificates) }
        try await Tool.makeCertificates(in: certificates)
        let server = try await RunningServer.start(certificates: certificates, bodyLimit: bodyLimit,
                                                   requestTimeout: requestTimeout)
        do {
            let result = try await body(server, certificates.appendingPathComponent("ca.crt"), certificates)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    static var reviewFile: URL { Fixture.directory.appendingPathComponent("deployment-pod-review.json") }

    /// What `/mutate` answers for the fixture review.
    static func expectedReview() throws -> String {
        let handler = AdmissionReviewHandler(mutator: FirstInitContainerMutator(), policy: AdmissionPolicy(mode: .fixed(.native)))
        guard case .review(let json, _, _) = handler.handle(body: try Data(contentsOf: reviewFile)) else {
            throw HarnessError(description: "fixture not handled")
        }
        return String(decoding: json, as: UTF8.self)
    }

    @Test func mutateWithQueryStringAnswersExactlyLikeMutate() async throws {
        let expected = try Self.expectedReview()
        try await Self.withServer { server, ca, _ in
            let plain = try await Tool.curl("https://\(server.address)/mutate", ca: ca, body: Self.reviewFile)
            let timeout = try await Tool.curl("https://\(server.address)/mutate?timeout=10s", ca: ca, body: Self.reviewFile)
            #expect(plain.code == 200)
            #expect(timeout.code == 200)
            #expect(plain.body == expected)
            #expect(timeout.body == expected)
            let metrics = server.metrics.render()
            #expect(metrics.contains("tandem_webhook_admission_requests_total{outcome=\"injected\"} 2\n"))
        }
    }

    @Test func unknownPathsAre404AndWrongMethods405OnOneConnection() async throws {
        try await Self.withServer { server, ca, _ in
            let requests = [
                "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /healthz/ HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /mutate HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
                "DELETE /metrics?x=1 HTTP/1.1\r\nHost: x\r\n\r\n",
                "HEAD /readyz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /healthz?verbose HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            ]
            // All in one write: the server answers pipelined requests in order.
            let outcome = try await RawClient.run(server.address, ca: ca, [.text(requests.joined()), .read(quiet: 10)])
            let expected = [
                HTTPText.response("404 Not Found", body: "404 page not found\n"),
                HTTPText.response("404 Not Found", body: "404 page not found\n"),
                HTTPText.response("405 Method Not Allowed", headers: ["Allow: POST"],
                                  body: "method GET not allowed on /mutate, only POST\n"),
                HTTPText.response("405 Method Not Allowed", headers: ["Allow: GET, HEAD"],
                                  body: "method POST not allowed on /healthz, only GET\n"),
                HTTPText.response("405 Method Not Allowed", headers: ["Allow: GET, HEAD"],
                                  body: "method DELETE not allowed on /metrics, only GET\n"),
                HTTPText.response("200 OK", body: "ok\n", bodyOmitted: true),
                HTTPText.response("200 OK", body: "ok\n"),
                HTTPText.response("200 OK", headers: ["Connection: close"], body: "ok\n"),
            ].joined()
            #expect(HTTPText.normalized(outcome.text) == expected)
            #expect(outcome.closed)
        }
    }

    @Test func twoRequestsReuseOneKeepAliveConnection() async throws {
        try await Self.withServer { server, ca, _ in
            let result = try await Tool.run("/usr/bin/curl", [
                "-sS", "--max-time", "60", "--cacert", ca.path, "-w", "%{http_code} %{num_connects}\n",
                "https://\(server.address)/healthz", "https://\(server.address)/readyz?x=1"])
            #expect(result.status == 0, "\(result.stderr)")
            // num_connects is the connections the transfer had to open: none for the second.
            #expect(result.text == "ok\n200 1\nok\n200 0\n")
        }
    }

    @Test func connectionCloseIsAnsweredWithCloseAndTheConnectionEnds() async throws {
        try await Self.withServer { server, ca, _ in
            let close = try await RawClient.run(server.address, ca: ca, [
                .text("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), .read(quiet: 10)])
            #expect(HTTPText.normalized(close.text) == HTTPText.response("200 OK", headers: ["Connection: close"], body: "ok\n"))
            #expect(close.closedAfter != nil, "\(close.events)")

            // Without it the connection stays open for the next request.
            let keep = try await RawClient.run(server.address, ca: ca, [
                .text("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), .read(quiet: 1)])
            #expect(HTTPText.normalized(keep.text) == HTTPText.response("200 OK", body: "ok\n"))
            #expect(keep.events == ["read \(keep.received.count)", "open"])
        }
    }

    /// `Expect: 100-continue` gets its interim answer before the body is sent (curl, which sends it for bodies
    /// over 1 MiB, waited a second for it before: every large review took a second more).
    @Test func expect100ContinueIsAnsweredBeforeTheBody() async throws {
        let expected = try Self.expectedReview()
        let review = try [UInt8](Data(contentsOf: Self.reviewFile))
        try await Self.withServer { server, ca, _ in
            let outcome = try await RawClient.run(server.address, ca: ca, [
                .text("POST /mutate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(review.count)\r\n\r\n"),
                .read(quiet: 1),
                .send(review),
                .read(quiet: 1),
            ])
            let interim = "HTTP/1.1 100 Continue\r\n\r\n"
            #expect(HTTPText.normalized(outcome.text)
                    == interim + HTTPText.response("200 OK", contentType: "application/json", body: expected))
            #expect(outcome.reads == [interim.utf8.count, outcome.received.count - interim.utf8.count])

            // curl told to wait up to 30 s for it: no wait.
            let started = ContinuousClock.now
            let curl = try await Tool.run("/usr/bin/curl", [
                "-sS", "--max-time", "60", "--cacert", ca.path, "-w", "\n%{http_code}", "--expect100-timeout", "30",
                "-H", "Expect: 100-continue", "-H", "Content-Type: application/json", "--data-binary", "@" + Self.reviewFile.path,
                "https://\(server.address)/mutate"])
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(curl.text == expected + "\n200")

            // Over the limit: the 413 instead, and no 100. HTTP/1.0 clients never get a 100.
            let tooLarge = try await RawClient.run(server.address, ca: ca, [
                .text("POST /mutate HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 99999999\r\n\r\n"),
                .read(quiet: 1)])
            #expect(HTTPText.normalized(tooLarge.text) == HTTPText.response(
                "413 Payload Too Large", headers: ["Connection: close"], body: "request body larger than 3145728 bytes\n"))
            let old = try await RawClient.run(server.address, ca: ca, [
                .text("POST /mutate HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: \(review.count)\r\n\r\n"),
                .read(quiet: 1),
                .send(review),
                .read(quiet: 10)])
            #expect(HTTPText.normalized(old.text) == HTTPText.response(
                "200 OK", version: "HTTP/1.0", contentType: "application/json", headers: ["Connection: close"], body: expected))
            #expect(old.reads == [0, old.received.count])
        }
    }

    /// HTTP/1.0 closes after each answer unless the client asked `Connection: keep-alive`, and then the answer says
    /// `Connection: keep-alive` (without it the client would wait for the close; the server used to keep the
    /// connection open without saying so).
    @Test func http10KeepAliveIsAnsweredWithKeepAlive() async throws {
        try await Self.withServer { server, ca, _ in
            let keep = try await RawClient.run(server.address, ca: ca, [
                .text("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /readyz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
                .read(quiet: 1)])
            let answer = HTTPText.response("200 OK", version: "HTTP/1.0", headers: ["Connection: keep-alive"], body: "ok\n")
            #expect(HTTPText.normalized(keep.text) == answer + answer)
            #expect(keep.events.last == "open")

            let plain = try await RawClient.run(server.address, ca: ca, [.text("GET /healthz HTTP/1.0\r\n\r\n"), .read(quiet: 10)])
            #expect(HTTPText.normalized(plain.text)
                    == HTTPText.response("200 OK", version: "HTTP/1.0", headers: ["Connection: close"], body: "ok\n"))
            #expect(plain.closedAfter != nil, "\(plain.events)")
        }
    }

    @Test func declaredBodyOverTheLimitGets413AtOnce() async throws {
        try await Self.withServer(bodyLimit: 1000) { server, ca, _ in
            let outcome = try await RawClient.run(server.address, ca: ca, [
                .text("POST /mutate?timeout=10s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"),
                .read(quiet: 1),
                .send([UInt8](repeating: UInt8(ascii: "a"), count: 5000)),
                .read(quiet: 10),
            ])
            // The answer came before any body byte was sent; once the declared body is in, the server closes.
            let expected = HTTPText.response("413 Payload Too Large", headers: ["Connection: close"],
                                              body: "request body larger than 1000 bytes\n")
            #expect(HTTPText.normalized(outcome.text) == expected)
            #expect(outcome.reads == [outcome.received.count, 0])
            #expect(outcome.closedAfter != nil, "\(outcome.events)")
            #expect(server.metrics.render().contains("tandem_webhook_admission_requests_total{outcome=\"too_large\"} 1\n"))
        }
    }

    @Test func chunkedBodyOverTheLimitGets413AsSoonAsItPassesIt() async throws {
        try await Self.withServer(bodyLimit: 1000) { server, ca, scratch in
            let chunk = "258\r\n" + String(repeating: "a", count: 600) + "\r\n"  // 0x258 = 600 bytes
            let outcome = try await RawClient.run(server.address, ca: ca, [
                .text("POST /mutate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk),
                .read(quiet: 1),
                .touch(scratch.appendingPathComponent("first-chunk-read")),
                .text(chunk),
                .read(quiet: 2),
                .text("0\r\n\r\n"),
                .read(quiet: 10),
            ])
            let expected = HTTPText.response("413 Payload Too Large", headers: ["Connection: close"],
                                              body: "request body larger than 1000 bytes\n")
            // Nothing after the first chunk, the whole 413 after the second, then the close after the last.
            #expect(HTTPText.normalized(outcome.text) == expected)
            #expect(outcome.reads == [0, outcome.received.count, 0])
            #expect(outcome.closedAfter != nil, "\(outcome.events)")

            // curl's own chunked upload, and the server goes on.
            let big = scratch.appendingPathComponent("big.json")
            try Data(repeating: UInt8(ascii: " "), count: 5000).write(to: big)
            let curl = try await Tool.curl("https://\(server.address)/mutate", ca: ca, body: big,
                                           extra: ["-H", "Transfer-Encoding: chunked"])
            #expect(curl.code == 413)
            #expect(curl.body == "request body larger than 1000 bytes\n")
            let health = try await Tool.curl("https://\(server.address)/healthz", ca: ca)
            #expect(health.code == 200 && health.body == "ok\n")
        }
    }

    @Test func chunkedBodyUnderTheLimitIsServed() async throws {
        let expected = try Self.expectedReview()
        try await Self.withServer { server, ca, _ in
            let curl = try await Tool.curl("https://\(server.address)/mutate", ca: ca, body: Self.reviewFile,
                                           extra: ["-H", "Transfer-Encoding: chunked"])
            #expect(curl.code == 200)
            #expect(curl.body == expected)
        }
    }

    @Test func malformedRequestsGet400AndTheServerGoesOn() async throws {
        try await Self.withServer { server, ca, _ in
            // Answered like every other request, `Date` included (NIOHTTP1's own 400 had none, nor a body).
            let badRequest = HTTPText.response("400 Bad Request", headers: ["Connection: close"], body: "malformed HTTP request\n")
            let garbage = try await RawClient.run(server.address, ca: ca, [.text("GARBAGE\r\n\r\n"), .read(quiet: 10)])
            #expect(HTTPText.normalized(garbage.text) == badRequest)
            #expect(garbage.closedAfter != nil, "\(garbage.events)")

            // A good request, then a broken one on the same connection: the first is answered, then 400.
            let second = try await RawClient.run(server.address, ca: ca, [
                .text("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
                .read(quiet: 10)])
            #expect(HTTPText.normalized(second.text) == HTTPText.response("200 OK", body: "ok\n") + badRequest)
            #expect(second.closedAfter != nil, "\(second.events)")

            // Content-Length with Transfer-Encoding (request smuggling) is refused too.
            let smuggled = try await RawClient.run(server.address, ca: ca, [
                .text("POST /mutate HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                .read(quiet: 10)])
            #expect(HTTPText.normalized(smuggled.text) == badRequest)

            let health = try await Tool.curl("https://\(server.address)/healthz", ca: ca)
            #expect(health.code == 200 && health.body == "ok\n")
        }
    }

    /// A client pipelining requests and never reading the answers: once its answers fill the socket buffers the
    /// server stops reading (and answering) until they drain, so the client's sends stall and the server's memory
    /// stays bounded. Before, it read and answered everything, queueing the answers: 6 MB of pipelined
    /// `GET /metrics` (4 KB answers) took the server's peak RSS to 715 MB. Measured on the built binary, whose
    /// peak RSS is its own.
    @Test func clientThatNeverReadsItsAnswersIsNotReadFromEither() async throws {
        let work = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Tool.makeCertificates(in: work)
        let server = try WebhookBinaryTests.WebhookProcess([
            "--tls-cert", work.appendingPathComponent("tls.crt").path, "--tls-key", work.appendingPathComponent("tls.key").path,
            "--sidecar", Tool.repository.appendingPathComponent("bench/webhook/sidecar.yaml").path])
        let ca = work.appendingPathComponent("ca.crt")
        let requests = [UInt8](String(repeating: "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", count: 1000).utf8)
        let times = 1000  // 35 MB of requests, 4 GB of answers
        let outcome = try await RawClient.run(server.address, ca: ca, [.flood(requests, times: times, stall: 2)])
        let peak = try Tool.peakResidentKiB(of: server.process.processIdentifier)
        let health = try await Tool.curl("https://\(server.address)/healthz", ca: ca)
        #expect(server.terminate() == 0)

        let stalled = outcome.events.first { $0.hasPrefix("stalled ") }.flatMap { Int($0.dropFirst(8)) }
        #expect(stalled != nil, "\(outcome.events)")
        #expect((stalled ?? .max) < requests.count * times)
        #expect(peak < 120_000, "peak RSS \(peak) KiB")
        #expect(health.code == 200 && health.body == "ok\n")
    }

    /// Deterministic: the request's head and half its body are in when the server is told to stop; the listening
    /// socket is closed (a new connection is refused) before the rest of the body is sent.
    @Test func requestInFlightWhenStoppedGetsItsWholeAnswer() async throws {
        let expected = try Self.expectedReview()
        let certificates = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: certificates) }
        try await Tool.makeCertificates(in: certificates)
        let server = try await RunningServer.start(certificates: certificates)
        let ca = certificates.appendingPathComponent("ca.crt")
        let review = try [UInt8](Data(contentsOf: Self.reviewFile))
        let halfSent = certificates.appendingPathComponent("half-sent")
        let goOn = certificates.appendingPathComponent("go-on")
        let client = Task {
            try await RawClient.run(server.address, ca: ca, [
                .text("POST /mutate?timeout=10s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(review.count)\r\n\r\n"),
                .send(Array(review[..<1000])),
                .read(quiet: 0.3),
                .touch(halfSent),
                .waitFor(goOn),
                .send(Array(review[1000...])),
                .read(quiet: 10),
            ])
        }
        while !FileManager.default.fileExists(atPath: halfSent.path) { try await Task.sleep(for: .milliseconds(10)) }
        let stopping = Task { await server.stop() }
        var refused = false
        for _ in 0..<100 where !refused {
            let probe = try await Tool.curl("https://\(server.address)/healthz", ca: ca)
            refused = probe.result.status == 7  // couldn't connect
            if !refused { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(refused)
        #expect(FileManager.default.createFile(atPath: goOn.path, contents: nil))
        let outcome = try await client.value
        let started = ContinuousClock.now
        await stopping.value

        #expect(HTTPText.normalized(outcome.text) == HTTPText.response(
            "200 OK", contentType: "application/json", headers: ["Connection: close"], body: expected))
        #expect(outcome.reads == [0, outcome.received.count])
        #expect(outcome.closedAfter != nil, "\(outcome.events)")
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func stopReturnsPromptlyWithIdleKeepAliveConnectionsOpen() async throws {
        let certificates = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: certificates) }
        try await Tool.makeCertificates(in: certificates)
        let server = try await RunningServer.start(certificates: certificates)
        let ca = certificates.appendingPathComponent("ca.crt")
        let clients = (0..<3).map { index in
            let answered = certificates.appendingPathComponent("answered-\(index)")
            return (answered, Task {
                try await RawClient.run(server.address, ca: ca, [
                    .text("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), .read(quiet: 0.5), .touch(answered), .read(quiet: 30)])
            })
        }
        for (answered, _) in clients {
            while !FileManager.default.fileExists(atPath: answered.path) { try await Task.sleep(for: .milliseconds(10)) }
        }
        let started = ContinuousClock.now
        await server.stop()
        let stopped = ContinuousClock.now - started
        #expect(stopped < .seconds(3), "stop took \(stopped)")
        for (_, client) in clients {
            let outcome = try await client.value
            #expect(HTTPText.normalized(outcome.text) == HTTPText.response("200 OK", body: "ok\n"))
            #expect(outcome.closedAfter != nil, "\(outcome.events)")
        }
    }

    /// Slowloris: a request's head sent a byte at a time never completes; the connection is closed at the request
    /// deadline (1 s here, counted from the accept for a first request) with nothing answered. Before, each byte
    /// reset the 90 s idle timeout, so such a connection was held for ever.
    @Test func headersSentByteByByteAreCutOffAtTheRequestDeadline() async throws {
        try await Self.withServer(requestTimeout: .seconds(1)) { server, ca, _ in
            let head = [UInt8]("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: \(String(repeating: "a", count: 100))\r\n\r\n".utf8)
            let outcome = try await RawClient.run(server.address, ca: ca, [.trickle(head, interval: 0.1), .read(quiet: 5)])
            #expect(outcome.received.isEmpty, "\(outcome.text)")
            let closedAfter = try #require(outcome.closedAfter, "\(outcome.events)")
            #expect(closedAfter > 0.9 && closedAfter < 3, "\(outcome.events)")
            let health = try await Tool.curl("https://\(server.address)/healthz", ca: ca)
            #expect(health.code == 200 && health.body == "ok\n")
        }
    }

    /// A body that stops coming, and a connection that never starts its TLS handshake: closed at the deadline.
    @Test func stalledBodyAndMissingHandshakeAreCutOffAtTheRequestDeadline() async throws {
        try await Self.withServer(requestTimeout: .seconds(1)) { server, ca, _ in
            let body = try await RawClient.run(server.address, ca: ca, [
                .text("POST /mutate HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"apiVersion\":"), .read(quiet: 5)])
            #expect(body.received.isEmpty, "\(body.text)")
            let bodyClosed = try #require(body.closedAfter, "\(body.events)")
            #expect(bodyClosed > 0.9 && bodyClosed < 3, "\(body.events)")

            let silent = try await RawClient.run(server.address, ca: nil, [.read(quiet: 5)])
            #expect(silent.received.isEmpty)
            #expect(silent.closed, "\(silent.events)")
            #expect((silent.closedAfter ?? 0) < 3, "\(silent.events)")
        }
    }

    /// The deadline counts a request from its first byte, not the idle time before it: a keep-alive connection
    /// quiet for longer than the deadline, then a request sent in two parts, is served.
    @Test func idleTimeBetweenRequestsIsNotCountedByTheDeadline() async throws {
        try await Self.withServer(requestTimeout: .seconds(1)) { server, ca, _ in
            let outcome = try await RawClient.run(server.address, ca: ca, [
                .text("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
                .read(quiet: 0.2),
                .sleep(1.5),
                .text("GET /readyz HTTP/1.1\r\n"),
                .sleep(0.5),
                .text("Host: x\r\n\r\n"),
                .read(quiet: 0.2),
            ])
            let answer = HTTPText.response("200 OK", body: "ok\n")
            #expect(HTTPText.normalized(outcome.text) == answer + answer)
            #expect(outcome.events.last == "open", "\(outcome.events)")
        }
    }

    /// A request stalled mid-body no longer holds up graceful shutdown: quiescing waits for requests in progress,
    /// which before meant until the 90 s idle timeout (a client sending a byte now and then: for ever); now at
    /// most the request deadline.
    @Test func stopIsNotHeldUpByAStalledBody() async throws {
        let certificates = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: certificates) }
        try await Tool.makeCertificates(in: certificates)
        let server = try await RunningServer.start(certificates: certificates, requestTimeout: .seconds(1))
        let ca = certificates.appendingPathComponent("ca.crt")
        let halfSent = certificates.appendingPathComponent("half-sent")
        let client = Task {
            try await RawClient.run(server.address, ca: ca, [
                .text("POST /mutate HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"),
                .read(quiet: 0.3), .touch(halfSent), .read(quiet: 30)])
        }
        while !FileManager.default.fileExists(atPath: halfSent.path) { try await Task.sleep(for: .milliseconds(10)) }
        let started = ContinuousClock.now
        await server.stop()
        let stopped = ContinuousClock.now - started
        let outcome = try await client.value
        #expect(stopped < .seconds(4), "stop took \(stopped)")
        #expect(outcome.received.isEmpty)
        #expect(outcome.closed, "\(outcome.events)")
    }

    /// A request already in the socket, unread, when the server starts quiescing is answered (with
    /// `Connection: close`), not dropped with the connection as idle — which is what happened under load: every
    /// busy keep-alive connection lost the request it had just sent and the client read an EOF. Deterministic on a
    /// one-thread event loop group: the loop is blocked while the client sends its second request and the server
    /// is told to stop, so the quiesce event comes before the loop reads that request.
    @Test func requestUnreadWhenTheServerQuiescesIsAnswered() async throws {
        let certificates = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: certificates) }
        try await Tool.makeCertificates(in: certificates)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await RunningServer.start(certificates: certificates, group: group)
        let ca = certificates.appendingPathComponent("ca.crt")
        let idle = certificates.appendingPathComponent("idle")
        let goOn = certificates.appendingPathComponent("go-on")
        let sent = certificates.appendingPathComponent("sent")
        let client = Task {
            try await RawClient.run(server.address, ca: ca, [
                .text("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), .read(quiet: 0.3), .touch(idle),
                .waitFor(goOn), .text("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n"), .touch(sent), .read(quiet: 10)])
        }
        while !FileManager.default.fileExists(atPath: idle.path) { try await Task.sleep(for: .milliseconds(10)) }
        group.next().execute { usleep(1_500_000) }
        try await Task.sleep(for: .milliseconds(100))
        #expect(FileManager.default.createFile(atPath: goOn.path, contents: nil))
        while !FileManager.default.fileExists(atPath: sent.path) { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(100))
        server.task.cancel()  // quiescing starts when the loop is free again, before it reads the socket
        await server.stop()
        let outcome = try await client.value
        try await group.shutdownGracefully()

        #expect(HTTPText.normalized(outcome.text) == HTTPText.response("200 OK", body: "ok\n")
                + HTTPText.response("200 OK", headers: ["Connection: close"], body: "ok\n"))
        #expect(outcome.closedAfter != nil, "\(outcome.events)")
    }
}
