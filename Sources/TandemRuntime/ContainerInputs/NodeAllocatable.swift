import Glibc

/// What the host offers, standing in for the node's allocatable resources: the kubelet exposes
/// these through the downward API for a container without the corresponding limit.
public struct NodeAllocatable: Sendable, Equatable {
    public var cpuCores: Int
    public var memoryBytes: Int64
    public var ephemeralStorageBytes: Int64

    public init(cpuCores: Int, memoryBytes: Int64, ephemeralStorageBytes: Int64) {
        self.cpuCores = cpuCores
        self.memoryBytes = memoryBytes
        self.ephemeralStorageBytes = ephemeralStorageBytes
    }

    /// The host's online CPUs, physical memory and root filesystem size.
    public static func host() -> NodeAllocatable {
        let cpus = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let memory = Int64(sysconf(Int32(_SC_PHYS_PAGES))) * Int64(sysconf(Int32(_SC_PAGESIZE)))
        var filesystem = statvfs()
        let storage = statvfs("/", &filesystem) == 0 ? Int64(filesystem.f_blocks) * Int64(filesystem.f_frsize) : 0
        return NodeAllocatable(cpuCores: cpus, memoryBytes: memory, ephemeralStorageBytes: storage)
    }
}
