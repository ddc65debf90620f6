import Dispatch
import Foundation
import Logging
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// `tandem webhook`'s HTTPS server: `POST /mutate` for AdmissionReviews, `GET /healthz`, `/readyz`, `/metrics`.
/// A swift-nio channel pipeline per connection — NIOSSL's server handler, NIOHTTP1's parser and encoder, an idle
/// timeout, a deadline for each request (``RequestDeadlineHandler``), and
/// ``WebhookHTTPHandler``, which answers each request synchronously on the connection's event loop. The
/// certificate is re-read per handshake by ``CertificateReloader``; SIGTERM/SIGINT (or cancelling the task)
/// stop accepting, let in-flight requests finish and close idle connections (NIOExtras'
/// `ServerQuiescingHelper`), then `run` returns.
///
/// Memory is bounded in total, not only per request, as the kube-apiserver bounds itself with
/// `--max-requests-inflight` — but by making the excess wait, not by failing it (the API server answers 429;
/// a failed call here would admit the pod without its sidecar under `failurePolicy: Ignore`): at most ``defaultConnectionLimit`` connections are
/// accepted (``ConnectionLimitHandler``; the rest wait in the backlog), request bodies read or answered at once
/// share a budget of ``bodiesInFlight`` bodies of the limit, and bodies over 64 KiB are admitted within a budget
/// of one body of the limit (``ByteBudget``, ``WebhookHTTPHandler``); a connection that must wait is not read
/// from. Each connection reads one socket buffer (≤ 64 KiB) per event-loop turn, which bounds what a paused
/// connection has already read.
///
/// Hummingbird served this before; per request its async layers (an `NIOAsyncChannel` per connection, a task
/// switch per read and write, the router and response types) cost 0.15 ms of CPU before our handler ran — about
/// two thirds of the whole — and the tail latency on 2 shared cores followed from that (bench/README.md has the
/// figures). The protocol half (``AdmissionReviewHandler``) knows nothing of either stack.
public struct WebhookServer: Sendable {
    /// The API server sends at most 3 MiB (its own request limit); more is not an AdmissionReview we want.
    public static let defaultBodyLimit = 3 * 1024 * 1024
    /// A connection with no bytes in either direction for this long is closed (the API server keeps its own
    /// idle connections for 90 s as well).
    public static let idleTimeout = TimeAmount.seconds(90)
    /// The most a connection may take from being accepted to the end of its first request, and each later
    /// request from its first byte to its last (``RequestDeadlineHandler``). The API server gives a webhook
    /// 10 s by default (`timeoutSeconds`, at most 30) for the whole call; a review it sends arrives in
    /// milliseconds.
    public static let defaultRequestTimeout = TimeAmount.seconds(10)
    /// The longest pause allowed between the bytes of a body that holds part of the body budget
    /// (``RequestDeadlineHandler``): the API server writes a review's body straight after its head, so a pause
    /// this long is a client gone (or hostile) while other requests may wait for those bytes; TCP's own
    /// retransmissions of a lost segment take 0.2–1.4 s over three tries.
    public static let bodyStallTimeout = TimeAmount.seconds(2)
    /// How long SIGTERM leaves the server serving, `/readyz` failing, before it stops (`--shutdown-delay-seconds`).
    /// The kubelet sends SIGTERM as the pod's endpoint is being removed, and for a moment after that the API
    /// servers (through the Service) still open connections to it: with the listening socket closed at once,
    /// each was refused, and a refused admission call admits the pod without its sidecar under
    /// `failurePolicy: Ignore` (client-go retries no refused POST). The kube-apiserver's own
    /// `--shutdown-delay-duration` does the same. SIGINT, a second SIGTERM and cancellation stop at once.
    public let shutdownDelay: TimeAmount
    /// The bodies read or answered at once, in bodies of the limit: 16 × 3 MiB = 48 MiB by default (``ByteBudget``).
    /// Two event loops answer a 3 MiB body in 20–200 ms, so 16 keep them busy while more arrive; with the
    /// large-admission budget (one maximal body built at a time, 25–50 MB) and ~30 MB idle that stays far below
    /// the example Deployment's 256 Mi limit.
    public static let bodiesInFlight = 16
    /// Open connections at most; more wait in the kernel's accept backlog (``ConnectionLimitHandler``). The
    /// API servers keep a few dozen keep-alive connections to a webhook each; 1,024 is many times what a
    /// cluster's control plane opens, and at 28–50 KiB each (TLS buffers) costs at most ~50 MB.
    public static let defaultConnectionLimit = 1024

