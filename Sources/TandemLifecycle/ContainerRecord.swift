import TandemAPI

/// What a container is in the pod: it decides ordering, restart and termination rules.
enum ContainerRole: Sendable, Equatable {
    case regularInit
    case sidecar
    case main
}

/// Where the newest instance of a container is in its life.
enum InstancePhase: Sendable, Equatable {
    case notCreated
    case starting
    case running
    case exited
}

/// The terminated state of one container instance, kept with `Instant`s so the status can be
/// rendered only when it is published.
struct TerminationRecord: Sendable, Equatable {
    var exitCode: Int32
    var signal: Int32?
    var reason: String
    var message: String?
    var startedAt: Instant?
    var finishedAt: Instant

    /// The kubelet's test for a failed regular init container: non-zero, or OOM-killed even with 0.
    var succeeded: Bool { exitCode == 0 && reason != "OOMKilled" }
}

/// The progress of stopping one container instance (preStop, ordering wait, SIGTERM, SIGKILL).
struct KillProgress: Sendable, Equatable {
    /// End of the grace period: preStop and the ordering wait are bounded by it.
    var deadline: Instant
    var preStopRunning: Bool
    /// Sidecars stopped with the pod wait for the mains and for the sidecars declared after them.
    var awaitsOrdering: Bool
    var terminateSentAt: Instant?
    var killAt: Instant?
    var killSent = false
    /// A probe kill restarts the container once it is gone (unless the pod starts terminating).
    var restartAfter = false
}

/// Where the `postStart` hook of the current run is. A run counts as started only once its hook
/// succeeded (or it has none); a failed hook means it is being killed and never counts.
enum PostStartHook: Sendable, Equatable {
    case notRun
    case running
    case succeeded
    case failed
}

/// A restart decided for an exited container: when, and the `CrashLoopBackOff` message its
/// status shows meanwhile — nil when the kubelet shows it as terminated instead (it only shows
/// the back-off when the *pod* policy would restart it, so never for a `Never` pod's sidecar,
/// nor for an immediate restart).
struct PendingRestart: Sendable, Equatable {
    var at: Instant
    var crashLoopMessage: String?
}

/// Timing and thresholds of one probe, with the API defaults applied.
struct ProbeConfig: Sendable, Equatable {
    var initialDelay: Duration
    var period: Duration
    var successThreshold: Int
    var failureThreshold: Int
    var terminationGracePeriodSeconds: Int64?

    init(_ probe: Probe) {
        initialDelay = .seconds(Int64(max(0, probe.initialDelaySeconds ?? 0)))
        period = .seconds(Int64(max(1, probe.periodSeconds ?? 10)))
        successThreshold = Int(max(1, probe.successThreshold ?? 1))
        failureThreshold = Int(max(1, probe.failureThreshold ?? 3))
        terminationGracePeriodSeconds = probe.terminationGracePeriodSeconds
    }
}

/// The scheduling and threshold-counting state of one probe of the current container run.
struct ProbeTracker: Sendable, Equatable {
    var active = false
    var inFlight = false
    var nextDue = Instant(nanosecondsSinceEpoch: 0)
    var lastStart = Instant(nanosecondsSinceEpoch: 0)
    var lastWasSuccess: Bool?
    var run = 0

    mutating func activate(dueAt: Instant) {
        self = ProbeTracker()
        active = true
        nextDue = dueAt
    }

    /// Counts a result; returns the new cached result once a threshold is reached.
    mutating func count(success: Bool, config: ProbeConfig) -> Bool? {
        if lastWasSuccess == success {
            run += 1
        } else {
            lastWasSuccess = success
            run = 1
        }
        let threshold = success ? config.successThreshold : config.failureThreshold
        return run >= threshold ? success : nil
    }
}

/// Index of each probe kind in a container's probe arrays.
extension ProbeKind {
    var slot: Int {
        switch self {
        case .startup: 0
        case .liveness: 1
        case .readiness: 2
        }
    }
}

/// Everything the state machine knows about one container of the spec and its newest instance.
struct ContainerRecord: Sendable {
    let name: String
    let image: String
    let role: ContainerRole
    let fieldPath: String
    let hasPostStart: Bool
    let hasPreStop: Bool
    /// Indexed by `ProbeKind.slot`.
    let probeConfigs: [ProbeConfig?]

    /// Attempt number of the newest instance, -1 before the first one.
    var attempt = -1
    var phase = InstancePhase.notCreated
    var startedAt: Instant?
    var postStart = PostStartHook.notRun
    var startupSucceeded = false
    /// A sidecar without a startup probe counts as started only from this instant on (see
    /// `LifecycleOptions.sidecarSettle`); nil once settled or when not applicable.
    var settlesAt: Instant?
    var readinessResult = false
    var current: TerminationRecord?
    var previous: TerminationRecord?
    /// The restart decided for the exited newest instance, if any.
    var restart: PendingRestart?
    var backoff: Duration?
    var backoffUpdatedAt: Instant?
    var kill: KillProgress?
    /// Why the newest creation attempt failed (shown as the Waiting state until the next one).
    var blocked: CreateBlock?
    /// When a first creation that failed is retried; nil once due (or for a restart, which
    /// waits in `restart` instead).
    var blockedUntil: Instant?
    var probes = [ProbeTracker](repeating: ProbeTracker(), count: 3)

    init(_ container: Container, role: ContainerRole) {
        name = container.name ?? ""
        image = container.image ?? ""
        self.role = role
        fieldPath = role == .main ? "spec.containers{\(name)}" : "spec.initContainers{\(name)}"
        hasPostStart = container.lifecycle?.postStart != nil
        hasPreStop = container.lifecycle?.preStop != nil
        if role == .regularInit {
            probeConfigs = [nil, nil, nil]
        } else {
            probeConfigs = [
                container.startupProbe.map(ProbeConfig.init),
                container.livenessProbe.map(ProbeConfig.init),
                container.readinessProbe.map(ProbeConfig.init),
            ]
        }
    }

    var run: ContainerRun { ContainerRun(name, attempt: attempt) }

    var restartAt: Instant? { restart?.at }

    var isAlive: Bool { phase == .starting || phase == .running }

    var hasStartupProbe: Bool { probeConfigs[0] != nil }

    /// Running, postStart finished and startup probe (if any) succeeded: what gates the next
    /// init container and what the status reports as `started`.
    var isStarted: Bool {
        phase == .running && (postStart == .notRun || postStart == .succeeded) && settlesAt == nil
            && (!hasStartupProbe || startupSucceeded)
    }

    var isReady: Bool {
        isStarted && (probeConfigs[2] == nil || readinessResult)
    }

    mutating func stopProbes(_ kinds: [ProbeKind]) {
        for kind in kinds {
            probes[kind.slot].active = false
            probes[kind.slot].inFlight = false
        }
    }
}
