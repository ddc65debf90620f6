import Foundation
import Synchronization
import Testing
@testable import TandemOS

extension TandemOSTests {
    @Suite struct ReactorSupervisionTests {
        @Test func sigtermToTheGroupReachesAGrandchild() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let output = OutputCollector()
            // The grandchild announces its trap, then reports the SIGTERM it gets.
            var request = sh("""
                sh -c 'trap "echo grandchild got TERM; exit 0" TERM; echo ready; while :; do sleep 1; done' &
                wait
                """)
            request.killProcessGroupOnExit = false
            request.stdout = try output.attach(to: reactor)
            let exits = Recorder<ProcessExit>()
            let child = try reactor.spawn(request) { exits.append($0) }
            request.stdout.map(closeDescriptor)
            #expect(child.processGroup == child.pid)
            #expect(await eventually { output.text.contains("ready") })
            #expect(try Signals.send(SIGTERM, toGroup: child.processGroup))
            #expect(await eventually { output.reachedEOF && exits.count == 1 })
            #expect(output.text.contains("grandchild got TERM"))
            #expect(exits.all == [.signaled(SIGTERM, coreDumped: false)])
        }

        @Test func sigkillOfTheGroupKillsEveryMember() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let output = OutputCollector()
            var request = sh("sleep 300 & echo $!; wait")
            request.killProcessGroupOnExit = false
            request.stdout = try output.attach(to: reactor)
            let exits = Recorder<ProcessExit>()
            let child = try reactor.spawn(request) { exits.append($0) }
            request.stdout.map(closeDescriptor)
            #expect(await eventually { output.text.hasSuffix("\n") })
            let grandchild = try #require(Int32(output.text.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(ProcTable.isAlive(grandchild))
            #expect(try Signals.send(SIGKILL, toGroup: child.processGroup))
            #expect(await eventually { exits.count == 1 })
            #expect(exits.all == [.signaled(SIGKILL, coreDumped: false)])
            #expect(await eventually { !ProcTable.isAlive(grandchild) })
        }

        @Test func leaderExitKillsTheRestOfItsGroup() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let output = OutputCollector()
            // The background sleep keeps no copy of stdout, so EOF comes with the leader.
            var request = sh("sleep 300 >/dev/null & echo $!")
            request.stdout = try output.attach(to: reactor)
            let exits = Recorder<ProcessExit>()
            _ = try reactor.spawn(request) { exits.append($0) }
            request.stdout.map(closeDescriptor)
            #expect(await eventually { exits.count == 1 && output.reachedEOF })
            let grandchild = try #require(Int32(output.text.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(await eventually { !ProcTable.isAlive(grandchild) })
        }

        @Test func signallingAGoneProcessIsNotAnError() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let exits = Recorder<ProcessExit>()
            let child = try reactor.spawn(sh("exit 0")) { exits.append($0) }
            #expect(await eventually { exits.count == 1 })
            #expect(try Signals.send(SIGTERM, toGroup: child.processGroup) == false)
            #expect(try Signals.send(SIGTERM, to: child.pid) == false)
        }

        @Test func exitedChildrenAreReaped() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let exits = Recorder<ProcessExit>()
            var children: [ChildProcess] = []
            for code in 0..<5 {
                children.append(try reactor.spawn(sh("exit \(code)")) { exits.append($0) })
            }
            #expect(await eventually { exits.count == 5 })
            // Reaped before onExit runs: no zombie remains for any of them.
            for child in children { #expect(ProcTable.state(of: child.pid) == nil) }
            #expect(Set(exits.all.map(\.exitCode)) == [0, 1, 2, 3, 4])
        }

        @Test func aThousandConcurrentChildrenAreEachReportedOnce() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let total = 1000
            let reports = Recorder<(index: Int, exit: ProcessExit)>()
            let pids = Recorder<Int32>()
            // Spawn from several threads at once to exercise the handoff to the reactor thread.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for index in stride(from: worker, to: total, by: 8) {
                            let child = try reactor.spawn(sh("exit \(index % 200)")) { exit in
                                reports.append((index, exit))
                            }
                            pids.append(child.pid)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(Set(pids.all).count == total)
            #expect(await eventually(timeout: .seconds(120)) { reports.count >= total })
            let all = Dictionary(grouping: reports.all, by: \.index).mapValues { $0.map(\.exit) }
            for index in 0..<total {
                #expect(all[index] == [.exited(Int32(index % 200))], "child \(index)")
            }
        }
    }
}
