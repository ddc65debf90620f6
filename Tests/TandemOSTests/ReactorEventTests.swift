import Foundation
import Synchronization
import Testing
@testable import TandemOS

extension TandemOSTests {
    @Suite struct ReactorEventTests {
        @Test func outputArrivesThroughThePipeThenEOF() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let result = try await run(sh("for i in 1 2 3; do echo line $i; done"), on: reactor)
            #expect(result.output == "line 1\nline 2\nline 3\n")
        }

        @Test func callbacksRunOnTheReactorThread() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let onReactor = Recorder<Bool>()
            _ = try reactor.spawn(sh("exit 0")) { _ in onReactor.append(reactor.isOnReactorThread) }
            reactor.schedule(after: .zero) { onReactor.append(reactor.isOnReactorThread) }
            #expect(await eventually { onReactor.count == 2 })
            #expect(onReactor.all == [true, true])
            #expect(!reactor.isOnReactorThread)
        }

        @Test func timersFireInDeadlineOrderAndCancelledOnesDoNot() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let fired = Recorder<String>()
            let now = SystemClock.monotonicNanoseconds()
            reactor.schedule(atMonotonicNanoseconds: now + 60_000_000) { fired.append("third") }
            reactor.schedule(atMonotonicNanoseconds: now + 20_000_000) { fired.append("first") }
            let cancelled = reactor.schedule(atMonotonicNanoseconds: now + 30_000_000) { fired.append("cancelled") }
            reactor.schedule(atMonotonicNanoseconds: now + 40_000_000) { fired.append("second") }
            #expect(reactor.cancel(cancelled))
            #expect(!reactor.cancel(cancelled))
            #expect(await eventually { fired.count == 3 })
            #expect(fired.all == ["first", "second", "third"])
            // Fired timers cannot be cancelled any more.
            let done = reactor.schedule(after: .zero) { fired.append("now") }
            #expect(await eventually { fired.count == 4 })
            #expect(!reactor.cancel(done))
        }

        @Test func timersCanBeScheduledFromCallbacks() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let fired = Recorder<Int>()
            reactor.schedule(after: .milliseconds(1)) {
                fired.append(1)
                reactor.schedule(after: .milliseconds(1)) { fired.append(2) }
            }
            #expect(await eventually { fired.count == 2 })
            #expect(fired.all == [1, 2])
        }

        @Test func timerNeverFiresBeforeItsDeadline() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let firedAt = Recorder<UInt64>()
            let deadline = SystemClock.monotonicNanoseconds() + 5_000_000
            reactor.schedule(atMonotonicNanoseconds: deadline) { firedAt.append(SystemClock.monotonicNanoseconds()) }
            #expect(await eventually { firedAt.count == 1 })
            #expect((firedAt.all.first ?? 0) >= deadline)
        }

        @Test func ownSignalsArriveAsEvents() async throws {
            let reactor = try Reactor()
            let received = Recorder<Int32>()
            try reactor.onSignals([SIGUSR1, SIGUSR2]) { received.append($0) }
            kill(getpid(), SIGUSR1)
            #expect(await eventually { received.count == 1 })
            kill(getpid(), SIGUSR2)
            #expect(await eventually { received.count == 2 })
            #expect(received.all == [SIGUSR1, SIGUSR2])
            reactor.shutdown()
        }

        @Test func childrenDoNotInheritSignalForwarding() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let received = Recorder<Int32>()
            try reactor.onSignals([SIGUSR1]) { received.append($0) }
            // With the default disposition restored, SIGUSR1 terminates the child.
            let result = try await run(sh("kill -USR1 $$; sleep 5"), on: reactor)
            #expect(result.exit == .signaled(SIGUSR1, coreDumped: false))
            #expect(received.count == 0)
        }

        @Test func stopWatchingClosesWithoutEOF() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let pipe = try makePipe()
            let events = Recorder<String>()
            let id = try reactor.watchReadable(fd: pipe.read, onData: { _ in events.append("data") },
                                               onEOF: { events.append("eof") })
            reactor.stopWatching(id)
            let marker = Recorder<Bool>()
            reactor.execute { marker.append(true) }
            #expect(await eventually { marker.count == 1 })
            // Our read end is closed: writing now fails with EPIPE instead of being read.
            let byte: [UInt8] = [1]
            let sigpipe = SIG_IGN
            let previous = signal(SIGPIPE, sigpipe)
            let written = byte.withUnsafeBytes { write(pipe.write, $0.baseAddress, 1) }
            let code = errno
            signal(SIGPIPE, previous)
            closeDescriptor(pipe.write)
            #expect(written == -1 && code == EPIPE)
            #expect(events.all.isEmpty)
        }

        @Test func callbacksCanSpawnTheNextProcess() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            // The restart pattern: each exit starts the next run, on the reactor thread.
            let exits = Recorder<ProcessExit>()
            @Sendable func start(_ run: Int32) {
                _ = try? reactor.spawn(sh("exit \(run)")) { exit in
                    exits.append(exit)
                    if run < 3 { start(run + 1) }
                }
            }
            start(1)
            #expect(await eventually { exits.count == 3 })
            #expect(exits.all == [.exited(1), .exited(2), .exited(3)])
        }

        @Test func spawnAfterShutdownFails() throws {
            let reactor = try Reactor()
            reactor.shutdown()
            #expect(throws: SpawnError.self) {
                _ = try reactor.spawn(sh("exit 0")) { _ in }
            }
        }

        @Test func shutdownKillsAndReapsRunningChildren() async throws {
            let reactor = try Reactor()
            let exits = Recorder<ProcessExit>()
            let child = try reactor.spawn(sh("sleep 300")) { exits.append($0) }
            #expect(ProcTable.isAlive(child.pid))
            reactor.shutdown()
            #expect(ProcTable.state(of: child.pid) == nil)
            #expect(exits.count == 0)
        }

        @Test func clocksReadPlausibleValues() {
            let a = SystemClock.monotonicNanoseconds(), b = SystemClock.monotonicNanoseconds()
            #expect(b >= a)
            // After 2020-01-01.
            #expect(SystemClock.realtimeNanoseconds() > 1_577_836_800 * 1_000_000_000)
        }
    }
}
