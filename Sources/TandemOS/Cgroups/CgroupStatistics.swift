/// What a cgroup used, read from its control files: the numbers `kubectl top` shows (the
/// kubelet's summary API through cAdvisor: working set and cumulative CPU time) plus the
/// enforcement counters tandem reports on.
public struct CgroupStatistics: Sendable, Equatable {
    /// memory.current / memory.usage_in_bytes, bytes.
    public var memoryUsageBytes: UInt64
    /// cAdvisor's working set: usage minus inactive file pages (never below 0), bytes —
    /// the MEMORY column of `kubectl top`.
    public var memoryWorkingSetBytes: UInt64
    /// CPU time used since the cgroup was made, ns (cpu.stat usage_usec × 1000, cpuacct.usage).
    public var cpuUsageNanoseconds: UInt64
    /// CFS periods in which the cgroup was throttled (cpu.stat nr_throttled).
    public var throttledPeriods: UInt64
    /// Processes killed by the OOM killer in this cgroup (memory.events / memory.oom_control oom_kill).
    public var oomKills: UInt64
    /// Tasks (processes and threads) in it now (pids.current), when the pids controller is there.
    public var tasks: UInt64?

    public init(memoryUsageBytes: UInt64, memoryWorkingSetBytes: UInt64, cpuUsageNanoseconds: UInt64,
                throttledPeriods: UInt64, oomKills: UInt64, tasks: UInt64?) {
        self.memoryUsageBytes = memoryUsageBytes
        self.memoryWorkingSetBytes = memoryWorkingSetBytes
        self.cpuUsageNanoseconds = cpuUsageNanoseconds
        self.throttledPeriods = throttledPeriods
        self.oomKills = oomKills
        self.tasks = tasks
    }
}
