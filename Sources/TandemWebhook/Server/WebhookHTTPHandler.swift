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
final class WebhookHTTPHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Between requests.
        case idle
        /// A `/mutate` body is arriving.
        case collecting(HTTPRequestHead, ByteBuffer, since: NIODeadline)
        /// A request whose answer is already written: its body is dropped.
        case discarding(dropped: Int, closeAtEnd: Bool)
    }

    private let routes: WebhookRoutes
    private let deadline: RequestDeadlineHandler?
    private var state = State.idle
    private var quiescing = false
    /// A request began after quiescing did (its answer closes the connection).
    private var headSinceQuiescing = false
    /// Request parts read while the channel was not writable, to handle in order once it is.
    private var waiting = CircularBuffer<HTTPServerRequestPart>()
    /// A `read` held back until the channel is writable and `waiting` is empty.
    private var readHeldBack = false

    init(routes: WebhookRoutes, deadline: RequestDeadlineHandler? = nil) {
        self.routes = routes
        self.deadline = deadline
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if waiting.isEmpty && context.channel.isWritable {
            handle(part, context: context)
        } else {
            waiting.append(part)
        }
    }

    func read(context: ChannelHandlerContext) {
        if waiting.isEmpty && context.channel.isWritable {
            context.read()
        } else {
            readHeldBack = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        while context.channel.isWritable, let part = waiting.popFirst() {
            handle(part, context: context)
        }
        if readHeldBack && waiting.isEmpty && context.channel.isWritable {
            readHeldBack = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    private func handle(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let head):
            let start = NIODeadline.now()
            headSinceQuiescing = quiescing
            let path = head.uri.firstIndex(of: "?").map { String(head.uri[..<$0]) } ?? head.uri
            if let answer = routes.answer(method: head.method, path: path) {
                let keepAlive = write(answer, for: head, context: context)
                state = .discarding(dropped: 0, closeAtEnd: !keepAlive)
                return
            }
            let declared = head.headers.first(name: "content-length").flatMap(Int.init)
            if let declared, declared > routes.bodyLimit {
                write(routes.tooLarge(since: start), for: head, context: context, close: true)
                state = .discarding(dropped: 0, closeAtEnd: true)
                return
            }
            if head.version.minor >= 1, head.headers.contains(name: "expect"),
               head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                // The client waits for this before sending the body (curl does for bodies over 1 MiB, for a
                // second, then sends anyway).
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))),
                                      promise: nil)
            }
            state = .collecting(head, context.channel.allocator.buffer(capacity: declared ?? 4096), since: start)
        case .body(var part):
            switch state {
            case .collecting(let head, var body, let start):
                if body.readableBytes + part.readableBytes > routes.bodyLimit {
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
            case .idle:
                break
            }
        case .end:
            deadline?.requestEnded()
            switch state {
            case .collecting(let head, let body, let start):
                state = .idle
                write(routes.mutate(body: body, since: start), for: head, context: context)
            case .discarding(_, let closeAtEnd):
                state = .idle
                if closeAtEnd || quiescing { context.close(promise: nil) }
            case .idle:
                break
            }
        }
    }

    /// Writes `answer` with `Content-Length` (and `Connection: close` when the connection ends after it);
    /// returns whether the connection stays open.
    @discardableResult
    private func write(_ answer: WebhookRoutes.Answer, for head: HTTPRequestHead, context: ChannelHandlerContext,
                       close: Bool = false) -> Bool {
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
        if !keepAlive && !close {
            // A request that asked to close (or a shutdown): close once the answer is out. Answers that close
            // because of the body close when the body ends (see channelRead).
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
        return keepAlive
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is ChannelShouldQuiesceEvent:
            quiescing = true
            guard case .idle = state, waiting.isEmpty else { return }
            // A request may be in the socket already, unread — under load one usually is (8 connections busy
            // with /mutate at SIGTERM: all 8 lost theirs, the client got an EOF) — or on its way. Close after
            // 20 ms rather than now: the event loop reads the socket meanwhile, and such a request is answered,
            // with Connection: close.
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(20)) { [self] in
                if case .idle = state, waiting.isEmpty, !headSinceQuiescing { context.close(promise: nil) }
            }
        case is IdleStateHandler.IdleStateEvent:
            context.close(promise: nil)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // TLS failures, resets, malformed HTTP (NIOHTTP1 has answered 400 already): the connection is done.
        context.close(promise: nil)
    }
}
