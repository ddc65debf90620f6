import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 exchange, after TLS and NIOHTTP1's parser: collects a `/mutate` body up to the
/// limit and answers each request in order, on the connection's event loop (the admission work is pure and
/// bounded: tens of microseconds for a typical pod, a few milliseconds for a 3 MiB body). A body over the limit
/// is answered 413 at once with `Connection: close` (a client sending `Expect: 100-continue`, as curl does for
/// large bodies, then sends nothing more); what still arrives is read and dropped up to 4 × the limit, so the
/// client can read the answer before the connection closes. Quiescing (server shutdown) closes an idle
/// connection at once and a busy one after its answer; an idle timeout closes the connection.
///
/// Backpressure: while the channel is not writable (the client is not reading its answers), requests that
/// arrive wait in a queue unanswered and no more is read from the socket; they are answered when it drains.
/// Without this a client pipelining requests it never reads the answers to grew the server's memory without
/// bound (200,000 pipelined `GET /metrics`: 950 MB).
///
/// Memory across connections (``ByteBudget``): a `/mutate` body is only read once its bytes are taken from the
/// server's body budget — its declared `Content-Length`, or the whole body limit for a chunked one, taken at
/// once, so a connection never holds part of the budget while waiting for more. Until then the connection is
/// paused like an unwritable one: nothing more is read, and a client sending `Expect: 100-continue` gets its
/// `100 Continue` only then. The request deadline keeps counting, so a request that can't get its bytes in time
/// is closed like a slow one. Likewise a body over ``largeBody`` is admitted only once its length is taken from
/// the admission budget, which bounds the transient memory of building large pods (a pod outside the fast
/// path is built whole as `JSONValue`, 7–15 × the size of its text) however many event loops there are. Both
/// are given back when the answer is written, when a body turns out too large, and when the connection ends.
final class WebhookHTTPHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Between requests.
        case idle
        /// A `/mutate` head is in (with its `Content-Length`, if any); its body waits for its bytes of the body budget.
        case reserving(HTTPRequestHead, declared: Int?, since: NIODeadline)
        /// A `/mutate` body is arriving.
        case collecting(HTTPRequestHead, ByteBuffer, since: NIODeadline)
        /// A whole `/mutate` body waits for its length of the admission budget.
        case admitting(HTTPRequestHead, ByteBuffer, since: NIODeadline)
        /// A request whose answer is already written: its body is dropped.
        case discarding(dropped: Int, closeAtEnd: Bool)
    }

    /// Bodies up to this size are admitted without the admission budget: their builds are small (a typical pod
    /// is 2–20 KB), and they never wait behind a large one.
    static let largeBody = 64 * 1024

    private let routes: WebhookRoutes
    private let budgets: Budgets
    private let deadline: RequestDeadlineHandler?
    private var state = State.idle
    private var quiescing = false
    /// A request began after quiescing did (its answer closes the connection).
    private var headSinceQuiescing = false
    /// What the decoder passed on: a request part, or the request bytes it could not parse (the status to answer).
    private enum Inbound {
        case part(HTTPServerRequestPart)
        case malformed(HTTPResponseStatus)
    }

    /// Request parts (and a parse failure) read while the channel was not writable or a budget was awaited, to
    /// handle in order once it is.
    private var waiting = CircularBuffer<Inbound>()
    /// The decoder failed: nothing more is read, and what it read is answered (a 400 last) before the close.
    private var malformed = false
    /// A `read` held back until the channel is writable, no budget is awaited, and `waiting` is empty.
    private var readHeldBack = false
    /// Bytes of the body budget this connection holds, for the request being read or answered.
    private var bodyBytesHeld = 0
    /// The wait for budget in progress, if any: which budget, for how many bytes, its ticket, and its number
    /// (a grant for an earlier wait, withdrawn too late, is ignored).
    private var pendingGrant: (budget: ByteBudget, bytes: Int, ticket: ByteBudget.Ticket, number: Int)?
    private var grantsAwaited = 0

    /// The server's shared budgets (``ByteBudget``).
    struct Budgets: Sendable {
        /// Bytes of request bodies being read or answered at once.
        var bodies: ByteBudget
        /// Bytes of bodies over ``WebhookHTTPHandler/largeBody`` being admitted at once.
        var admissions: ByteBudget

        init(bodyLimit: Int, bodyBudget: Int) {
            bodies = ByteBudget(capacity: max(bodyBudget, bodyLimit))
            admissions = ByteBudget(capacity: bodyLimit)
        }
    }

    init(routes: WebhookRoutes, budgets: Budgets, deadline: RequestDeadlineHandler? = nil) {
        self.routes = routes
        self.budgets = budgets
        self.deadline = deadline
    }

    /// Whether request parts can be handled now rather than queued in `waiting`.
    private func proceeding(_ context: ChannelHandlerContext) -> Bool {
        pendingGrant == nil && context.channel.isWritable
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receive(.part(unwrapInboundIn(data)), context: context)
    }

    private func receive(_ inbound: Inbound, context: ChannelHandlerContext) {
        if waiting.isEmpty && proceeding(context) {
            handle(inbound, context: context)
        } else {
            waiting.append(inbound)
        }
    }

    func read(context: ChannelHandlerContext) {
        if waiting.isEmpty && proceeding(context) && !malformed {
            context.read()
        } else {
            readHeldBack = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        resume(context: context)
        context.fireChannelWritabilityChanged()
    }

    /// Handles what waited, and reads again, as far as the channel's writability and the budgets allow.
    private func resume(context: ChannelHandlerContext) {
        while proceeding(context), let inbound = waiting.popFirst() {
            handle(inbound, context: context)
        }
        if readHeldBack && waiting.isEmpty && proceeding(context) && !malformed {
            readHeldBack = false
            context.read()
        }
    }

    /// Takes `bytes` of `budget`, then runs `granted`: at once when they are free, else on this event loop once
    /// they are taken (unless the connection ended first), the connection paused meanwhile.
    private func take(_ bytes: Int, of budget: ByteBudget, context: ChannelHandlerContext,
                      then granted: @escaping (WebhookHTTPHandler, ChannelHandlerContext) -> Void) {
        if budget.takeIfFree(bytes) { return granted(self, context) }
        grantsAwaited += 1
        let number = grantsAwaited
        let handler = NIOLoopBound((self, context, granted), eventLoop: context.eventLoop)
        let ticket = budget.take(bytes, on: context.eventLoop) {
            let (connection, context, granted) = handler.value
            guard let pending = connection.pendingGrant, pending.number == number else { return }
            connection.pendingGrant = nil
            granted(connection, context)
            connection.resume(context: context)
        }
        guard let ticket else { return granted(self, context) }
        pendingGrant = (budget, bytes, ticket, number)
    }

    private func giveBackBody() {
        budgets.bodies.giveBack(bodyBytesHeld)
        bodyBytesHeld = 0
    }

    /// The connection is over: gives back all it holds or waits for.
    private func giveBackEverything() {
        if let pending = pendingGrant {
            pendingGrant = nil
            if !pending.budget.withdraw(pending.ticket) { pending.budget.giveBack(pending.bytes) }
        }
        giveBackBody()
        waiting.removeAll()
    }

    func channelInactive(context: ChannelHandlerContext) {
        giveBackEverything()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        giveBackEverything()
    }

    private func handle(_ inbound: Inbound, context: ChannelHandlerContext) {
        let part: HTTPServerRequestPart
        switch inbound {
        case .part(let received): part = received
        case .malformed(let status): return answerMalformed(status, context: context)
        }
        switch part {
        case .head(let head):
            let start = NIODeadline.now()
            headSinceQuiescing = quiescing
            let path = head.uri.firstIndex(of: "?").map { String(head.uri[..<$0]) } ?? head.uri
            let declared = head.headers.first(name: "content-length").flatMap(Int.init)
            let chunked = head.headers.contains(name: "transfer-encoding")
            // A client that asked `Expect: 100-continue` and gets its final answer instead sends no body (RFC 9110
            // §10.1.1), or sends it late: the connection can't be read on, and closes once the answer is out, as
            // Go's net/http does. (It waited for the body: a 413 held its connection for the request deadline,
            // and a body-less answer read the client's next request as the body.)
            let bodyNeverAskedFor = (chunked || (declared ?? 0) > 0) && Self.expectsContinue(head)
            if let answer = routes.answer(method: head.method, path: path) {
                let keepAlive = write(answer, for: head, context: context, close: bodyNeverAskedFor,
                                      closeWhenWritten: bodyNeverAskedFor)
                state = .discarding(dropped: 0, closeAtEnd: !keepAlive)
                return
            }
            if let declared, declared > routes.bodyLimit {
                write(routes.tooLarge(since: start), for: head, context: context, close: true,
                      closeWhenWritten: bodyNeverAskedFor)
                state = .discarding(dropped: 0, closeAtEnd: true)
                return
            }
            // A chunked body's length is known only at its end: it takes the most it may be.
            let bytes = chunked ? routes.bodyLimit : declared ?? 0
            state = .reserving(head, declared: declared, since: start)
            if bytes == 0 {
                startCollecting(holding: 0, context: context)
            } else {
                take(bytes, of: budgets.bodies, context: context) { $0.startCollecting(holding: bytes, context: $1) }
            }
        case .body(var part):
            switch state {
            case .collecting(let head, var body, let start):
                if body.readableBytes + part.readableBytes > routes.bodyLimit {
                    giveBackBody()
                    deadline?.watchProgress(false)
                    write(routes.tooLarge(since: start), for: head, context: context, close: true)
                    state = .discarding(dropped: body.readableBytes + part.readableBytes, closeAtEnd: true)
                    return
                }
                state = .idle  // drop the buffer's second reference so the write below doesn't copy it
                body.writeBuffer(&part)
                state = .collecting(head, body, since: start)
            case .discarding(let dropped, let closeAtEnd):
                let total = dropped + part.readableBytes
                if total > 4 * routes.bodyLimit {
                    context.close(promise: nil)
                }
                state = .discarding(dropped: total, closeAtEnd: closeAtEnd)
            case .idle, .reserving, .admitting:
                break
            }
        case .end:
            deadline?.requestEnded()
            switch state {
            case .collecting(let head, let body, let start):
                let bytes = body.readableBytes
                state = .admitting(head, body, since: start)
                if bytes <= Self.largeBody {
                    admit(context: context)
                } else {
                    take(bytes, of: budgets.admissions, context: context) { handler, context in
                        handler.admit(context: context)
                        handler.budgets.admissions.giveBack(bytes)
                    }
                }
            case .discarding(_, let closeAtEnd):
                state = .idle
                if closeAtEnd || quiescing { context.close(promise: nil) }
            case .idle, .reserving, .admitting:
                break
            }
        }
    }

    /// The body's bytes (`holding`) are taken: reads it.
    private func startCollecting(holding bytes: Int, context: ChannelHandlerContext) {
        bodyBytesHeld = bytes  // held whatever the state, so that it is given back
        guard case .reserving(let head, let declared, let start) = state else { return }
        // Held budget is a body that must keep coming (from now: a client that sent `Expect` waited for this).
        if bytes > 0 { deadline?.watchProgress(true) }
        if Self.expectsContinue(head) {
            // The client waits for this before sending the body (curl does for bodies over 1 MiB, for a
            // second, then sends anyway).
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))),
                                  promise: nil)
        }
        state = .collecting(head, context.channel.allocator.buffer(capacity: declared ?? 4096), since: start)
    }

    /// Whether the client waits for `100 Continue` before it sends the body (HTTP/1.0 clients never get one).
    static func expectsContinue(_ head: HTTPRequestHead) -> Bool {
        head.version.minor >= 1 && head.headers.contains(name: "expect")
            && head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" })
    }

    /// The whole body is in (and, if large, its admission bytes taken): answers it and gives its bytes back.
    private func admit(context: ChannelHandlerContext) {
        guard case .admitting(let head, let body, let start) = state else { return }
        state = .idle
        let answer = routes.mutate(body: body, since: start)
        giveBackBody()
        write(answer, for: head, context: context)
    }

    /// The decoder could not parse what came (after the requests before it, now answered): a 400 (431 for
    /// headers over NIOHTTP1's 80 KiB) like every other answer, with its `Date`, unless this request has its
    /// answer already; then the connection closes, as it would at that request's end. Go's net/http answers alike (its text
    /// is `400 Bad Request`).
    private func answerMalformed(_ status: HTTPResponseStatus, context: ChannelHandlerContext) {
        let head: HTTPRequestHead
        switch state {
        case .discarding:
            return context.close(promise: nil)
        case .reserving(let request, _, _), .collecting(let request, _, _), .admitting(let request, _, _):
            head = request
        case .idle:
            head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")
        }
        giveBackBody()
        deadline?.requestEnded()
        state = .discarding(dropped: 0, closeAtEnd: true)
        let text = status == .requestHeaderFieldsTooLarge ? "request header fields too large\n" : "malformed HTTP request\n"
        write(.text(status, text), for: head, context: context, close: true, closeWhenWritten: true)
    }

    /// Writes `answer` with `Content-Length` (and `Connection: close` when the connection ends after it);
    /// returns whether the connection stays open. With `close`, the connection is closed by the caller (when the
    /// request's body ends) or, with `closeWhenWritten`, once the answer is written.
    @discardableResult
    private func write(_ answer: WebhookRoutes.Answer, for head: HTTPRequestHead, context: ChannelHandlerContext,
                       close: Bool = false, closeWhenWritten: Bool = false) -> Bool {
        let keepAlive = head.isKeepAlive && !close && !quiescing
        var headers = HTTPHeaders()
        headers.reserveCapacity(5)
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: String(answer.body.readableBytes))
        headers.add(name: "Date", value: HTTPDate.now())
        if let allow = answer.allow { headers.add(name: "Allow", value: allow) }
        if !keepAlive {
            headers.add(name: "Connection", value: "close")
        } else if head.version.minor == 0 {
            // HTTP/1.0 closes unless the answer says otherwise.
            headers.add(name: "Connection", value: "keep-alive")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: answer.status,
                                                             headers: headers))), promise: nil)
        if head.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(answer.body))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive && (!close || closeWhenWritten) {
            // A request that asked to close (or a shutdown): close once the answer is out. Answers that close
            // because of the body close when the body ends (see channelRead).
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
        return keepAlive
    }

    /// Between requests: none being read, answered or waiting, and no bytes of the next one in.
    private var idle: Bool {
        guard case .idle = state, waiting.isEmpty else { return false }
        return !(deadline?.requestInProgress ?? false)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is ChannelShouldQuiesceEvent:
            quiescing = true
            guard idle else { return }
            // A request may be in the socket already, unread — under load one usually is (8 connections busy
            // with /mutate at SIGTERM: all 8 lost theirs, the client got an EOF) — or on its way. Close after
            // 20 ms rather than now: the event loop reads the socket meanwhile, and such a request is answered,
            // with Connection: close. A request begun (its first bytes in, or a new connection's handshake and
            // first request not over) is answered too, or cut off at its deadline.
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(20)) { [self] in
                if idle, !headSinceQuiescing { context.close(promise: nil) }
            }
        case is IdleStateHandler.IdleStateEvent:
            context.close(promise: nil)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case let parse as HTTPParserError where context.channel.isActive:  // (inactive: a request cut off by a close)
            guard !malformed else { return }
            malformed = true
            receive(.malformed(parse == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest), context: context)
        case is ByteToMessageDecoderError where malformed:
            break  // the decoder refusing bytes after its parse error: the 400 is on its way
        default:
            // TLS failures, resets: the connection is done.
            context.close(promise: nil)
        }
    }
}
