import TandemAPI
import TandemLifecycle

/// Turns a container of a pod into the process to run and the environment its hooks and
/// exec probes share (command resolution, `$(VAR)` expansion, downward API, user, mounts).
public protocol ContainerLauncher: Sendable {
    func processSpec(for container: Container, in pod: Pod) throws(HostError) -> ProcessSpec
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

/// The output of one container run.
public protocol ContainerOutput: Sendable {
    /// The CRI-format log file of this run, if it is kept (read for `FallbackToLogsOnError`).
    var logPath: String? { get }
    func append(_ bytes: [UInt8], from stream: OutputStream)
    /// Flushes and closes; returns the last lines (for `FallbackToLogsOnError`).
    func close()
}

/// Receives what a pod worker publishes. Called on the worker's drainer, in order.
public struct PodObserver: Sendable {
    public var status: @Sendable (PodStatus) -> Void
    public var event: @Sendable (PodEventRecord) -> Void
    public var finished: @Sendable (String) -> Void

    public init(
        status: @escaping @Sendable (PodStatus) -> Void = { _ in },
        event: @escaping @Sendable (PodEventRecord) -> Void = { _ in },
        finished: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.status = status
        self.event = event
        self.finished = finished
    }
}