    public let handler: AdmissionReviewHandler
    public let certificates: CertificateReloader
    public let metrics: WebhookMetrics
    public let host: String
    public let port: Int
    public let bodyLimit: Int
    public let requestTimeout: TimeAmount
    /// Bytes of request bodies read or answered at once across all connections (``ByteBudget``).
    public let bodyBudget: Int
    public let connectionLimit: Int
    /// The event loops serving; tests give their own (one thread, to order events deterministically).
    public let group: any EventLoopGroup
    public let logger: Logger

    public init(handler: AdmissionReviewHandler, certificates: CertificateReloader, metrics: WebhookMetrics,
                host: String, port: Int, bodyLimit: Int = defaultBodyLimit,
                requestTimeout: TimeAmount = defaultRequestTimeout, bodyBudget: Int? = nil,
                connectionLimit: Int = defaultConnectionLimit, shutdownDelay: TimeAmount = .zero,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.handler = handler
        self.certificates = certificates
        self.metrics = metrics
        self.host = host
        self.port = port
        self.bodyLimit = bodyLimit
        self.requestTimeout = requestTimeout
        // Never less than one body of the limit, so every body can be read.
        self.bodyBudget = max(bodyBudget ?? bodyLimit.multipliedReportingOverflow(by: Self.bodiesInFlight).partialValue,
                              bodyLimit)
        self.connectionLimit = max(connectionLimit, 1)
        self.shutdownDelay = shutdownDelay
        self.group = group
        self.logger = logger
    }

