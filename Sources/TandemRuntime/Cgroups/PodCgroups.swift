import Synchronization
import TandemAPI
import TandemLifecycle
import TandemOS

/// The cgroups of one pod: the pod's own (sized with the pod's effective resources and its
/// pids limit), and one per container run below it (`pod-web/app-0`, `pod-web/app-1` after a
/// restart), so each run's OOM kills and usage are its own, as each container instance of the
/// kubelet has its own cgroup.
public final class PodCgroups: PodContainment {
    let system: any CgroupSystem
    /// The pod's group, relative to tandem's cgroup.
    public let group: String
    private let spec: PodSpec
    private let memoryCapacity: Int64
    /// The latest run of each container, for statistics.
    private let current = Mutex<[String: ContainerRun]>([:])

    /// Makes the pod's cgroup under `parent`.
    init(system: any CgroupSystem, parent: String, pod: Pod, pidsLimit: Int64, memoryCapacity: Int64) throws(OSError) {
        self.system = system
        self.group = "\(parent)/pod-\(pod.metadata?.name ?? "pod")"
        self.spec = pod.spec ?? PodSpec()
        self.memoryCapacity = memoryCapacity
        try system.create(group, limits: CgroupPolicy.podLimits(spec, pidsLimit: pidsLimit), leaf: false)
    }

    func runGroup(_ run: ContainerRun) -> String { "\(group)/\(run.name)-\(run.attempt)" }

    public func prepare(_ run: ContainerRun, container: Container) throws(HostError) -> ContainerPlacement {
        let runGroup = runGroup(run)
        do {
            try system.create(runGroup, limits: CgroupPolicy.containerLimits(container), leaf: true)
        } catch {
            throw HostError(error)
        }
        current.withLock { $0[run.name] = run }
        return ContainerPlacement(
            cgroupProcsFiles: system.procsFiles(runGroup),
            oomScoreAdjust: CgroupPolicy.oomScoreAdjust(spec, container: container, memoryCapacity: memoryCapacity))
    }

    public func kill(_ run: ContainerRun) {
        system.kill(runGroup(run))
    }

    public func oomKilled(_ run: ContainerRun) -> Bool {
        system.oomKills(runGroup(run)) > 0
    }

    public func release(_ run: ContainerRun) {
        // Empty by now unless a process is still dying; what stays goes with the pod.
        system.remove(runGroup(run))
    }

    /// The container's current run's usage, nil when it has none (not started, cgroup gone).
    public func statistics(container name: String) -> ContainerStatistics? {
        guard let run = current.withLock({ $0[name] }) else { return nil }
        guard let sample = system.statistics(runGroup(run)) else { return nil }
        let limits = spec.allContainers.first { $0.name == name }.map(CgroupPolicy.containerLimits)
        return ContainerStatistics(
            memoryWorkingSetBytes: sample.memoryWorkingSetBytes,
            cpuUsageNanoseconds: sample.cpuUsageNanoseconds,
            sampledAtNanoseconds: SystemClock.monotonicNanoseconds(),
            throttledPeriods: sample.throttledPeriods,
            memoryLimitBytes: limits?.memoryBytes)
    }
}

extension PodSpec {
    /// Init containers (sidecars included), then regular containers.
    var allContainers: [Container] { (initContainers ?? []) + (containers ?? []) }
}
