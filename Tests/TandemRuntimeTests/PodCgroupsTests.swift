import Glibc
import Synchronization
import TandemAPI
import TandemLifecycle
import TandemOS
import Testing
@testable import TandemRuntime

private let cgroupsHere: Bool = {
    guard geteuid() == 0, case .success(let system) = CgroupDetection.detect() else { return false }
    return system.controllers.isSuperset(of: [.memory, .cpu, .pids])
}()

/// The cgroups of a pod through the API the worker and the live view use, with real processes.
@Suite(.serialized, .enabled(if: cgroupsHere, "needs root and the memory, cpu and pids cgroup controllers"))
struct PodCgroupsTests {
    func pod(cpuLimit: String) throws -> Pod {
        Pod(metadata: ObjectMeta(name: "stats-\(getpid())"),
            spec: PodSpec(containers: [Container(
                name: "spin", image: "x",
                resources: ResourceRequirements(limits: ["cpu": try Quantity(parsing: cpuLimit),
                                                         "memory": try Quantity(parsing: "64Mi")]))]))
    }

    @Test func statisticsOfARunningContainerShowItsUseAndItsThrottling() throws {
        let pod = try pod(cpuLimit: "100m")
        let setup = RunCgroups.start(pods: [pod])
        let cgroups = try #require(setup.cgroups, "\(setup.warning ?? "")")
        defer { cgroups.finish() }
        #expect(setup.warning == nil)
        let podCgroups = try cgroups.pod(pod)
        let run = ContainerRun("spin")
        let container = try #require(pod.spec?.containers?.first)
        var spec = ProcessSpec(executable: "/bin/sh", arguments: ["sh", "-c", "while :; do :; done"], environment: [],
                               captureOutput: false)
        spec.placement = try podCgroups.prepare(run, container: container)

        let host = try ReactorHost()
        defer { host.shutdown() }
        let exited = Mutex<ProcessTermination?>(nil)
        _ = try host.spawn(spec, onOutput: { _, _ in }, onOutputEnd: {}, onExit: { termination in
            exited.withLock { $0 = termination }
        })
        let first = try #require(cgroups.statistics(pod: pod.metadata?.name ?? "", container: "spin"))
        usleep(600_000)
        let second = try #require(cgroups.statistics(pod: pod.metadata?.name ?? "", container: "spin"))
        let millicores = try #require(second.cpuMillicores(since: first))
        // The 100m limit holds (a period of slack either way), and the kernel says it throttled.
        #expect(millicores > 30 && millicores < 250, "\(millicores)m")
        #expect(second.throttledPeriods > 0)
        #expect(second.memoryWorkingSetBytes > 0)
        #expect(second.memoryLimitBytes == Int64(64 << 20))
        #expect(cgroups.statistics(pod: pod.metadata?.name ?? "", container: "other") == nil)

        // The process left its process group: killing the cgroup still ends it.
        podCgroups.kill(run)
        for _ in 0..<200 where exited.withLock({ $0 }) == nil { usleep(10_000) }
        #expect(exited.withLock { $0 } == .signaled(SIGKILL))
        #expect(!podCgroups.oomKilled(run))
    }
}
