import TandemLifecycle
// `BindMount` is TandemOS's plain value type, shared rather than mirrored here.
import struct TandemOS.BindMount
import struct TandemOS.OSError
import struct TandemOS.SpawnError
import enum TandemOS.SpawnIsolation

/// What the pod worker needs from the operating system, kept small so the worker can be
/// driven by a fake in tests and by TandemOS's reactor in production.
public protocol ProcessHost: Sendable {
    /// The current instant (monotonic, anchored to the wall clock).
    func now() -> Instant

    /// Starts a process in its own process group. `onOutput` receives chunks of stdout/stderr
    /// and `onOutputEnd` is called once every captured stream reached end-of-file (at once when
    /// nothing is captured); `onExit` is called once, after the process ended and was reaped.
    /// Both may come in either order, before `spawn` returns, on another thread.
    func spawn(
        _ spec: ProcessSpec,
        onOutput: @escaping @Sendable (OutputStream, [UInt8]) -> Void,
        onOutputEnd: @escaping @Sendable () -> Void,
        onExit: @escaping @Sendable (ProcessTermination) -> Void
    ) throws(HostError) -> SpawnedProcess

    /// Sends `signal` to the process (`toGroup: false`) or to its whole process group.
    func send(_ signal: Int32, to process: SpawnedProcess, toGroup: Bool)

    /// Calls `body` once at (or soon after) `instant`, unless cancelled.
    func schedule(at instant: Instant, _ body: @escaping @Sendable () -> Void) -> TimerToken

    func cancel(_ token: TimerToken)
}

/// Which stream a chunk of container output came from.
public enum OutputStream: String, Sendable {
    case stdout
    case stderr
}

/// Everything needed to start one process.
public struct ProcessSpec: Sendable, Equatable {
    public var executable: String
    public var arguments: [String]
    public var environment: [String]
    public var workingDirectory: String?
    public var user: UInt32?
    public var group: UInt32?
    /// `supplementalGroups` and `fsGroup` (applied when tandem runs as root).
    public var supplementaryGroups: [UInt32] = []
    public var captureOutput: Bool
    /// Capture stdout and stderr apart (container logs) or through one pipe (hooks, probes).
    public var separateStreams: Bool
    public var bindMounts: [BindMount]
    /// The namespaces the process lives in (`.none`: a process group).
    public var isolation: SpawnIsolation
    /// cgroups: where the process (and the container's hooks and exec probes) is placed before exec.
    public var placement: ContainerPlacement?

    public init(
        executable: String,
        arguments: [String],
        environment: [String],
        workingDirectory: String? = nil,
        user: UInt32? = nil,
        group: UInt32? = nil,
        captureOutput: Bool = true,
        separateStreams: Bool = true,
        bindMounts: [BindMount] = [],
        isolation: SpawnIsolation = .none
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.user = user
        self.group = group
        self.captureOutput = captureOutput
        self.separateStreams = separateStreams
        self.bindMounts = bindMounts
        self.isolation = isolation
    }
}

/// A started process: its pid, which is also its process group id.
public struct SpawnedProcess: Sendable, Hashable {
    public var pid: Int32

    public init(pid: Int32) {
        self.pid = pid
    }
}

/// How a process ended.
public enum ProcessTermination: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)

    /// The container exit code Kubernetes reports: the code, or 128 + signal.
    public var exitCode: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    public var signal: Int32? {
        if case .signaled(let signal) = self { return signal }
        return nil
    }
}

/// Identifies a scheduled timer so it can be cancelled.
public struct TimerToken: Sendable, Hashable {
    public var id: UInt64

    public init(id: UInt64) {
        self.id = id
    }
}

/// A failure of the host, worded as the step that failed: `exec /usr/bin/envoy failed: No such
/// file or directory`. The system's own error stays attached (`cause`), so callers can tell an
/// ENOENT from an EACCES without reading the words.
public struct HostError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed underneath, when the operating system said so.
    public enum Cause: Sendable, Equatable {
        case system(OSError)
        case spawn(SpawnError)
        /// The container's configuration cannot be built (`CreateContainerConfigError`).
        case containerConfig
        /// A volume of the pod cannot be set up (`FailedMount`); the message is the event's.
        case volumeSetUp
    }

    public var message: String
    public var cause: Cause?

    public init(_ message: String) {
        self.message = message
        self.cause = nil
    }

    public init(_ message: String, cause: Cause) {
        self.message = message
        self.cause = cause
    }

    public init(_ error: OSError) {
        self.message = error.description
        self.cause = .system(error)
    }

    public init(_ error: SpawnError) {
        self.message = error.description
        self.cause = .spawn(error)
    }

    public var description: String { message }
}
