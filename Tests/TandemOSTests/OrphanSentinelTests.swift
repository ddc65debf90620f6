import Foundation
import Testing
@testable import TandemOS

extension TandemOSTests {
    @Suite struct OrphanSentinelTests {
        /// The helper executable lives next to the test bundle in the build directory.
        static var helperPath: String? {
            guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
            var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
            // On Linux the test binary is `<bin>/<package>PackageTests.xctest`.
            if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
            let candidate = directory.appendingPathComponent("tandem-os-testhelper").path
            return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
        }

        @Test func sigkillOfTandemLeavesNoContainerProcess() async throws {
            let helper = try #require(Self.helperPath, "build tandem-os-testhelper (swift build) first")
            let marker = "tandem-os-orphan-\(getpid())-\(SystemClock.monotonicNanoseconds())"
            let markerEntry = "TANDEM_OS_TEST_MARKER=\(marker)"
            let children = 3

            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let output = OutputCollector()
            var request = SpawnRequest(executable: helper, arguments: [helper, marker, String(children)],
                                       environment: ["PATH=/usr/bin:/bin"])
            // Prove the helper's own sentinel does the work, not ours.
            request.killProcessGroupOnExit = false
            request.stdout = try output.attach(to: reactor)
            let exits = Recorder<ProcessExit>()
            let tandem = try reactor.spawn(request) { exits.append($0) }
            request.stdout.map(closeDescriptor)

            #expect(await eventually { output.text.contains("ready") }, "helper output: \(output.text)")
            // Each `sh -c 'sleep 300 & sleep 300'` makes three processes.
            #expect(await eventually {
                ProcTable.livingProcesses(withEnvironment: markerEntry).count == 3 * children
            })

            try Signals.send(SIGKILL, to: tandem.pid)
            #expect(await eventually { exits.count == 1 })
            #expect(exits.all == [.signaled(SIGKILL, coreDumped: false)])

            let survivors = await eventually(timeout: .seconds(10)) {
                ProcTable.livingProcesses(withEnvironment: markerEntry).isEmpty
            }
            let left = ProcTable.livingProcesses(withEnvironment: markerEntry)
            #expect(survivors, "still alive: \(left)")
            for pid in left { kill(pid, SIGKILL) }
        }
   
        static let cgroupsHere: Bool = {
            guard geteuid() == 0, case .success = CgroupDetection.detect() else { return false }
            return true
        }()

        /// A process that left its process group (`setsid`) is still in the run's cgroup: the
        /// sentinel kills the cgroup too, by cgroup.kill (v2), or by freezing and killing what
        /// is listed (v1 without a v2 tree beside it).
        @Test(.enabled(if: cgroupsHere, "needs root and a cgroup hierarchy"), arguments: ["v2", "v1"])
        func sigkillOfTandemKillsWhatLeftTheProcessGroupThroughTheCgroup(_ mode: String) async throws {
            let helper = try #require(Self.helperPath, "build tandem-os-testhelper (swift build) first")
            let marker = "tandem-os-cgroup-\(getpid())-\(SystemClock.monotonicNanoseconds())"
            let markerEntry = "TANDEM_OS_TEST_MARKER=\(marker)"
            let group = "ostest-sentinel-\(getpid())-\(SystemClock.monotonicNanoseconds())"
            let system = try #require(try? CgroupDetection.detect().get())
            defer {
                _ = system.waitUntilEmpty(group, milliseconds: 2000)
                system.remove(group)
            }
            let children = 2

            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let output = OutputCollector()
            var request = SpawnRequest(executable: helper, arguments: [helper, marker, String(children), mode, group],
                                       environment: ["PATH=/usr/bin:/bin"])
            request.killProcessGroupOnExit = false
            request.stdout = try output.attach(to: reactor)
            let exits = Recorder<ProcessExit>()
            let tandem = try reactor.spawn(request) { exits.append($0) }
            request.stdout.map(closeDescriptor)

            #expect(await eventually { output.text.contains("ready") }, "helper output: \(output.text)")
            // Each `sh -c 'setsid sleep 300 & sleep 300'` makes three processes, one in a session of its own.
            #expect(await eventually {
                ProcTable.livingProcesses(withEnvironment: markerEntry).count == 3 * children
            })
            // A process counted above may not have called setsid yet (seen on a loaded machine: 1 of 2).
            let setsid = await eventually {
                ProcTable.livingProcesses(withEnvironment: markerEntry).filter { getsid($0) == $0 }.count == children
            }
            let escaped = ProcTable.livingProcesses(withEnvironment: markerEntry).filter { getsid($0) == $0 }
            #expect(setsid, "setsid'ed: \(escaped)")

            try Signals.send(SIGKILL, to: tandem.pid)
            #expect(await eventually { exits.count == 1 })

            let survivors = await eventually(timeout: .seconds(10)) {
                ProcTable.livingProcesses(withEnvironment: markerEntry).isEmpty
            }
            let left = ProcTable.livingProcesses(withEnvironment: markerEntry)
            #expect(survivors, "still alive: \(left)")
            for pid in left { kill(pid, SIGKILL) }
        }
    }
}
