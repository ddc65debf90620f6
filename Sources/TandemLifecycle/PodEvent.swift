import TandemAPI

/// Which of a container's probes a probe event or action is about; raw values are the
/// Kubernetes spellings used in events (`Liveness probe failed: …`).
public enum ProbeKind: String, Sendable, Hashable, CaseIterable {
    case liveness = "Liveness"
    case readiness = "Readiness"
    case startup = "Startup"
}

/// Which lifecycle hook an event or action is about.
public enum HookKind: String, Sendable, Hashable {
    case postStart = "PostStart"
    case preStop = "PreStop"
}

/// One run (instance) of a container: its name and its attempt number.
///
/// Attempt 0 is the first run; attempt n is the n-th restart (the `restartCount` the instance
/// was created with). Every report carries it, so a late report about an instance that has
/// already been replaced is recognised and ignored.
public struct ContainerRun: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var attempt: Int

    public init(_ name: String, attempt: Int = 0) {
        self.name = name
        self.attempt = attempt
    }

    public var description: String { "\(name)#\(attempt)" }
}

/// How a container's main process ended.
public struct ContainerExit: Sendable, Equatable {
    /// The exit code, or 128 + signal for a process killed by a signal (137 for SIGKILL).
    public var exitCode: Int32
    /// The signal that killed the process, if one did.
    public var signal: Int32?
    /// True when the kernel's OOM killer ended it (reported as reason `OOMKilled`).
    public var oomKilled: Bool
    /// The termination message (`terminationMessagePath` content or log tail), if any.
    public var message: String?

    public init(exitCode: Int32, signal: Int32? = nil, oomKilled: Bool = false, message: String? = nil) {
        self.exitCode = exitCode
        self.signal = signal
        self.oomKilled = oomKilled
        self.message = message
    }
}

/// The result of running a hook.
public enum HookOutcome: Sendable, Equatable {
    case succeeded
    case failed(message: String)
}

/// The result of running one probe once. A probe that errored (the machinery failed, not the
/// check) is reported as `.error` and never counts toward thresholds.
public enum ProbeOutcome: Sendable, Equatable {
    case success
    /// Counted as success, with a `ProbeWarning` event (an HTTP redirect that was not followed).
    case warning(output: String)
    case failure(output: String)
    /// `state` is the result the prober had when it errored, as the kubelet words the event
    /// (`… probe errored and resulted in <state> state: <message>`): `unknown` when nothing was
    /// checked (the handler could not run), `failure` when the check failed on the way (an
    /// HTTP body that could not be read).
    case error(message: String, state: ProbeErrorState = .unknown)
}

/// The kubelet's `probe.Result` of an errored probe, as it appears in the event text.
public enum ProbeErrorState: String, Sendable, Equatable {
    case unknown
    case failure
}

/// Why a container could not be created, in the kubelet's words.
public enum CreateBlock: Sendable, Equatable {
    /// `generateContainerConfig` failed (environment, security context, subPath): Waiting
    /// `CreateContainerConfigError` with this message, event `Failed` `Error: <message>`.
    case configError(String)
    /// A volume could not be set up: Waiting `ContainerCreating`, event `FailedMount` with
    /// this message (`MountVolume.SetUp failed for volume "x" : …`).
    case failedMount(String)
}

/// Facts the runtime reports to a pod's state machine.
public enum PodEvent: Sendable, Equatable {
    /// The pod was accepted and may start; the first event of every pod.
    case admitted
    /// The container's process is running (its program was executed).
    case containerStarted(ContainerRun)
    /// The container could not be started (e.g. exec failed): reason `StartError`, exit code 128.
    case containerFailedToStart(ContainerRun, message: String)
    /// The container could not be created yet (its configuration or a volume is not available):
    /// it stays Waiting and creation is retried, as the kubelet's next pod sync would.
    case containerCreateBlocked(ContainerRun, CreateBlock)
    /// A hook of this container run finished.
    case hookFinished(ContainerRun, HookKind, HookOutcome)
    /// The container's main process exited and every process of the container is gone.
    case containerExited(ContainerRun, ContainerExit)
    /// One probe run finished.
    case probeReported(ContainerRun, ProbeKind, ProbeOutcome)
    /// A `wake(at:)` instant was reached.
    case timerFired
    /// The pod is being deleted (SIGTERM/SIGINT to tandem, or an API delete), optionally with a
    /// grace period that overrides `terminationGracePeriodSeconds`.
    case deletionRequested(gracePeriodSeconds: Int64?)
}
