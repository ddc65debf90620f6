/// The cgroup mechanics tandem needs, whatever the hierarchy looks like: make a cgroup with
/// limits, name the `cgroup.procs` files a child joins before exec, kill everything in a
/// cgroup, tell whether the OOM killer struck, read usage, remove it.
///
/// Groups are paths relative to tandem's own cgroup (`tandem-<pid>-<start>/pod-web/app-0`):
/// tandem nests under wherever it was started, so it inherits its parent's limits and stays
/// inside whatever was delegated to it. Two implementations: `CgroupV2System` (the unified
/// hierarchy, most machines today) and `CgroupV1System` (per-controller hierarchies, plus the
/// v2 tree for killing and tracking when one is mounted beside them).
public protocol CgroupSystem: Sendable {
    /// Where tandem's cgroups live, for messages: `cgroup v2 at /sys/fs/cgroup/user.slice/…`.
    var summary: String { get }
    /// The controllers limits can be set with.
    var controllers: Set<CgroupController> { get }
    /// Why a controller is missing, for the warning when a pod needs it.
    func missingReason(_ controller: CgroupController) -> String

    /// Makes the cgroup (its parent must exist) and sets its limits; `leaf: false` for a
    /// cgroup that will have children (the pod's).
    func create(_ group: String, limits: CgroupLimits, leaf: Bool) throws(OSError)
    /// The `cgroup.procs` files a process writes itself to, to join the group everywhere.
    func procsFiles(_ group: String) -> [String]
    /// SIGKILL to every process in the group and below, including ones that left their
    /// process group or session (cgroup.kill on v2; freeze, kill, thaw on v1).
    func kill(_ group: String)
    /// Where the orphan sentinel does the same as `kill` when tandem is gone.
    func sentinelTarget(_ group: String) -> OrphanSentinel.CgroupTarget
    /// Processes the OOM killer killed in this group since it was made.
    func oomKills(_ group: String) -> UInt64
    /// Usage and counters, nil when the group is gone.
    func statistics(_ group: String) -> CgroupStatistics?
    /// Waits (blocking, at most `milliseconds`) until no process is left in the group;
    /// true when it is empty. For shutdown and clean-up only, never on the reactor.
    func waitUntilEmpty(_ group: String, milliseconds: Int) -> Bool
    /// Removes the group and everything below it; 0, or the errno that kept one (EBUSY).
    @discardableResult
    func remove(_ group: String) -> Int32
    /// The names of the group's child cgroups ("" for tandem's own cgroup).
    func children(_ group: String) -> [String]
}

/// Why tandem cannot use cgroups here, in words for the one-line warning.
public struct CgroupUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