    /// Serves until SIGTERM/SIGINT (when `handlesSignals`) or until the task is cancelled; `onListening` gets
    /// the bound address (`127.0.0.1:8443`) once the server accepts connections. Throws when the address can't
    /// be bound or the TLS context can't be made.
    public func run(handlesSignals: Bool = true, onListening: @escaping @Sendable (String) -> Void) async throws {
        let sslContext = try NIOSSLContext(configuration: certificates.serverConfiguration())
        let quiesce = ServerQuiescingHelper(group: group)
        let routes = WebhookRoutes(handler: handler, metrics: metrics, bodyLimit: bodyLimit)
        let stopping = routes.stopping
        let budgets = WebhookHTTPHandler.Budgets(bodyLimit: bodyLimit, bodyBudget: bodyBudget)
        metrics.watch(budgets)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // One accept per read, so that the connection limit is exact (NIO accepts up to 4 per read before a
            // handler can stop it); an accept per event-loop turn is no cost to a server whose clients keep
            // their connections.
            .serverChannelOption(.maxMessagesPerRead, value: 1)
            .serverChannelInitializer { [connectionLimit, metrics] channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(quiesce.makeServerChannelHandler(channel: channel))
                    try pipeline.addHandler(ConnectionLimitHandler(limit: connectionLimit, metrics: metrics))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // One socket read (at most 64 KiB) per turn rather than NIO's 4: what a connection paused for the
            // body budget has read already waits decrypted in memory (100 connections, 84 of them waiting: 170 KiB
            // each with 4, 66 KiB with 1).
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelInitializer { [requestTimeout] channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    let deadline = RequestDeadlineHandler(timeout: requestTimeout, stallTimeout: Self.bodyStallTimeout)
                    try pipeline.addHandler(IdleStateHandler(allTimeout: Self.idleTimeout))
                    try pipeline.addHandler(NIOSSLServerHandler(context: sslContext))
                    try pipeline.addHandler(deadline)
                    try Self.addHTTPHandlers(to: pipeline, routes: routes, budgets: budgets, deadline: deadline)
                }
            }
        let serverChannel: any Channel
        do {
            serverChannel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw ListenError(authority: Self.authority(host: host, port: port), host: host, underlying: error)
        }
        onListening(Self.authority(host: host, port: serverChannel.localAddress?.port ?? port))

        let stop = ShutdownOnce(quiesce: quiesce, promise: group.next().makePromise(of: Void.self), logger: logger)
        let delay = shutdownDelay
        let logger = logger
        let signals = handlesSignals ? Self.watch([SIGTERM, SIGINT]) { number in
            let name = number == SIGTERM ? "SIGTERM" : "SIGINT"
            // The first SIGTERM, with a delay: fail /readyz, serve on, stop when it is over (or at the next signal).
            if number == SIGTERM, delay > .zero, !stopping.isSet {
                stopping.set()
                logger.info("\(name): /readyz fails from now; serving for \(delay.nanoseconds / 1_000_000_000) s, then stopping (another SIGTERM or a SIGINT stops at once)")
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(delay.nanoseconds))) {
                    stop.begin(reason: "shutdown delay over")
                }
            } else {
                stop.begin(reason: name)
            }
        } : []
        defer { signals.forEach { $0.cancel() } }
        try await withTaskCancellationHandler {
            try await stop.finished.get()
        } onCancel: {
            stop.begin(reason: "cancelled")
        }
        logger.info("stopped")
    }

    /// NIOHTTP1's parser and encoder and ``WebhookHTTPHandler``: a connection's HTTP, after TLS and the deadline
    /// (tests build the same on an `EmbeddedChannel`).
    static func addHTTPHandlers(to pipeline: ChannelPipeline.SynchronousOperations, routes: WebhookRoutes,
                                budgets: WebhookHTTPHandler.Budgets, deadline: RequestDeadlineHandler?) throws {
        // Every response header is written by WebhookHTTPHandler from constants and numbers, none from a request,
        // so NIO's outbound header validation (a scan of every header per response, ~5 % of the server's CPU per
        // admission) has nothing to catch. Malformed HTTP is answered by WebhookHTTPHandler: NIOHTTP1's own 400
        // had no `Date`, and jumped ahead of answers not yet written (then the close dropped them).
        try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false,
                                                 withOutboundHeaderValidation: false)
        try pipeline.addHandler(WebhookHTTPHandler(routes: routes, budgets: budgets, deadline: deadline))
    }

    private static let signalQueue = DispatchQueue(label: "tandem.webhook.signals")

    /// `host:port` as a URL's authority: an IPv6 literal in brackets (`[::1]:8443`, RFC 3986 §3.2.2).
    static func authority(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Dispatch signal sources (on Dispatch's own threads, never an event loop) for `signals`, which are
    /// ignored by their default disposition from now on.
    private static func watch(_ signals: [Int32], then action: @escaping @Sendable (Int32) -> Void) -> [any DispatchSourceSignal] {
        signals.map { number in
            signal(number, SIG_IGN)
            // One serial queue for all: the signals are handled in the order they came.
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler { action(number) }
            source.resume()
            return source
        }
    }
}

/// Starts the quiescing shutdown once, however many signals and cancellations ask for it.
private final class ShutdownOnce: Sendable {
    private let quiesce: ServerQuiescingHelper
    private let promise: EventLoopPromise<Void>
    private let started = Mutex(false)
    private let logger: Logger

    /// Succeeds when the listening socket is closed and every connection has ended.
    var finished: EventLoopFuture<Void> { promise.futureResult }

    init(quiesce: ServerQuiescingHelper, promise: EventLoopPromise<Void>, logger: Logger) {
        self.quiesce = quiesce
        self.promise = promise
        self.logger = logger
    }

    /// `reason` goes to the log: `SIGTERM`, `SIGINT`, `shutdown delay over`, `cancelled`.
    func begin(reason: String) {
        let first = started.withLock { started in
            defer { started = true }
            return !started
        }
        if first {
            logger.info("\(reason): stopping: no new connections, answering the requests under way")
            quiesce.initiateShutdown(promise: promise)
        }
    }
}
