#if canImport(Glibc)
import Glibc
#endif

/// cgroup v2 (the unified hierarchy): one tree, controllers enabled per level through
/// `cgroup.subtree_control`, `cgroup.kill` to kill a whole subtree, `cgroup.events` to see it
/// empty, `memory.events` for OOM kills. Values follow runc's v2 driver: cpu.shares become
/// cpu.weight, the quota `max` when unlimited, swap off where memory is limited (the kubelet's
/// NoSwap), and `memory.oom.group` so an OOM kill takes the whole container, as the kubelet
/// asks for on cgroup v2.
public struct CgroupV2System: CgroupSystem {
    /// tandem's cgroup directory (absolute), under which everything is made.
    public let base: String
    public let controllers: Set<CgroupController>
    private let missing: String

    /// `controllers` are those enabled for children of `base`; `missing` explains the others.
    public init(base: String, controllers: Set<CgroupController>, missing: String) {
        self.base = base
        self.controllers = controllers
        self.missing = missing
    }

    public var summary: String { "cgroup v2 at \(base)" }

    public func missingReason(_ controller: CgroupController) -> String {
        "the \(controller.rawValue) controller is not available in \(base) (\(missing))"
    }

    private func path(_ group: String) -> String { group.isEmpty ? base : base + "/" + group }

    public func create(_ group: String, limits: CgroupLimits, leaf: Bool) throws(OSError) {
        let directory = path(group)
        try CgroupFile.makeDirectory(directory)
        if !leaf, !controllers.isEmpty {
            let enable = controllers.sorted().map { "+" + $0.rawValue }.joined(separator: " ")
            try CgroupFile.write(directory + "/cgroup.subtree_control", enable)
        }
        if let memory = limits.memoryBytes, controllers.contains(.memory) {
            try CgroupFile.write(directory + "/memory.max", String(memory))
            // Best effort: absent without swap accounting.
            try? CgroupFile.write(directory + "/memory.swap.max", "0")
        }
        if leaf, controllers.contains(.memory) {
            // A container's cgroup only: the kubelet asks for it per container (the CRI's
            // Unified map), never for the pod, whose other containers an OOM must spare.
            try? CgroupFile.write(directory + "/memory.oom.group", "1")
        }
        if controllers.contains(.cpu) {
            if let shares = limits.cpuShares {
                try CgroupFile.write(directory + "/cpu.weight", String(cgroupV2Weight(fromShares: shares)))
            }
            if let quota = limits.cpuQuotaMicroseconds {
                let period = limits.cpuPeriodMicroseconds ?? 100_000
                try CgroupFile.write(directory + "/cpu.max", "\(quota > 0 ? String(quota) : "max") \(period)")
            }
        }
        if let pids = limits.pidsLimit, controllers.contains(.pids) {
            try CgroupFile.write(directory + "/pids.max", pids > 0 ? String(pids) : "max")
        }
    }

    public func procsFiles(_ group: String) -> [String] { [path(group) + "/cgroup.procs"] }

    public func kill(_ group: String) {
        let directory = path(group)
        do {
            try CgroupFile.write(directory + "/cgroup.kill", "1")
        } catch {
            // Kernels before 5.14 have no cgroup.kill.
            CgroupFile.killProcesses(under: directory)
        }
    }

    public func sentinelTarget(_ group: String) -> OrphanSentinel.CgroupTarget {
        OrphanSentinel.CgroupTarget(killFile: path(group) + "/cgroup.kill", freezer: nil, listed: path(group))
    }

    public func oomKills(_ group: String) -> UInt64 {
        CgroupFile.keyed(CgroupFile.read(path(group) + "/memory.events"), "oom_kill") ?? 0
    }

    public func statistics(_ group: String) -> CgroupStatistics? {
        let directory = path(group)
        guard let usage = CgroupFile.number(directory + "/memory.current") else { return nil }
        let inactive = CgroupFile.keyed(CgroupFile.read(directory + "/memory.stat"), "inactive_file") ?? 0
        let cpu = CgroupFile.read(directory + "/cpu.stat")
        return CgroupStatistics(
            memoryUsageBytes: usage,
            memoryWorkingSetBytes: usage > inactive ? usage - inactive : 0,
            cpuUsageNanoseconds: (CgroupFile.keyed(cpu, "usage_usec") ?? 0) &* 1000,
            throttledPeriods: CgroupFile.keyed(cpu, "nr_throttled") ?? 0,
            oomKills: oomKills(group),
            tasks: CgroupFile.number(directory + "/pids.current"))
    }

    public func waitUntilEmpty(_ group: String, milliseconds: Int) -> Bool {
        CgroupEvents.waitUntilUnpopulated(path(group) + "/cgroup.events", milliseconds: milliseconds)
    }

    public func remove(_ group: String) -> Int32 { CgroupFile.removeTree(path(group)) }

    public func children(_ group: String) -> [String] { CgroupFile.subdirectories(path(group)) }
}

/// Waiting on a v2 `cgroup.events` file: the kernel signals a change of `populated` as
/// POLLPRI on it, so emptiness is an event, not something to poll for.
enum CgroupEvents {
    static func waitUntilUnpopulated(_ eventsFile: String, milliseconds: Int) -> Bool {
        let fd = open(eventsFile, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        let deadline = SystemClock.monotonicNanoseconds() &+ UInt64(max(0, milliseconds)) &* 1_000_000
        while true {
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return true }
            let text = String(decoding: buffer.prefix(count), as: UTF8.self)
            if CgroupFile.keyed(text, "populated") == 0 { return true }
            let now = SystemClock.monotonicNanoseconds()
            guard now < deadline else { return false }
            var request = pollfd(fd: fd, events: Int16(POLLPRI), revents: 0)
            _ = poll(&request, 1, Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000 + 1)))
        }
    }
}
