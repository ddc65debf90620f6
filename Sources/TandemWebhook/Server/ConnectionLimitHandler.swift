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
    /// The count of accepted connections not yet closed: the `/metrics` gauge is the count the limit is kept by,
    /// changed only on the listening channel's event loop (there was a count here beside it, kept in step by hand).
    private let metrics: WebhookMetrics
    /// A `read` held back until a connection closes.
    private var readHeldBack = false

    init(limit: Int, metrics: WebhookMetrics) {
        self.limit = limit
        self.metrics = metrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let connection = unwrapInboundIn(data)
        metrics.connectionOpened()
        let handler = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        // Connections live on any event loop; the count and the read belong to the listening channel's.
        connection.closeFuture.hop(to: context.eventLoop).whenComplete { _ in
            let (limiter, context) = handler.value
            let open = limiter.metrics.connectionClosed()
            if limiter.readHeldBack && open < limiter.limit {
                limiter.readHeldBack = false
                context.read()
            }
        }
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        if metrics.openConnections < limit {
            context.read()
        } else {
            readHeldBack = true
        }
    }
}
