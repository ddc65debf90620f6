import Glibc
import Synchronization
import TandemLifecycle
import TandemOS

/// The production `ProcessHost`: TandemOS's single epoll reactor spawns, reaps, reads output
/// and fires timers; instants are the monotonic clock anchored once to the wall clock.
public final class ReactorHost: ProcessHost {
    public let reactor: Reactor
    private let monotonicOrigin: UInt64
    private let wallOrigin: Int64
    private let timers = Mutex<[UInt64: TimerID]>([:])
    private let nextTimer = Atomic<UInt64>(1)

    /// Starts the reactor. Also ignores SIGPIPE for the whole process: a supervisor must not
    /// die because a terminal reader, probe peer or hook server went away (EPIPE instead).
    public init() throws(HostError) {
        Signals.ignoreBrokenPipe()
        do {
            try OrphanSentinel.start()
            reactor = try Reactor()
        } catch {
            throw HostError(error)
        }
        monotonicOrigin = SystemClock.monotonicNanoseconds()
        wallOrigin = SystemClock.realtimeNanoseconds()
    }

    /// Forwards tandem's own signals to `handler` on the reactor thread.
    public func onSignals(_ signals: [Int32], _ handler: @escaping @Sendable (Int32) -> Void) throws(HostError) {
        do {
            try reactor.onSignals(signals, handler)
        } catch {
            throw HostError(error)
        }
    }

    public func shutdown() {
        reactor.shutdown()
    }

    public func now() -> Instant {
        let elapsed = SystemClock.monotonicNanoseconds() &- monotonicOrigin
        return Instant(nanosecondsSinceEpoch: wallOrigin &+ Int64(elapsed))
    }

    public func spawn(
        _ spec: ProcessSpec,
        onOutput: @escaping @Sendable (OutputStream, [UInt8]) -> Void,
        onOutputEnd: @escaping @Sendable () -> Void,
        onExit: @escaping @Sendable (ProcessTermination) -> Void
    ) throws(HostError) -> SpawnedProcess {
        var pipes: [(read: Int32, write: Int32)] = []
        if spec.captureOutput {
            do {
                pipes.append(try makePipe())
                if spec.separateStreams { pipes.append(try makePipe()) }
            } catch {
                for pipe in pipes { closeDescriptor(pipe.read); closeDescriptor(pipe.write) }
                throw HostError(error)
            }
        }
        var request = SpawnRequest(
            executable: spec.executable,
            arguments: spec.arguments,
            environment: spec.environment,
            workingDirectory: spec.workingDirectory,
            user: spec.user,
            group: spec.group,
            supplementaryGroups: spec.supplementaryGroups,
            stdout: pipes.first?.write,
            stderr: pipes.last?.write,
            bindMounts: spec.bindMounts,
            isolation: spec.isolation
        )
        request.cgroupProcsFiles = spec.placement?.cgroupProcsFiles ?? []
        request.oomScoreAdjust = spec.placement?.oomScoreAdjust
        let child: ChildProcess
        do {
            child = try reactor.spawn(request) { exit in
                let termination: ProcessTermination = exit.signal.map { .signaled($0) } ?? .exited(exit.exitCode)
                onExit(termination)
            }
        } catch {
            for pipe in pipes { closeDescriptor(pipe.read); closeDescriptor(pipe.write) }
            throw HostError(error)
        }
        let open = Atomic<Int>(pipes.count)
        let streamEnded: @Sendable () -> Void = {
            if open.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { onOutputEnd() }
        }
        if pipes.isEmpty { onOutputEnd() }
        for (index, pipe) in pipes.enumerated() {
            closeDescriptor(pipe.write)
            let stream: OutputStream = index == 0 ? .stdout : .stderr
            do {
                try reactor.watchReadable(fd: pipe.read, onData: { bytes in onOutput(stream, bytes) }, onEOF: streamEnded)
            } catch {
                streamEnded()
            }
        }
        return SpawnedProcess(pid: child.pid)
    }

    public func send(_ signal: Int32, to process: SpawnedProcess, toGroup: Bool) {
        if toGroup {
            _ = try? Signals.send(signal, toGroup: process.pid)
        } else {
            _ = try? Signals.send(signal, to: process.pid)
        }
    }

    public func schedule(at instant: Instant, _ body: @escaping @Sendable () -> Void) -> TimerToken {
        let offset = instant.nanosecondsSinceEpoch &- wallOrigin
        let deadline = offset <= 0 ? monotonicOrigin : monotonicOrigin &+ UInt64(offset)
        let token = nextTimer.wrappingAdd(1, ordering: .relaxed).oldValue
        let id = reactor.schedule(atMonotonicNanoseconds: deadline) { [self] in
            _ = timers.withLock { $0.removeValue(forKey: token) }
            body()
        }
        timers.withLock { $0[token] = id }
        return TimerToken(id: token)
    }

    public func cancel(_ token: TimerToken) {
        if let id = timers.withLock({ $0.removeValue(forKey: token.id) }) {
            reactor.cancel(id)
        }
    }
}
