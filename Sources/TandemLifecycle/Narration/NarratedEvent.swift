import TandemAPI

/// One fact of a run told as an event: the kubelet's own events (`Started`, `Killing`, `BackOff`, …),
/// the Job controller's (`SuccessfulCreate`, `BackoffLimitExceeded`, …) and tandem's lifecycle facts
/// (`SidecarStarted`, `SignalSent`, `ContainerExited`, … — docs/events.md), in the order they happened.
///
/// A value with no object reference: whoever narrates knows the object (a pod or a Job) and turns it
/// into a core/v1 `Event` with `EventSeries`.
public struct NarratedEvent: Sendable, Equatable {
    /// Who tells it: `source.component` and `reportingComponent` of the Event.
    public enum Source: String, Sendable, Equatable {
        case kubelet
        case jobController = "job-controller"
        /// The workload controllers of `tandem run`'s Deployments, ReplicaSets, DaemonSets, StatefulSets.
        case deploymentController = "deployment-controller"
        case replicaSetController = "replicaset-controller"
        case daemonSetController = "daemonset-controller"
        case statefulSetController = "statefulset-controller"
        case tandem
    }

    /// `Normal` or `Warning`.
    public var type: String
    public var reason: String
    public var message: String
    /// `spec.initContainers{name}` or `spec.containers{name}`; nil for the pod or Job itself.
    public var fieldPath: String?
    /// The container the event is about, when it is about one.
    public var container: String?
    /// When it happened.
    public var at: Instant
    public var source: Source
    /// `tandem.dev/…` details, all strings (docs/events.md's table).
    public var annotations: [String: String]

    public init(type: String = "Normal", reason: String, message: String, fieldPath: String? = nil,
                container: String? = nil, at: Instant, source: Source = .tandem, annotations: [String: String] = [:]) {
        self.type = type
        self.reason = reason
        self.message = message
        self.fieldPath = fieldPath
        self.container = container
        self.at = at
        self.source = source
        self.annotations = annotations
    }

    /// Annotation keys of tandem's facts.
    public enum Key {
        public static let cause = "tandem.dev/cause"
        public static let signal = "tandem.dev/signal"
        public static let exitCode = "tandem.dev/exit-code"
        public static let terminationReason = "tandem.dev/termination-reason"
        public static let backOffSeconds = "tandem.dev/back-off-seconds"
        public static let gracePeriodSeconds = "tandem.dev/grace-period-seconds"
        public static let graceDeadline = "tandem.dev/grace-deadline"
        public static let phase = "tandem.dev/phase"
    }
}
