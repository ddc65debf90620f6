import TandemAPI

/// How a container is to be stopped.
public enum StopSignal: Sendable, Equatable {
    /// The container's stop signal (`lifecycle.stopSignal`, default SIGTERM) to its main process group.
    case terminate
    /// SIGKILL to every process of the container: its process group, hooks and probes.
    case kill
}

/// A Kubernetes event as `kubectl describe` shows it.
public struct PodEventRecord: Sendable, Equatable {
    /// `Normal` or `Warning`.
    public var type: String
    /// `Created`, `Started`, `Killing`, `BackOff`, `Unhealthy`, `FailedPostStartHook`, …
    public var reason: String
    public var message: String
    /// `spec.initContainers{name}` or `spec.containers{name}`; nil for pod-level events.
    public var fieldPath: String?
    public var at: Instant

    public init(type: String, reason: String, message: String, fieldPath: String?, at: Instant) {
        self.type = type
        self.reason = reason
        self.message = message
        self.fieldPath = fieldPath
        self.at = at
    }
}

/// What the state machine asks the runtime to do, in order.
public enum PodAction: Sendable, Equatable {
    /// Create and start this container run; report `containerStarted` or `containerFailedToStart`.
    case startContainer(ContainerRun)
    /// Run the container's `lifecycle.postStart` or `lifecycle.preStop` handler; report `hookFinished`.
    case runHook(ContainerRun, HookKind)
    /// Run the container's probe of this kind once, bounded by its `timeoutSeconds`; report `probeReported`.
    case runProbe(ContainerRun, ProbeKind)
    /// Signal the container run.
    case signal(ContainerRun, StopSignal)
    /// Report `timerFired` at (or soon after) this instant. A later `wake` replaces an earlier one.
    case wake(at: Instant)
    /// The pod's status changed.
    case publish(PodStatus)
    /// A Kubernetes event happened.
    case record(PodEventRecord)
    /// The pod reached its terminal phase and no process of it is left; `phase` is `Succeeded` or `Failed`.
    case finished(phase: String)
}

/// Knobs of the kubelet's behaviour that tandem exposes.
public struct LifecycleOptions: Sendable, Equatable {
    /// First crash-loop back-off delay (kubelet: 10 s).
    public var initialBackoff: Duration
    /// Largest crash-loop back-off delay (kubelet: 300 s).
    public var maxBackoff: Duration
    /// A container that ran this long after its last back-off starts over at `initialBackoff` (kubelet: 600 s).
    public var backoffResetAfter: Duration
    /// KEP-4438 (not yet in Kubernetes, off by default): restart sidecars that exit while the pod terminates.
    public var restartSidecarsDuringTermination: Bool
    /// How long a sidecar without a startup probe must have been running before it counts as
    /// started and the next container may start. The kubelet acts on a started sidecar only in a
    /// later sync (about a second later); without any such step a sidecar's own start-up (a
    /// shell writing its first lines) would race the next container. A startup probe, when
    /// present, is the signal instead. Zero starts the next container at once.
    public var sidecarSettle: Duration
    /// False for simulations that need only the decisions (TandemSimulation): the status is then never
    /// built and no `publish` action is emitted, which halves the cost of a decision. Default true.
    public var publishesStatus: Bool = true

    public init(
        initialBackoff: Duration = .seconds(10),
        maxBackoff: Duration = .seconds(300),
        backoffResetAfter: Duration = .seconds(600),
        restartSidecarsDuringTermination: Bool = false,
        sidecarSettle: Duration = .milliseconds(50)
    ) {
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.backoffResetAfter = backoffResetAfter
        self.restartSidecarsDuringTermination = restartSidecarsDuringTermination
        self.sidecarSettle = sidecarSettle
    }
}
