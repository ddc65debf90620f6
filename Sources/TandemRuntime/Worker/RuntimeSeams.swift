import TandemAPI
import TandemLifecycle

/// Turns a container of a pod into the process to run and the environment its hooks and
/// exec probes share (command resolution, `$(VAR)` expansion, downward API, user, mounts).
public protocol ContainerLauncher: Sendable {
    func processSpec(for container: Container, in pod: Pod) throws(HostError) -> ProcessSpec
    /// The pod's pause-like init when its containers share a PID namespace, started before
    /// them and killed after them; nil when each container is its own namespace or none.
    func sandboxSpec(for pod: Pod) -> ProcessSpec?
    /// Makes the host file a container run's `terminationMessagePath` is bind-mounted from (the
    /// kubelet's per-container file in the pod's directory) and returns its path; nil when the
    /// run has no mount namespace of its own to mount it in, or no `terminationMessagePath`.
    func terminationMessageFile(for container: Container, in pod: Pod, attempt: Int) throws(HostError) -> String?
}

extension ContainerLauncher {
    public func sandboxSpec(for pod: Pod) -> ProcessSpec? { nil }
    public func terminationMessageFile(for container: Container, in pod: Pod, attempt: Int) throws(HostError) -> String? { nil }
}

/// Runs the network handlers of probes and hooks (httpGet, tcpSocket, grpc).
public protocol NetworkHandlers: Sendable {
    func probe(_ probe: Probe, of container: Container, in pod: Pod) async -> ProbeOutcome
    func httpHook(_ action: HTTPGetAction, of container: Container, in pod: Pod) async -> HookOutcome
}

/// Where container output goes: per-attempt log files, the terminal, or both.
public protocol OutputSink: Sendable {
    func open(pod: String, container: String, attempt: Int) -> any ContainerOutput
}

/// The output of one container run. Fed on the reactor thread: implementations must not block.
public protocol ContainerOutput: Sendable {
    func append(_ bytes: [UInt8], from stream: OutputStream)
    /// Flushes and closes, then calls `done` (on any thread, possibly before returning) with
    /// the run's CRI-format log file, if one was kept (read for `FallbackToLogsOnError`).
    func close(then done: @escaping @Sendable (_ logPath: String?) -> Void)
}

/// Receives what a pod worker publishes: called in order, outside the worker's lock, on
/// whichever thread drains the worker (often the reactor's), so observers must not block.
public struct PodObserver: Sendable {
    public var status: @Sendable (PodStatus) -> Void
    public var event: @Sendable (PodEventRecord) -> Void
    public var finished: @Sendable (String) -> Void
    /// Every event of the pod as `PodNarrator` tells it (the kubelet's and tandem's facts), in order.
    public var narrated: @Sendable (NarratedEvent) -> Void

    public init(
        status: @escaping @Sendable (PodStatus) -> Void = { _ in },
        event: @escaping @Sendable (PodEventRecord) -> Void = { _ in },
        finished: @escaping @Sendable (String) -> Void = { _ in },
        narrated: @escaping @Sendable (NarratedEvent) -> Void = { _ in }
    ) {
        self.status = status
        self.event = event
        self.finished = finished
        self.narrated = narrated
    }
}
