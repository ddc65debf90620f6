import struct TandemOS.CgroupStatistics

/// One sample of a container's resource use, as `kubectl top pod --containers` shows it:
/// memory working set, and CPU as the rate between two samples. Read with
/// `RunCgroups.statistics(pod:container:)` (nil where cgroups are off or the container is not
/// running); the status file gains nothing from it, as Kubernetes' pod status has no usage.
public struct ContainerStatistics: Sendable, Equatable {
    /// Bytes: usage minus inactive file pages (the MEMORY(bytes) column).
    public var memoryWorkingSetBytes: UInt64
    /// CPU time used by the container run so far, nanoseconds (cumulative).
    public var cpuUsageNanoseconds: UInt64
    /// When the sample was taken, monotonic nanoseconds.
    public var sampledAtNanoseconds: UInt64
    /// CFS periods the container was throttled in (its CPU limit at work).
    public var throttledPeriods: UInt64
    /// Memory limit of the container's cgroup, bytes, nil when unlimited.
    public var memoryLimitBytes: Int64?

    public init(memoryWorkingSetBytes: UInt64, cpuUsageNanoseconds: UInt64, sampledAtNanoseconds: UInt64,
                throttledPeriods: UInt64 = 0, memoryLimitBytes: Int64? = nil) {
        self.memoryWorkingSetBytes = memoryWorkingSetBytes
        self.cpuUsageNanoseconds = cpuUsageNanoseconds
        self.sampledAtNanoseconds = sampledAtNanoseconds
        self.throttledPeriods = throttledPeriods
        self.memoryLimitBytes = memoryLimitBytes
    }

    /// CPU use between `earlier` and this sample in millicores (the CPU(cores) column: `250m`),
    /// nil when the samples are not in order or of another run (usage went down).
    public func cpuMillicores(since earlier: ContainerStatistics) -> UInt64? {
        guard sampledAtNanoseconds > earlier.sampledAtNanoseconds, cpuUsageNanoseconds >= earlier.cpuUsageNanoseconds else {
            return nil
        }
        let used = Double(cpuUsageNanoseconds - earlier.cpuUsageNanoseconds)
        let elapsed = Double(sampledAtNanoseconds - earlier.sampledAtNanoseconds)
        return UInt64((used / elapsed * 1000).rounded())
    }

    /// `kubectl top`'s text for the two columns: `250m` and `12Mi`.
    public static func formatted(millicores: UInt64) -> String { "\(millicores)m" }

    public static func formatted(bytes: UInt64) -> String { "\(bytes / (1024 * 1024))Mi" }
}
