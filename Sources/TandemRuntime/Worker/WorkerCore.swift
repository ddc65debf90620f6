import Synchronization
import TandemAPI
import TandemLifecycle

/// The pod worker's mutable state; only its drainer touches it.
struct WorkerCore: ~Copyable {
    var machine: PodStateMachine
    var narrator: PodNarrator
    /// The exit code of the exec probe whose result is being reported (completes an empty failure message).
    var probeExitCode: Int32?
    var runs: [ContainerRun: RunRecord] = [:]
    var helpers: [UInt64: HelperRecord] = [:]
    var nextHelperKey: UInt64 = 1
    var wake: TimerToken?
    var finished = false
    /// The pause-like init whose PID namespace the containers share (`shareProcessNamespace`).
    var sandbox: SpawnedProcess?
    /// What the observer is told once the lock is released, in order.
    var notices: [ObserverNotice] = []

    init(machine: PodStateMachine, narrator: PodNarrator) {
        self.machine = machine
        self.narrator = narrator
    }
}

/// A running container instance.
struct RunRecord {
    var process: SpawnedProcess
    var spec: ProcessSpec
    var output: any ContainerOutput
    /// The host file bind-mounted at the container's `terminationMessagePath`, nil without one.
    var terminationMessageFile: String?
    var helperKeys: Set<UInt64> = []
    /// How the main process ended, once it did; the run ends when its output ended too.
    var termination: ProcessTermination?
    var outputEnded = false
    /// Its log is being closed and its termination message read, off the worker's thread.
    var ending = false
}

/// One call to the `PodObserver`, queued under the worker's lock and made after it.
enum ObserverNotice {
    case status(PodStatus)
    case event(PodEventRecord)
    case finished(String)
    case narrated(NarratedEvent)
}

/// Why a helper process (hook or exec probe) of a container runs.
enum HelperPurpose: Sendable, Equatable {
    case hook(HookKind)
    case probe(ProbeKind)
}

/// A running hook or exec-probe process.
struct HelperRecord {
    var run: ContainerRun
    var purpose: HelperPurpose
    /// The command as the pod spec gives it (probes: `$(VAR)` expanded), for messages.
    var command: [String]
    var process: SpawnedProcess
    var timer: TimerToken?
    var timedOut = false
    var output: OutputCollector
    /// Set when the process was reaped; its result is reported once its output is read too.
    var termination: ProcessTermination?
    var outputEnded = false
}

/// Keeps the first 10 KiB a hook or probe printed on each stream (the kubelet's limit); fed
/// from the host's thread.
final class OutputCollector: Sendable {
    static let limit = ExecOutput.limit
    private let bytes = Mutex<(stdout: [UInt8], stderr: [UInt8])>(([], []))

    func append(_ chunk: [UInt8], from stream: OutputStream) {
        bytes.withLock { bytes in
            switch stream {
            case .stdout: bytes.stdout.append(contentsOf: chunk.prefix(max(0, Self.limit - bytes.stdout.count)))
            case .stderr: bytes.stderr.append(contentsOf: chunk.prefix(max(0, Self.limit - bytes.stderr.count)))
            }
        }
    }

    var streams: (stdout: [UInt8], stderr: [UInt8]) {
        bytes.withLock { $0 }
    }
}
