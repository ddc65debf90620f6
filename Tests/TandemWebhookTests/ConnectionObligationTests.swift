import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import TandemWebhook

/// What a connection owes and how long it may take, on `EmbeddedChannel`s whose event-loop clock the tests move
/// (``RequestDeadlineHandler``, ``WebhookHTTPHandler``): answers a client doesn't read, a body that stops coming
/// while it holds budget, malformed HTTP after pipelined requests, and requests under way when the server
/// begins to stop. No wall clock: each step is a virtual instant.
struct ConnectionObligationTests {
    typealias Connection = WebhookHTTPHandlerTests.Connection
    static let review = WebhookHTTPHandlerTests.review
    static let ok = HTTPText.response("200 OK", body: "ok\n")
    static let okClosing = HTTPText.response("200 OK", headers: ["Connection: close"], body: "ok\n")
    static let healthz = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"

    static func deadline() -> RequestDeadlineHandler {
        RequestDeadlineHandler(timeout: .seconds(10), stallTimeout: .seconds(2))
    }

    static func connection(budgets: WebhookHTTPHandler.Budgets? = nil,
                           deadline: RequestDeadlineHandler? = deadline()) throws -> Connection {
        try Connection(WebhookHTTPHandlerTests.routes(bodyLimit: review.count),
                       budgets ?? WebhookHTTPHandler.Budgets(bodyLimit: review.count, bodyBudget: 4 * review.count),
                       deadline: deadline)
    }

    /// A client pipelining requests and reading none of the answers is closed once its channel has stayed
    /// unwritable for the request deadline; one that reads, however late within it, is served. Before, nothing
    /// bounded it but the 90 s idle timeout.
    @Test func aClientThatReadsNoAnswersIsClosedAtTheRequestDeadline() throws {
        let connection = try Self.connection()
        try connection.send(Self.healthz)
        #expect(try connection.received() == Self.ok)

        connection.reading(false)
        try connection.send(Self.healthz + Self.healthz)
        #expect(try connection.received() == "")
        connection.advance(.milliseconds(9_999))
        #expect(connection.isOpen)
        connection.reading(true)
        #expect(try connection.received() == Self.ok + Self.ok)

        connection.reading(false)
        try connection.send(Self.healthz)
        connection.advance(.milliseconds(9_999))
        #expect(connection.isOpen)
        connection.advance(.milliseconds(1))
        #expect(!connection.isOpen)
        #expect(try connection.received() == "")
    }

    /// A body holding budget whose bytes stop for the stall timeout is closed then, not at the 10 s request
    /// deadline, and the request waiting for those bytes is served; bytes that keep coming keep it open.
    /// Waiting is no stall: a head without a body, and a whole body waiting for the admission budget, are held
    /// to the request deadline alone.
    @Test func aStalledBodyHoldingBudgetIsClosedAtTheStallTimeout() throws {
        let budgets = WebhookHTTPHandler.Budgets(bodyLimit: Self.review.count, bodyBudget: Self.review.count)
        let stalled = try Self.connection(budgets: budgets)
        let waiter = try Self.connection(budgets: budgets, deadline: nil)
        try stalled.send(WebhookHTTPHandlerTests.head(length: Self.review.count))
        try stalled.send(Self.review.prefix(100))
        try waiter.send(WebhookHTTPHandlerTests.head(length: Self.review.count))
        try waiter.send(Self.review)
        #expect(budgets.bodies.waiting == 1)

        stalled.advance(.milliseconds(1_999))
        try stalled.send(Self.review.dropFirst(100).prefix(100))
        stalled.advance(.milliseconds(1_999))
        #expect(stalled.isOpen)
        stalled.advance(.milliseconds(1))
        #expect(!stalled.isOpen)
        #expect(try stalled.received() == "")
        waiter.runLoop()
        #expect(try waiter.received() == WebhookHTTPHandlerTests.answer())
        #expect(budgets.bodies.available == budgets.bodies.capacity)

        // A head sent slowly holds no budget: only the request deadline.
        let slowHead = try Self.connection(budgets: budgets)
        try slowHead.send("GET /healthz HTTP/1.1\r\n")
        slowHead.advance(.milliseconds(9_999))
        #expect(slowHead.isOpen)
        slowHead.advance(.milliseconds(1))
        #expect(!slowHead.isOpen)

        // A whole large body waiting for the admission budget: waiting on the server, not stalled.
        var large = Self.review
        large.append(contentsOf: [UInt8](repeating: 0x20, count: WebhookHTTPHandler.largeBody))
        let largeBudgets = WebhookHTTPHandler.Budgets(bodyLimit: large.count, bodyBudget: 2 * large.count)
        #expect(largeBudgets.admissions.take(1, on: EmbeddedEventLoop(), whenGranted: {}) == nil)
        let admitting = try Connection(WebhookHTTPHandlerTests.routes(bodyLimit: large.count), largeBudgets,
                                       deadline: Self.deadline())
        try admitting.send(WebhookHTTPHandlerTests.head(length: large.count))
        try admitting.send(large)
        admitting.advance(.seconds(5))
        #expect(admitting.isOpen)
        largeBudgets.admissions.giveBack(1)
        admitting.runLoop()
        #expect(try admitting.received() == WebhookHTTPHandlerTests.answer(large))
    }

