import Synchronization
import TandemAPI
import TandemLifecycle
@testable import TandemRuntime

/// A ProcessHost whose processes and clock the test drives by hand.
final class FakeProcessHost: ProcessHost {
    struct Spawned {
        var spec: ProcessSpec
        var process: SpawnedProcess
        var onOutput: @Sendable (TandemRuntime.OutputStream, [UInt8]) -> Void
        var onOutputEnd: @Sendable () -> Void
        var onExit: @Sendable (ProcessTermination) -> Void
    }

    struct State {
        var clock = Instant(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
        var nextPID: Int32 = 100
        var spawned: [Spawned] = []
        var signals: [(pid: Int32, signal: Int32, group: Bool)] = []
        var timers: [UInt64: (Instant, @Sendable () -> Void)] = [:]
        var nextTimer: UInt64 = 1
        var failingPrograms: Set<String> = []
    }

    let state = Mutex(State())

    func now() -> Instant { state.withLock { $0.clock } }

    func spawn(
        _ spec: ProcessSpec,
        onOutput: @escaping @Sendable (TandemRuntime.OutputStream, [UInt8]) -> Void,
        onOutputEnd: @escaping @Sendable () -> Void,
        onExit: @escaping @Sendable (ProcessTermination) -> Void
    ) throws(HostError) -> SpawnedProcess {
        let result: Result<SpawnedProcess, HostError> = state.withLock { state in
            if state.failingPrograms.contains(spec.executable) {
                return .failure(HostError("exec \(spec.executable) failed: No such file or directory"))
            }
            state.nextPID += 1
            let process = SpawnedProcess(pid: state.nextPID)
            state.spawned.append(Spawned(spec: spec, process: process, onOutput: onOutput, onOutputEnd: onOutputEnd, onExit: onExit))
            return .success(process)
        }
        return try result.get()
    }

    func send(_ signal: Int32, to process: SpawnedProcess, toGroup: Bool) {
        state.withLock { $0.signals.append((process.pid, signal, toGroup)) }
    }

    func schedule(at instant: Instant, _ body: @escaping @Sendable () -> Void) -> TimerToken {
        state.withLock { state in
            let id = state.nextTimer
            state.nextTimer += 1
            state.timers[id] = (instant, body)
            return TimerToken(id: id)
        }
    }

    func cancel(_ token: TimerToken) {
        _ = state.withLock { $0.timers.removeValue(forKey: token.id) }
    }

    /// Moves the clock forward, firing due timers in order.
    func advance(by duration: Duration) {
        let target = now() + duration
        while true {
            let due: (@Sendable () -> Void)? = state.withLock { state in
                guard let (id, entry) = state.timers.min(by: { $0.value.0 < $1.value.0 }), entry.0 <= target else {
                    state.clock = target
                    return nil
                }
                state.timers.removeValue(forKey: id)
                state.clock = max(state.clock, entry.0)
                return entry.1
            }
            guard let due else { return }
            due()
        }
    }

    /// The process whose argv contains `marker` (most recent first).
    func process(running marker: String) -> Spawned? {
        state.withLock { $0.spawned.last(where: { $0.spec.arguments.joined(separator: " ").contains(marker) }) }
    }

    /// Delivers output of the process whose argv contains `marker`.
    func output(_ marker: String, _ text: String, on stream: TandemRuntime.OutputStream = .stdout) {
        process(running: marker)?.onOutput(stream, Array(text.utf8))
    }

    func exit(_ marker: String, with termination: ProcessTermination) {
        guard let spawned = process(running: marker) else { return }
        spawned.onExit(termination)
        spawned.onOutputEnd()
    }

    /// Reports the exit without the end of output (output still in flight).
    func exitBeforeOutputEnds(_ marker: String, with termination: ProcessTermination) {
        process(running: marker)?.onExit(termination)
    }

    func endOutput(_ marker: String) {
        process(running: marker)?.onOutputEnd()
    }

    var spawnedArguments: [String] {
        state.withLock { $0.spawned.map { $0.spec.arguments.joined(separator: " ") } }
    }
}

/// Launches `command` + `args` as given, with the literal `env` values.
struct LiteralLauncher: ContainerLauncher {
    func processSpec(for container: Container, in pod: Pod) throws(HostError) -> ProcessSpec {
        let argv = (container.command ?? []) + (container.args ?? [])
        guard let program = argv.first else { throw HostError("container \(container.name ?? "") has no command") }
        let environment = (container.env ?? []).compactMap { variable in
            variable.value.map { "\(variable.name ?? "")=\($0)" }
        }
        return ProcessSpec(executable: program, arguments: argv, environment: environment)
    }
}

/// Network handlers that answer from a table.
struct ScriptedNetwork: NetworkHandlers {
    var outcome: ProbeOutcome = .success

    func probe(_ probe: Probe, of container: Container, in pod: Pod) async -> ProbeOutcome { outcome }
    func httpHook(_ action: HTTPGetAction, of container: Container, in pod: Pod) async -> HookOutcome { .succeeded }
}

/// Discards container output.
struct NullOutput: OutputSink {
    struct Discard: ContainerOutput {
        func append(_ bytes: [UInt8], from stream: TandemRuntime.OutputStream) {}
        func close(then done: @escaping @Sendable (String?) -> Void) { done(nil) }
    }

    func open(pod: String, container: String, attempt: Int) -> any ContainerOutput { Discard() }
}
