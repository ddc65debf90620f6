import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import TandemWebhook

/// ``WebhookHTTPHandler``'s use of the server's budgets, on `EmbeddedChannel`s (one per connection, each with
/// its own event loop): a body is read only with its bytes taken, a large one admitted only with its admission
/// bytes, and every byte comes back — after the answer, after a 413, when a connection ends mid-body or while
/// waiting.
struct WebhookHTTPHandlerTests {
    static let review = (try? Data(contentsOf: WebhookHTTPTests.reviewFile)) ?? Data()

    /// One connection: NIOHTTP1's server pipeline and the handler, as the server builds it after TLS (with the
    /// request deadline when given one; the embedded event loop's clock is then the deadline's).
    struct Connection {
        let channel = EmbeddedChannel()

        init(_ routes: WebhookRoutes, _ budgets: WebhookHTTPHandler.Budgets,
             deadline: RequestDeadlineHandler? = nil) throws {
            if let deadline { try channel.pipeline.syncOperations.addHandler(deadline) }
            try WebhookServer.addHTTPHandlers(to: channel.pipeline.syncOperations, routes: routes, budgets: budgets,
                                              deadline: deadline)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 443)).wait()
        }

        /// Moves the event loop's clock on, running the timers due.
        func advance(_ time: TimeAmount) {
            channel.embeddedEventLoop.advanceTime(by: time)
        }

        /// The client stops reading (its answers pile up unwritten) or starts again.
        func reading(_ reads: Bool) {
            channel.isWritable = reads
            channel.pipeline.fireChannelWritabilityChanged()
        }

        var isOpen: Bool { channel.isActive }

        func send(_ text: String) throws {
            try channel.writeInbound(ByteBuffer(string: text))
        }

        func send(_ bytes: Data) throws {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        }

        /// Runs what waits on this connection's event loop (a budget's grant).
        func runLoop() {
            channel.embeddedEventLoop.run()
        }

        /// Everything written since the last call, `Date` normalized.
        func received() throws -> String {
            var text = ""
            while let part = try channel.readOutbound(as: IOData.self) {
                if case .byteBuffer(let buffer) = part { text += String(buffer: buffer) }
            }
            return HTTPText.normalized(text)
        }

        func close() throws {
            try channel.close().wait()
        }
    }

    static func routes(bodyLimit: Int) -> WebhookRoutes {
        WebhookRoutes(handler: AdmissionReviewHandler(mutator: FirstInitContainerMutator(),
                                                      policy: AdmissionPolicy(mode: .fixed(.native))),
                      metrics: WebhookMetrics(), bodyLimit: bodyLimit)
    }

    static func head(length: Int) -> String {
        "POST /mutate HTTP/1.1\r\nHost: x\r\nContent-Length: \(length)\r\n\r\n"
    }

    static func answer(_ body: Data = review) throws -> String {
        let handler = AdmissionReviewHandler(mutator: FirstInitContainerMutator(), policy: AdmissionPolicy(mode: .fixed(.native)))
        guard case .review(let json, _, _) = handler.handle(body: body) else {
            throw HarnessError(description: "fixture not handled")
        }
        return HTTPText.response("200 OK", contentType: "application/json", body: String(decoding: json, as: UTF8.self))
    }

    @Test func aBodyWaitsForTheBudgetAndIsAnsweredOnceItIsGivenBack() throws {
        // Room for exactly one review at a time.
        let budgets = WebhookHTTPHandler.Budgets(bodyLimit: Self.review.count, bodyBudget: Self.review.count)
        let routes = Self.routes(bodyLimit: Self.review.count)
        let first = try Connection(routes, budgets)
        let second = try Connection(routes, budgets)
        let half = Self.review.count / 2

        try first.send(Self.head(length: Self.review.count))
        try first.send(Self.review.prefix(half))
        try second.send(Self.head(length: Self.review.count))
        try second.send(Self.review)
        #expect(budgets.bodies.available == 0)
        #expect(budgets.bodies.waiting == 1)
        #expect(try second.received() == "")
        // What /metrics says of it.
        let metrics = WebhookMetrics()
        metrics.watch(budgets)
        #expect(Self.gauges(metrics) == Self.gauges(connections: 0, budget: Self.review.count, inUse: Self.review.count, waiting: 1))

        try first.send(Self.review.dropFirst(half))
        #expect(try first.received() == Self.answer())
        #expect(try second.received() == "")  // woken on its own event loop
        second.runLoop()
        #expect(try second.received() == Self.answer())
        #expect(budgets.bodies.available == budgets.bodies.capacity)
        #expect(Self.gauges(metrics) == Self.gauges(connections: 0, budget: Self.review.count, inUse: 0, waiting: 0))
    }

    /// The gauges at the end of `/metrics`.
    static func gauges(_ metrics: WebhookMetrics) -> String {
        let text = metrics.render()
        return text.range(of: "# HELP tandem_webhook_open_connections").map { String(text[$0.lowerBound...]) } ?? text
    }

    static func gauges(connections: Int, budget: Int, inUse: Int, waiting: Int) -> String {
        """
        # HELP tandem_webhook_open_connections Connections open now (more wait in the accept backlog at the limit).
        # TYPE tandem_webhook_open_connections gauge
        tandem_webhook_open_connections \(connections)
        # HELP tandem_webhook_request_body_budget_bytes Request-body bytes the server may hold at once.
        # TYPE tandem_webhook_request_body_budget_bytes gauge
        tandem_webhook_request_body_budget_bytes \(budget)
        # HELP tandem_webhook_request_body_bytes_in_use Request-body bytes taken from that budget now.
        # TYPE tandem_webhook_request_body_bytes_in_use gauge
        tandem_webhook_request_body_bytes_in_use \(inUse)
        # HELP tandem_webhook_requests_waiting Requests whose connection is paused until their body's bytes are free.
        # TYPE tandem_webhook_requests_waiting gauge
        tandem_webhook_requests_waiting \(waiting)\n
        """
    }

    @Test func aConnectionEndingMidBodyOrWhileWaitingGivesEverythingBack() throws {
        let budgets = WebhookHTTPHandler.Budgets(bodyLimit: Self.review.count, bodyBudget: Self.review.count)
        let routes = Self.routes(bodyLimit: Self.review.count)
        let holder = try Connection(routes, budgets)
        let waiter = try Connection(routes, budgets)
        try holder.send(Self.head(length: Self.review.count) + "{")
        try waiter.send(Self.head(length: Self.review.count))
        #expect(budgets.bodies.waiting == 1)
        try waiter.close()
        #expect(budgets.bodies.waiting == 0)
        try holder.close()
        #expect(budgets.bodies.available == budgets.bodies.capacity)

        // Granted, but closed before its event loop ran the grant: the bytes come back all the same.
        let second = try Connection(routes, budgets)
        let granted = try Connection(routes, budgets)
        try second.send(Self.head(length: Self.review.count) + "{")
        try granted.send(Self.head(length: Self.review.count))
        try second.close()
        #expect(budgets.bodies.available == 0)
        try granted.close()
        granted.runLoop()
        #expect(budgets.bodies.available == budgets.bodies.capacity)

        let last = try Connection(routes, budgets)
        try last.send(Self.head(length: Self.review.count))
        try last.send(Self.review)
        #expect(try last.received() == Self.answer())
    }

    @Test func aChunkedBodyTakesTheWholeLimitAndGivesItBackOnA413() throws {
        let limit = Self.review.count
        let budgets = WebhookHTTPHandler.Budgets(bodyLimit: limit, bodyBudget: 2 * limit)
        let connection = try Connection(Self.routes(bodyLimit: limit), budgets)
        try connection.send("POST /mutate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(budgets.bodies.available == limit)
        let chunk = String(repeating: " ", count: limit + 1)
        try connection.send(String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n")
        #expect(try connection.received() == HTTPText.response("413 Payload Too Large", headers: ["Connection: close"],
                                                               body: "request body larger than \(limit) bytes\n"))
        #expect(budgets.bodies.available == budgets.bodies.capacity)
    }

    @Test func manyRequestsOnOneConnectionLeaveNoBytesTaken() throws {
        let budgets = WebhookHTTPHandler.Budgets(bodyLimit: Self.review.count, bodyBudget: Self.review.count)
        let connection = try Connection(Self.routes(bodyLimit: Self.review.count), budgets)
        var sent = ""
        var expected = ""
        for _ in 0..<50 {
            sent += Self.head(length: Self.review.count) + String(decoding: Self.review, as: UTF8.self)
            expected += try Self.answer()
            sent += Self.head(length: 4) + "nope"
            expected += HTTPText.response("400 Bad Request", body: "request body is not JSON\n")
            sent += "POST /mutate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
            expected += HTTPText.response("400 Bad Request",
                                          body: "expected apiVersion \"admission.k8s.io/v1\", kind \"AdmissionReview\"\n")
            sent += "POST /mutate HTTP/1.1\r\nHost: x\r\n\r\n"
            expected += HTTPText.response("400 Bad Request", body: "request body is not JSON\n")
            sent += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            expected += HTTPText.response("200 OK", body: "ok\n")
        }
        try connection.send(sent)
        #expect(try connection.received() == expected)
        #expect(budgets.bodies.available == budgets.bodies.capacity)
        #expect(budgets.admissions.available == budgets.admissions.capacity)
    }

    @Test func aLargeBodyIsAdmittedOnlyWithItsAdmissionBytes() throws {
        // The review padded past `largeBody` with whitespace (JSON allows it after the value).
        var large = Self.review
        large.append(contentsOf: [UInt8](repeating: 0x20, count: WebhookHTTPHandler.largeBody))
        let budgets = WebhookHTTPHandler.Budgets(bodyLimit: large.count, bodyBudget: 4 * large.count)
        let routes = Self.routes(bodyLimit: large.count)
        // Another event loop is building a large pod.
        let elsewhere = EmbeddedEventLoop()
        #expect(budgets.admissions.take(1, on: elsewhere, whenGranted: {}) == nil)

        let connection = try Connection(routes, budgets)
        try connection.send(Self.head(length: large.count))
        try connection.send(large)
        // Small bodies don't wait behind large ones.
        let small = try Connection(routes, budgets)
        try small.send(Self.head(length: Self.review.count))
        try small.send(Self.review)
        #expect(try small.received() == Self.answer())
        #expect(try connection.received() == "")
        #expect(budgets.bodies.available == budgets.bodies.capacity - large.count)

        budgets.admissions.giveBack(1)
        connection.runLoop()
        #expect(try connection.received() == Self.answer(large))
        #expect(budgets.bodies.available == budgets.bodies.capacity)
        #expect(budgets.admissions.available == budgets.admissions.capacity)
    }
}