    /// Malformed HTTP is answered like everything else (with `Date`, `Content-Type`, a body), after the answers
    /// to the requests before it — which wait while the client doesn't read: NIOHTTP1's own 400 was written at
    /// once, ahead of them, and the close dropped them. Headers past NIOHTTP1's 80 KiB get 431; a broken chunk
    /// in a body holding budget gives the budget back.
    @Test func malformedHTTPIsAnsweredAfterTheAnswersBeforeIt() throws {
        let badRequest = HTTPText.response("400 Bad Request", headers: ["Connection: close"], body: "malformed HTTP request\n")
        let pipelined = try Self.connection()
        pipelined.reading(false)
        try pipelined.send(Self.healthz + Self.healthz + "GARBAGE\r\n\r\n")
        #expect(try pipelined.received() == "")
        pipelined.reading(true)
        #expect(try pipelined.received() == Self.ok + Self.ok + badRequest)
        #expect(!pipelined.isOpen)

        let budgets = WebhookHTTPHandler.Budgets(bodyLimit: Self.review.count, bodyBudget: Self.review.count)
        let chunked = try Self.connection(budgets: budgets)
        try chunked.send("POST /mutate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\nZZ\r\n")
        #expect(try chunked.received() == badRequest)
        #expect(!chunked.isOpen)
        #expect(budgets.bodies.available == budgets.bodies.capacity)

        let huge = try Self.connection()
        try huge.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + String(repeating: "a", count: 100_000) + "\r\n\r\n")
        #expect(try huge.received() == HTTPText.response("431 Request Header Fields Too Large", headers: ["Connection: close"],
                                                          body: "request header fields too large\n"))
        #expect(!huge.isOpen)
    }

    /// When the server begins to stop, a request under way is answered (with `Connection: close`) and the
    /// connection then closed: one whose head is half in, and a new connection that has not sent its first
    /// request yet (its TLS handshake under way). Before, both counted as idle and were closed 20 ms later, so
    /// a client that had connected, or begun its request, lost it. An idle keep-alive connection still closes
    /// after those 20 ms.
    @Test func quiescingAnswersRequestsUnderWayAndClosesIdleConnections() throws {
        let begun = try Self.connection()
        try begun.send(Self.healthz)
        #expect(try begun.received() == Self.ok)
        try begun.send("GET /healthz HTTP/1.1\r\nHo")
        begun.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        begun.advance(.milliseconds(500))
        #expect(begun.isOpen)
        try begun.send("st: x\r\n\r\n")
        #expect(try begun.received() == Self.okClosing)
        #expect(!begun.isOpen)

        let fresh = try Self.connection()
        fresh.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        fresh.advance(.milliseconds(500))
        #expect(fresh.isOpen)
        try fresh.send(Self.healthz)
        #expect(try fresh.received() == Self.okClosing)
        #expect(!fresh.isOpen)

        // Never sending it: closed at the request deadline, counted from the accept.
        let silent = try Self.connection()
        silent.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        silent.advance(.milliseconds(9_999))
        #expect(silent.isOpen)
        silent.advance(.milliseconds(1))
        #expect(!silent.isOpen)

        let idle = try Self.connection()
        try idle.send(Self.healthz)
        #expect(try idle.received() == Self.ok)
        idle.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        idle.advance(.milliseconds(19))
        #expect(idle.isOpen)
        idle.advance(.milliseconds(1))
        #expect(!idle.isOpen)
    }

    /// A client that sent `Expect: 100-continue` and got a final answer instead sends no body (RFC 9110
    /// §10.1.1), so the connection closes once the answer is out (Go's net/http does the same). Before, a 413
    /// held it until the request deadline waiting for the body, and a 200 kept it open with the declared body
    /// still to read — the client's next request would have been read as that body.
    @Test func aFinalAnswerInsteadOf100ContinueClosesTheConnection() throws {
        let tooLarge = try Self.connection()
        try tooLarge.send("POST /mutate HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 99999999\r\n\r\n")
        #expect(try tooLarge.received() == HTTPText.response(
            "413 Payload Too Large", headers: ["Connection: close"], body: "request body larger than \(Self.review.count) bytes\n"))
        #expect(!tooLarge.isOpen)

        let answered = try Self.connection()
        try answered.send("GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        #expect(try answered.received() == Self.okClosing)
        #expect(!answered.isOpen)

        // Without the expectation the body comes, is dropped, and the connection goes on; so it does for a
        // request that expects but has no body.
        let plain = try Self.connection()
        try plain.send("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + Self.healthz)
        try plain.send("GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n")
        #expect(try plain.received() == Self.ok + Self.ok + Self.ok)
        #expect(plain.isOpen)
    }
}
