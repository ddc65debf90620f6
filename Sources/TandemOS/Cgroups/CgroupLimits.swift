/// What a cgroup is limited to, in the OCI runtime spec's (cgroup v1) units, as the kubelet
/// hands them to the container runtime (`LinuxContainerResources`, `ResourceConfig`). A v2
/// hierarchy converts them the way runc does. nil leaves the kernel's default (unlimited).
public struct CgroupLimits: Sendable, Equatable {
    /// memory.max / memory.limit_in_bytes, bytes.
    public var memoryBytes: Int64?
    /// cpu.shares (2…262144); on v2 converted to cpu.weight.
    public var cpuShares: UInt64?
    /// CFS quota per period in µs; -1 is unlimited (`max`).
    public var cpuQuotaMicroseconds: Int64?
    /// CFS period in µs (the kubelet's 100000).
    public var cpuPeriodMicroseconds: UInt64?
    /// pids.max: processes and threads together.
    public var pidsLimit: Int64?

    public init(memoryBytes: Int64? = nil, cpuShares: UInt64? = nil, cpuQuotaMicroseconds: Int64? = nil,
                cpuPeriodMicroseconds: UInt64? = nil, pidsLimit: Int64? = nil) {
        self.memoryBytes = memoryBytes
        self.cpuShares = cpuShares
        self.cpuQuotaMicroseconds = cpuQuotaMicroseconds
        self.cpuPeriodMicroseconds = cpuPeriodMicroseconds
        self.pidsLimit = pidsLimit
    }

    /// The controllers these limits need.
    public var controllers: Set<CgroupController> {
        var needed: Set<CgroupController> = []
        if memoryBytes != nil { needed.insert(.memory) }
        if cpuShares != nil || (cpuQuotaMicroseconds ?? -1) > 0 { needed.insert(.cpu) }
        if pidsLimit != nil { needed.insert(.pids) }
        return needed
    }
}

/// The controllers tandem limits with.
public enum CgroupController: String, Sendable, Hashable, CaseIterable, Comparable {
    case cpu, memory, pids

    public static func < (lhs: CgroupController, rhs: CgroupController) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// runc's `ConvertCPUSharesToCgroupV2Value` (opencontainers/cgroups, since runc 1.3.2 / 1.4:
/// the quadratic fit through 2→1, 1024→100, 262144→10000 that Kubernetes' e2e tests expect;
/// the older linear `1 + (shares-2)*9999/262142` mapped the default 1024 to 39).
public func cgroupV2Weight(fromShares shares: UInt64) -> UInt64 {
    if shares == 0 { return 0 }
    if shares <= 2 { return 1 }
    if shares >= 262_144 { return 10_000 }
    let l = log2(Double(shares))
    let exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0
    return UInt64((pow(10, exponent)).rounded(.up))
}

#if canImport(Glibc)
import Glibc
#endif
