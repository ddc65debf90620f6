import TandemAPI
import TandemLifecycle

/// What a pod worker asks of the cgroups around its containers: a place for each container
/// run before it starts, killing everything in it when the run ends, and whether the OOM
/// killer ended it. `PodCgroups` is the real one; without cgroups the worker has none.
public protocol PodContainment: Sendable {
    /// Makes the run's cgroup; returns what the spawned process must do to join it.
    func prepare(_ run: ContainerRun, container: Container) throws(HostError) -> ContainerPlacement
    /// SIGKILL to every process of the run, wherever it went (its own session, a double fork).
    func kill(_ run: ContainerRun)
    /// True when the OOM killer killed a process of the run.
    func oomKilled(_ run: ContainerRun) -> Bool
    /// The run is over: its cgroup may go (when already empty; the rest at the end).
    func release(_ run: ContainerRun)
}

/// How a process joins its container's cgroups: the files to write itself to, its OOM score.
public struct ContainerPlacement: Sendable, Equatable {
    public var cgroupProcsFiles: [String]
    public var oomScoreAdjust: Int32?

    public init(cgroupProcsFiles: [String], oomScoreAdjust: Int32?) {
        self.cgroupProcsFiles = cgroupProcsFiles
        self.oomScoreAdjust = oomScoreAdjust
    }
}
