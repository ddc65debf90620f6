import NIOCore
import NIOSSL

/// Bounds how long a connection may take to do what it owes, and closes it past that: to send a request — from
/// accepting it to the end of its first request (the TLS handshake included), and each later request from its
/// first byte to its last — and to take its answers: a channel that stays unwritable (the client reads none of
/// what is written) for as long. While a body that holds part of the server's body budget is read, its bytes
/// must also keep coming: a pause of the stall timeout between them is the end. Time between requests is not
/// counted (the idle timeout covers it). It sits after TLS, so it sees request bytes; ``WebhookHTTPHandler``
/// tells it when a request's last byte is in and when a body holds budget.
///
/// Without it a client sending a byte now and then (slowloris: a header line every 80 s, a body that never
/// ends, a handshake never finished) kept its connection, and its file descriptor and some 50 KB, for ever, as
/// the idle timeout counts any byte as activity; a request stalled mid-body held up graceful shutdown as long
/// as the client liked, as quiescing waits for requests in progress; a client pipelining requests and reading
/// none of the answers kept its connection (and the answers queued for it) for the 90 s idle timeout; and a
/// client that declared a 3 MiB body and sent none of it held that much of the shared body budget (and other
/// connections' requests waiting for it) for the whole request deadline.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let stallTimeout: TimeAmount
    /// When the request now arriving (or the connection, before its first request ends) began; nil between requests.
    private var started: NIODeadline?
    /// Since when the channel has been unwritable; nil while it is writable.
    private var unwritableSince: NIODeadline?
    /// While a body holding budget is read: when its last bytes came (or its reading began); nil otherwise.
    private var lastProgress: NIODeadline?
    /// One timer per connection, not per request: it fires at the earliest deadline now running or later, and
    /// re-arms for whatever deadline is then running (arming and cancelling a timer for every request cost ~4 %
    /// of the server's CPU per admission).
    private var timer: Scheduled<Void>?
    /// When `timer` fires.
    private var timerDeadline: NIODeadline?
    private var context: ChannelHandlerContext?

    init(timeout: TimeAmount, stallTimeout: TimeAmount? = nil) {
        self.timeout = timeout
        self.stallTimeout = min(stallTimeout ?? timeout, timeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        started = context.eventLoop.now
        if !context.channel.isWritable { unwritableSince = started }
        rearmIfSooner()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if started == nil {
            started = context.eventLoop.now
            if timer == nil { rearmIfSooner() }
        }
        if lastProgress != nil { lastProgress = context.eventLoop.now }  // later: the timer re-arms when it fires
        context.fireChannelRead(data)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            unwritableSince = nil
        } else if unwritableSince == nil {
            unwritableSince = context.eventLoop.now
            rearmIfSooner()
        }
        context.fireChannelWritabilityChanged()
    }

    /// Whether a request is under way: its first bytes are in but not its last, or the connection has not ended
    /// its first request (or TLS handshake) yet.
    var requestInProgress: Bool { started != nil }

    /// The current request's last byte is in: the clock stops until the next request's first byte.
    func requestEnded() {
        started = nil
        lastProgress = nil
    }

    /// A body holding budget begins to be read (`true`: its bytes must keep coming), or no longer holds it.
    func watchProgress(_ watching: Bool) {
        if watching {
            lastProgress = context?.eventLoop.now
            rearmIfSooner()
        } else {
            lastProgress = nil
        }
    }

    /// The earliest deadline running now, if any.
    private var deadline: NIODeadline? {
        var earliest = started.map { $0 + timeout }
        for candidate in [unwritableSince.map { $0 + timeout }, lastProgress.map { $0 + stallTimeout }] {
            if let candidate, earliest.map({ candidate < $0 }) ?? true { earliest = candidate }
        }
        return earliest
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
    }

    /// Arms the timer for the earliest deadline, unless it is armed for that or an earlier one already.
    private func rearmIfSooner() {
        guard let context, let deadline else { return }
        if let timerDeadline, timerDeadline <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            guard let self, let context = self.context else { return }
            self.timer = nil
            self.timerDeadline = nil
            guard let deadline = self.deadline else { return }  // nothing owed: what comes next arms it again
            guard context.eventLoop.now >= deadline else { return self.rearmIfSooner() }
            // Closed beneath TLS: a client this late gets no close_notify, and the server doesn't wait (NIOSSL's
            // 5 s) for one back.
            let tls = try? context.pipeline.syncOperations.context(handlerType: NIOSSLServerHandler.self)
            (tls ?? context).close(promise: nil)
        }
    }
}
