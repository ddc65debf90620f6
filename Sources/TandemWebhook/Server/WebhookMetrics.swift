import Synchronization

/// The webhook's Prometheus series, rendered in the text exposition format (version 0.0.4): counters of
/// requests, injections, errors and certificate reloads, the admission latency histogram, and gauges of what the
/// server holds now (open connections, request-body bytes taken from the budget, requests waiting for it).
/// Hand-written rather than swift-prometheus: five fixed series under one lock are a page of code, and the
/// extra packages (swift-metrics, swift-prometheus) would only add build time to the webhook.
public final class WebhookMetrics: Sendable {
    /// Upper bounds in seconds, as the API server's own webhook latency histogram uses around 5 ms.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]

    private struct State {
        var requests: [AdmissionOutcome: Int] = [:]
        var injections: [SidecarMode: Int] = [:]
        var bucketCounts = [Int](repeating: 0, count: WebhookMetrics.latencyBuckets.count)
        var latencyCount = 0
        var latencySum = 0.0
        var certificateReloads = 0
        var certificateReloadErrors = 0
    }

    private let state = Mutex(State())
    /// Connections accepted and not yet closed: ``ConnectionLimitHandler`` counts them, and keeps its limit by
    /// this count.
    private let openConnectionCount = Atomic<Int>(0)
    /// The server's budgets, once it runs (``WebhookServer``).
    private let budgets = Mutex<WebhookHTTPHandler.Budgets?>(nil)

    public init() {}

    /// Connections accepted and not yet closed.
    var openConnections: Int { openConnectionCount.load(ordering: .relaxed) }

    /// Returns the connections open now.
    @discardableResult
    func connectionOpened() -> Int { openConnectionCount.add(1, ordering: .relaxed).newValue }

    /// Returns the connections open now.
    @discardableResult
    func connectionClosed() -> Int { openConnectionCount.subtract(1, ordering: .relaxed).newValue }

    func watch(_ budgets: WebhookHTTPHandler.Budgets) {
        self.budgets.withLock { $0 = budgets }
    }

    /// One `/mutate` request ended; `seconds` from its request head to its answer (written, not yet sent).
    public func record(_ outcome: AdmissionOutcome, mode: SidecarMode?, seconds: Double) {
        state.withLock { state in
            state.requests[outcome, default: 0] += 1
            if let mode { state.injections[mode, default: 0] += 1 }
            state.latencyCount += 1
            state.latencySum += seconds
            if let index = Self.latencyBuckets.firstIndex(where: { seconds <= $0 }) {
                state.bucketCounts[index] += 1
            }
        }
    }

    /// The certificate files changed and were loaded (`succeeded`) or could not be (the old pair stays).
    public func recordCertificateReload(succeeded: Bool) {
        state.withLock { state in
            if succeeded { state.certificateReloads += 1 } else { state.certificateReloadErrors += 1 }
        }
    }

    /// The exposition text served on `/metrics`.
    public func render() -> String {
        let state = state.withLock { $0 }
        var text = """
        # HELP tandem_webhook_admission_requests_total AdmissionReview requests to /mutate, by outcome.
        # TYPE tandem_webhook_admission_requests_total counter\n
        """
        for outcome in AdmissionOutcome.allCases {
            text += "tandem_webhook_admission_requests_total{outcome=\"\(outcome.rawValue)\"} \(state.requests[outcome, default: 0])\n"
        }
        text += """
        # HELP tandem_webhook_injections_total Pods patched with the sidecar, by mode.
        # TYPE tandem_webhook_injections_total counter\n
        """
        for mode in SidecarMode.allCases {
            text += "tandem_webhook_injections_total{mode=\"\(mode.rawValue)\"} \(state.injections[mode, default: 0])\n"
        }
        let errors = state.requests[.warned, default: 0] + state.requests[.badRequest, default: 0]
            + state.requests[.tooLarge, default: 0]
        text += """
        # HELP tandem_webhook_errors_total Requests answered with a warning, 400 or 413, and failed certificate reloads.
        # TYPE tandem_webhook_errors_total counter
        tandem_webhook_errors_total{kind="admission"} \(errors)
        tandem_webhook_errors_total{kind="certificate_reload"} \(state.certificateReloadErrors)
        # HELP tandem_webhook_certificate_reloads_total Times the serving certificate was reloaded from its files.
        # TYPE tandem_webhook_certificate_reloads_total counter
        tandem_webhook_certificate_reloads_total \(state.certificateReloads)
        # HELP tandem_webhook_admission_duration_seconds Time to answer one /mutate request.
        # TYPE tandem_webhook_admission_duration_seconds histogram\n
        """
        var cumulative = 0
        for (bound, count) in zip(Self.latencyBuckets, state.bucketCounts) {
            cumulative += count
            text += "tandem_webhook_admission_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        text += "tandem_webhook_admission_duration_seconds_bucket{le=\"+Inf\"} \(state.latencyCount)\n"
        text += "tandem_webhook_admission_duration_seconds_sum \(state.latencySum)\n"
        text += "tandem_webhook_admission_duration_seconds_count \(state.latencyCount)\n"
        let budgets = budgets.withLock { $0 }
        let bodies = budgets.map { $0.bodies.capacity - $0.bodies.available } ?? 0
        let waiting = budgets.map { $0.bodies.waiting + $0.admissions.waiting } ?? 0
        text += """
        # HELP tandem_webhook_open_connections Connections open now (more wait in the accept backlog at the limit).
        # TYPE tandem_webhook_open_connections gauge
        tandem_webhook_open_connections \(openConnections)
        # HELP tandem_webhook_request_body_budget_bytes Request-body bytes the server may hold at once.
        # TYPE tandem_webhook_request_body_budget_bytes gauge
        tandem_webhook_request_body_budget_bytes \(budgets?.bodies.capacity ?? 0)
        # HELP tandem_webhook_request_body_bytes_in_use Request-body bytes taken from that budget now.
        # TYPE tandem_webhook_request_body_bytes_in_use gauge
        tandem_webhook_request_body_bytes_in_use \(bodies)
        # HELP tandem_webhook_requests_waiting Requests whose connection is paused until their body's bytes are free.
        # TYPE tandem_webhook_requests_waiting gauge
        tandem_webhook_requests_waiting \(waiting)\n
        """
        return text
    }
}
