/// What happened, in order, when a simulated pod was deleted: the result of `PodSimulation.deletion`.
public struct ShutdownTrace: Sendable, Equatable {
    /// One step of the shutdown chain.
    public struct Step: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case preStopStarted
            case preStopFinished
            /// The stop signal (SIGTERM unless `lifecycle.stopSignal` says otherwise).
            case terminate
            /// SIGKILL: the grace period ran out (or 2 s after a late SIGTERM).
            case kill
            /// The container's process ended with this exit code (143 after SIGTERM, 137 after SIGKILL).
            case exited(code: Int32)
        }

        /// Time since the deletion was requested.
        public var at: Duration
        public var container: String
        public var kind: Kind

        public init(at: Duration, container: String, kind: Kind) {
            self.at = at
            self.container = container
            self.kind = kind
        }
    }

    /// Every step, in the order the state machine took them.
    public var steps: [Step]
    /// The grace period the deletion ran with (`terminationGracePeriodSeconds`, default 30 s).
    public var gracePeriod: Duration
    /// Time from the deletion request until the last container ended.
    public var finishedAfter: Duration

    public init(steps: [Step], gracePeriod: Duration, finishedAfter: Duration) {
        self.steps = steps
        self.gracePeriod = gracePeriod
        self.finishedAfter = finishedAfter
    }

    /// Containers that received SIGKILL, in order.
    public var killed: [String] {
        steps.compactMap { $0.kind == .kill ? $0.container : nil }
    }

    /// Containers whose preStop hook was still running when their stop signal came (the grace period ran
    /// out during the hook), in order.
    public var preStopsCutShort: [String] {
        var running: [String] = []
        var cut: [String] = []
        for step in steps {
            switch step.kind {
            case .preStopStarted: running.append(step.container)
            case .preStopFinished: running.removeAll { $0 == step.container }
            case .terminate, .kill:
                if running.contains(step.container) {
                    cut.append(step.container)
                    running.removeAll { $0 == step.container }
                }
            case .exited: running.removeAll { $0 == step.container }
            }
        }
        return cut
    }

    /// Containers in the order they exited.
    public var exitOrder: [String] {
        steps.compactMap { if case .exited = $0.kind { return $0.container } else { return nil } }
    }

    /// The chain in one line, e.g. `0s app preStop → 15s app SIGTERM → 16s app exited → 16s proxy SIGTERM
    /// → 30s proxy SIGKILL`; preStop ends and exits after SIGKILL are left out to keep it short.
    public var chain: String {
        var parts: [String] = []
        for step in steps {
            let what: String
            switch step.kind {
            case .preStopStarted: what = "preStop"
            case .preStopFinished: continue
            case .terminate: what = "SIGTERM"
            case .kill: what = "SIGKILL"
            case .exited(let code):
                if code == 137 { continue }
                what = "exited"
            }
            parts.append("\(Self.seconds(step.at)) \(step.container) \(what)")
        }
        return parts.joined(separator: " → ")
    }

    /// `15s`, `1.5s`: whole seconds without decimals.
    public static func seconds(_ duration: Duration) -> String {
        let (whole, attoseconds) = duration.components
        if attoseconds == 0 { return "\(whole)s" }
        let tenths = (attoseconds + 50_000_000_000_000_000) / 100_000_000_000_000_000
        return tenths >= 10 ? "\(whole + 1)s" : "\(whole).\(tenths)s"
    }
}
