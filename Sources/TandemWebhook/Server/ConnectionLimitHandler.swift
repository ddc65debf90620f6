import NIOCore

/// On the listening channel: stops accepting connections while `limit` are open, and accepts again when one
/// closes. Each TLS connection costs 28–50 KiB however idle, so without a cap 10,000 handshaken idle ones held
/// ~500 MB; the request deadline and idle timeout only shorten how long each one stays.
///
/// It holds back the listening channel's `read` (NIO's own `AcceptBackoffHandler` does the same after `EMFILE`)
/// rather than accepting and closing: connections beyond the limit wait in the kernel's accept backlog, the
/// client's handshake simply takes longer, and they are served in turn — a refused or reset connection would be
/// a failed admission call. The server accepts one connection per read (`maxMessagesPerRead` 1) so the limit
/// is exact.
final class ConnectionLimitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel
    typealias OutboundIn = NIOAny

    let limit: Int
    /// Accepted connections not yet closed.
    private(set) var open = 0
    /// A `read` held back until a connection closes.
    private var readHeldBack = false
    private let metrics: WebhookMetrics?

    init(limit: Int, metrics: WebhookMetrics? = nil) {
        self.limit = limit
        self.metrics = metrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let connection = unwrapInboundIn(data)
        open += 1
        metrics?.connectionOpened()
        let handler = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        // Connections live on any event loop; the count and the read belong to the listening channel's.
        connection.closeFuture.hop(to: context.eventLoop).whenComplete { _ in
            let (limiter, context) = handler.value
            limiter.open -= 1
            limiter.metrics?.connectionClosed()
            if limiter.readHeldBack && limiter.open < limiter.limit {
                limiter.readHeldBack = false
                context.read()
            }
        }
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        if open < limit {
            context.read()
        } else {
            readHeldBack = true
        }
    }
}
