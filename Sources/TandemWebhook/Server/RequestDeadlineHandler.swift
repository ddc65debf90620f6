import NIOCore
import NIOSSL

/// Bounds how long a connection may take to send what it owes: from accepting it to the end of its first request
/// (the TLS handshake included), and each later request from its first byte to its last. Past the deadline the
/// connection is closed. Time between requests is not counted (the idle timeout covers it). It sits after TLS,
/// so it sees request bytes; ``WebhookHTTPHandler`` tells it when a request's last byte is in.
///
/// Without it a client sending a byte now and then (slowloris: a header line every 80 s, a body that never
/// ends, a handshake never finished) kept its connection, and its file descriptor and some 50 KB, for ever, as
/// the idle timeout counts any byte as activity; and a request stalled mid-body held up graceful shutdown as
/// long as the client liked, as quiescing waits for requests in progress.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    /// When the request now arriving (or the connection, before its first request ends) began; nil between requests.
    private var started: NIODeadline?
    /// One timer per connection, not per request: it fires at the current request's deadline or later, and
    /// re-arms for the deadline of whatever request is then in progress (arming and cancelling a timer for
    /// every request cost ~4 % of the server's CPU per admission).
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        started = .now()
        arm()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if started == nil {
            started = .now()
            if timer == nil { arm() }
        }
        context.fireChannelRead(data)
    }

    /// The current request's last byte is in: the clock stops until the next request's first byte.
    func requestEnded() {
        started = nil
    }

    private func arm() {
        guard let context, let started else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: started + timeout) { [weak self] in
            guard let self, let context = self.context else { return }
            self.timer = nil
            guard let started = self.started else { return }  // between requests: the next one arms it again
            guard NIODeadline.now() >= started + self.timeout else { return self.arm() }
            // Closed beneath TLS: a client this late gets no close_notify, and the server doesn't wait (NIOSSL's
            // 5 s) for one back.
            let tls = try? context.pipeline.syncOperations.context(handlerType: NIOSSLServerHandler.self)
            (tls ?? context).close(promise: nil)
        }
    }
}
