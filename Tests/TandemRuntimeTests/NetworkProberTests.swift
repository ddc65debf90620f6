import Foundation
import Testing
import TandemAPI
import TandemLifecycle
@testable import TandemRuntime

/// Thread-safe capture of what a test server received.
final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

/// A server answering every request with `respond(requestHead)`.
func httpServer(_ respond: @escaping @Sendable (String) -> String?) -> LocalTestServer {
    LocalTestServer { connection in
        guard let head = connection.receiveHTTPHead() else { return }
        if let response = respond(head) { connection.send(response) }
    }
}

func requestPath(_ head: String) -> String {
    head.split(separator: " ").dropFirst().first.map(String.init) ?? ""
}

@Suite struct HTTPGetProberTests {
    let container = Container(name: "app", ports: [ContainerPort(name: "http", containerPort: 1)])

    @Test func successSendsKubeletHeaders() async {
        let captured = Captured()
        let server = httpServer { head in
            captured.add(head)
            return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        }
        let action = HTTPGetAction(path: "/healthz", port: .int(Int32(server.port)),
                                   httpHeaders: [HTTPHeader(name: "x-custom", value: "1")])
        let outcome = await HTTPGetProber.probe(action, container: container, timeout: .seconds(5))
        #expect(outcome == .success)
        let head = captured.all.first ?? ""
        #expect(head.hasPrefix("GET /healthz HTTP/1.1\r\n"))
        #expect(head.contains("Host: 127.0.0.1:\(server.port)\r\n"))
        #expect(head.contains("User-Agent: kube-probe/1.33\r\n"))
        #expect(head.contains("Accept: */*\r\n"))
        #expect(head.contains("X-Custom: 1\r\n"))
        #expect(head.contains("Connection: close\r\n"))
    }

    @Test func hostHeaderAndNamedPort() async {
        let captured = Captured()
        let server = httpServer { head in
            captured.add(head)
            return "HTTP/1.1 204 No Content\r\n\r\n"
        }
        let named = Container(name: "app", ports: [ContainerPort(name: "web", containerPort: Int32(server.port))])
        let action = HTTPGetAction(path: "ready", port: .string("web"), httpHeaders: [HTTPHeader(name: "Host", value: "example.com")])
        #expect(await HTTPGetProber.probe(action, container: named, timeout: .seconds(5)) == .success)
        #expect(captured.all.first?.contains("Host: example.com\r\n") == true)
        #expect(captured.all.first?.hasPrefix("GET /ready ") == true)
    }

    @Test func serverErrorIsFailureWithStatusCode() async {
        let server = httpServer { _ in "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy" }
        let action = HTTPGetAction(path: "/", port: .int(Int32(server.port)))
        #expect(await HTTPGetProber.probe(action, container: container, timeout: .seconds(5))
                == .failure(output: "HTTP probe failed with statuscode: 503"))
    }

    @Test func chunkedAndUntilCloseBodiesAreRead() async {
        let chunked = httpServer { _ in "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" }
        let untilClose = httpServer { _ in "HTTP/1.0 399 Whatever\r\n\r\nbody until close" }
        #expect(await HTTPGetProber.probe(HTTPGetAction(port: .int(Int32(chunked.port))), container: container, timeout: .seconds(5)) == .success)
        // 3xx not followed: Go's DoHTTPProbe returns probe.Warning with the body.
        let outcome = await HTTPGetProber.probe(HTTPGetAction(port: .int(Int32(untilClose.port))), container: container, timeout: .seconds(5))
        #expect(outcome == .warning(output: "Probe terminated redirects, Response body: body until close"))
    }

    @Test func sameHostRedirectIsFollowed() async {
        let captured = Captured()
        let server = httpServer { head in
            captured.add(requestPath(head))
            if requestPath(head) == "/start" { return "HTTP/1.1 302 Found\r\nLocation: /final\r\nContent-Length: 0\r\n\r\n" }
            return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
        }
        let outcome = await HTTPGetProber.probe(HTTPGetAction(path: "/start", port: .int(Int32(server.port))), container: container, timeout: .seconds(5))
        #expect(outcome == .failure(output: "HTTP probe failed with statuscode: 500"))
        #expect(captured.all == ["/start", "/final"])
    }

    @Test func otherHostRedirectIsNotFollowedAndCountsAsSuccess() async {
        let captured = Captured()
        let server = httpServer { head in
            captured.add(requestPath(head))
            return "HTTP/1.1 301 Moved\r\nLocation: http://elsewhere.invalid/x\r\nContent-Length: 0\r\n\r\n"
        }
        let outcome = await HTTPGetProber.probe(HTTPGetAction(path: "/", port: .int(Int32(server.port))), container: container, timeout: .seconds(5))
        // The kubelet's probe.Warning: success, reported with a ProbeWarning event.
        #expect(outcome == .warning(output: "Probe terminated redirects, Response body: "))
        #expect(captured.all == ["/"])
    }

    @Test func redirectLoopStopsAfterTen() async {
        let server = httpServer { _ in "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n" }
        let outcome = await HTTPGetProber.probe(HTTPGetAction(path: "/loop", port: .int(Int32(server.port))), container: container, timeout: .seconds(5))
        #expect(outcome == .failure(output: "Get \"http://127.0.0.1:\(server.port)/loop\": stopped after 10 redirects"))
    }

    @Test func refusedConnectionIsFailureWithGoText() async {
        let port = LocalTestServer.unusedPort()
        let outcome = await HTTPGetProber.probe(HTTPGetAction(path: "/healthz", port: .int(Int32(port))), container: container, timeout: .seconds(2))
        #expect(outcome == .failure(output: "Get \"http://127.0.0.1:\(port)/healthz\": dial tcp 127.0.0.1:\(port): connect: connection refused"))
    }

    @Test func silentServerTimesOut() async {
        let server = LocalTestServer { connection in
            _ = connection.receiveHTTPHead()
            Thread.sleep(forTimeInterval: 4)
        }
        let outcome = await HTTPGetProber.probe(HTTPGetAction(path: "/", port: .int(Int32(server.port))), container: container, timeout: .seconds(1))
        // The server closes without an answer after 4 s, which would read as an EOF: the
        // deadline text proves the 1 s timeout ended the probe. (A wall-clock bound measured
        // the test runner's cooperative pool, which blocking CLI tests occupy, not the probe.)
        #expect(outcome == .failure(output: "Get \"http://127.0.0.1:\(server.port)/\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"))
    }

    @Test func unknownNamedPortIsProbeError() async {
        let outcome = await HTTPGetProber.probe(HTTPGetAction(path: "/", port: .string("metrics")), container: container, timeout: .seconds(1))
        #expect(outcome == .error(message: "strconv.Atoi: parsing \"metrics\": invalid syntax"))
    }

    @Test func httpsAgainstPlainServerFailsWithoutHanging() async {
        let server = httpServer { _ in "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" }
        let outcome = await HTTPGetProber.probe(HTTPGetAction(path: "/", port: .int(Int32(server.port)), scheme: "HTTPS"),
                                                container: container, timeout: .seconds(3))
        #expect(outcome != .success)
    }

    @Test func redirectResolution() {
        let base = HTTPProbeURL(scheme: "http", host: "127.0.0.1", port: 8080, path: "/a/b?x=1")
        #expect(base.resolving(location: "c")?.description == "http://127.0.0.1:8080/a/c")
        #expect(base.resolving(location: "/d")?.description == "http://127.0.0.1:8080/d")
        #expect(base.resolving(location: "http://other:81/e")?.description == "http://other:81/e")
        #expect(base.resolving(location: "//host/f")?.description == "http://host:80/f")
    }
}

@Suite struct TCPSocketProberTests {
    @Test func openPortSucceeds() async {
        let server = LocalTestServer { _ in }
        #expect(await TCPSocketProber.probe(host: "127.0.0.1", port: server.port, timeout: .seconds(2)) == .success)
    }

    @Test func closedPortFailsWithDialError() async {
        let port = LocalTestServer.unusedPort()
        #expect(await TCPSocketProber.probe(host: "127.0.0.1", port: port, timeout: .seconds(2))
                == .failure(output: "dial tcp 127.0.0.1:\(port): connect: connection refused"))
    }
}

/// Framing numbers a container's server controls: a sign or a huge value used to build a reversed
/// range (a trap, found by tests/fuzz/run.sh http1); they are errors, worded as net/http words them.
@Suite struct HTTPBodyFramingTests {
    let container = Container(name: "app")

    func probe(_ response: String) async -> ProbeOutcome {
        let server = httpServer { _ in response }
        return await HTTPGetProber.probe(HTTPGetAction(port: .int(Int32(server.port))), container: container, timeout: .seconds(30))
    }

    @Test func negativeChunkSizeIsAnError() async {
        #expect(await probe("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nabc\r\n0\r\n\r\n")
                == .error(message: "invalid byte in chunk length", state: .failure))
    }

    @Test func hugeChunkSizeIsAnError() async {
        #expect(await probe("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nabc\r\n")
                == .error(message: "http chunk length too large", state: .failure))
    }

    @Test func negativeContentLengthIsAnError() async {
        #expect(await probe("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nabc")
                == .error(message: "bad Content-Length \"-5\"", state: .failure))
    }
}
