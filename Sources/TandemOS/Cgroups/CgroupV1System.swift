#if canImport(Glibc)
import Glibc
#endif

/// cgroup v1: one hierarchy per controller (memory, cpu, cpuacct, pids, freezer — some may be
/// mounted together), each with its own copy of tandem's groups. When the v2 tree is mounted
/// beside them (systemd's hybrid layout) every process also joins a v2 group there, which has
/// no controllers but gives `cgroup.kill` and `cgroup.events`; otherwise a group is killed by
/// freezing it, killing what is listed, and thawing it (runc's v1 way), and its OOM kills come
/// from `memory.oom_control`.
public struct CgroupV1System: CgroupSystem {
    /// tandem's cgroup directory in each v1 hierarchy, by controller.
    public let bases: [String: String]
    /// tandem's cgroup directory in the v2 tree, when one is mounted.
    public let unified: String?

    public init(bases: [String: String], unified: String?) {
        self.bases = bases
        self.unified = unified
    }

    public var summary: String {
        let memory = bases["memory"].map { " at \($0)" } ?? ""
        return "cgroup v1\(memory)" + (unified.map { " (v2 tree at \($0) for kill and tracking)" } ?? "")
    }

    public var controllers: Set<CgroupController> {
        Set(CgroupController.allCases.filter { bases[$0.rawValue] != nil })
    }

    public func missingReason(_ controller: CgroupController) -> String {
        "no cgroup v1 hierarchy has the \(controller.rawValue) controller"
    }

    /// Every distinct directory the group has (hierarchies mounted together appear once).
    private func directories(_ group: String) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for base in bases.keys.sorted().compactMap({ bases[$0] }) + (unified.map { [$0] } ?? [])
        where seen.insert(base).inserted {
            result.append(group.isEmpty ? base : base + "/" + group)
        }
        return result
    }

    private func path(_ controller: String, _ group: String) -> String? {
        bases[controller].map { group.isEmpty ? $0 : $0 + "/" + group }
    }

    public func create(_ group: String, limits: CgroupLimits, leaf: Bool) throws(OSError) {
        for directory in directories(group) {
            try CgroupFile.makeDirectory(directory)
        }
        if let memory = path("memory", group), let bytes = limits.memoryBytes {
            try CgroupFile.write(memory + "/memory.limit_in_bytes", String(bytes))
            // No swap beyond the limit (the kubelet's NoSwap); absent without swap accounting.
            try? CgroupFile.write(memory + "/memory.memsw.limit_in_bytes", String(bytes))
        }
        if let cpu = path("cpu", group) {
            if let shares = limits.cpuShares {
                try CgroupFile.write(cpu + "/cpu.shares", String(shares))
            }
            if let quota = limits.cpuQuotaMicroseconds {
                try CgroupFile.write(cpu + "/cpu.cfs_period_us", String(limits.cpuPeriodMicroseconds ?? 100_000))
                try CgroupFile.write(cpu + "/cpu.cfs_quota_us", String(quota > 0 ? quota : -1))
            }
        }
        if let pids = path("pids", group), let limit = limits.pidsLimit {
            try CgroupFile.write(pids + "/pids.max", limit > 0 ? String(limit) : "max")
        }
    }

    public func procsFiles(_ group: String) -> [String] {
        directories(group).map { $0 + "/cgroup.procs" }
    }

    public func kill(_ group: String) {
        if let unified {
            let directory = group.isEmpty ? unified : unified + "/" + group
            if (try? CgroupFile.write(directory + "/cgroup.kill", "1")) != nil { return }
        }
        let freezer = path("freezer", group)
        if let freezer { try? CgroupFile.write(freezer + "/freezer.state", "FROZEN") }
        // A frozen process cannot fork; SIGKILL is delivered as it thaws.
        if let listed = freezer ?? path("memory", group) ?? directories(group).first {
            CgroupFile.killProcesses(under: listed)
        }
        if let freezer { try? CgroupFile.write(freezer + "/freezer.state", "THAWED") }
    }

    public func sentinelTarget(_ group: String) -> OrphanSentinel.CgroupTarget {
        let freezer = path("freezer", group)
        return OrphanSentinel.CgroupTarget(
            killFile: unified.map { (group.isEmpty ? $0 : $0 + "/" + group) + "/cgroup.kill" },
            freezer: freezer,
            listed: freezer ?? path("memory", group) ?? directories(group).first ?? "")
    }

    public func oomKills(_ group: String) -> UInt64 {
        guard let memory = path("memory", group) else { return 0 }
        return CgroupFile.keyed(CgroupFile.read(memory + "/memory.oom_control"), "oom_kill") ?? 0
    }

    public func statistics(_ group: String) -> CgroupStatistics? {
        guard let memory = path("memory", group), let usage = CgroupFile.number(memory + "/memory.usage_in_bytes") else {
            return nil
        }
        let inactive = CgroupFile.keyed(CgroupFile.read(memory + "/memory.stat"), "total_inactive_file") ?? 0
        let cpuTime = path("cpuacct", group).flatMap { CgroupFile.number($0 + "/cpuacct.usage") } ?? 0
        let throttled = path("cpu", group).flatMap { CgroupFile.keyed(CgroupFile.read($0 + "/cpu.stat"), "nr_throttled") } ?? 0
        return CgroupStatistics(
            memoryUsageBytes: usage,
            memoryWorkingSetBytes: usage > inactive ? usage - inactive : 0,
            cpuUsageNanoseconds: cpuTime,
            throttledPeriods: throttled,
            oomKills: oomKills(group),
            tasks: path("pids", group).flatMap { CgroupFile.number($0 + "/pids.current") })
    }

    public func waitUntilEmpty(_ group: String, milliseconds: Int) -> Bool {
        if let unified {
            return CgroupEvents.waitUntilUnpopulated((group.isEmpty ? unified : unified + "/" + group) + "/cgroup.events",
                                                     milliseconds: milliseconds)
        }
        // v1 alone has no emptiness notification for one cgroup (only the machine-wide
        // release_agent): look, and look again a few times within the budget.
        guard let listed = path("memory", group) ?? directories(group).first else { return true }
        let rounds = max(1, milliseconds / 10)
        for round in 0..<rounds {
            if Self.isEmpty(listed) { return true }
            if round + 1 < rounds { usleep(10_000) }
        }
        return Self.isEmpty(listed)
    }

    private static func isEmpty(_ directory: String) -> Bool {
        CgroupFile.processes(directory).isEmpty
            && CgroupFile.subdirectories(directory).allSatisfy { isEmpty(directory + "/" + $0) }
    }

    public func remove(_ group: String) -> Int32 {
        var failure: Int32 = 0
        for directory in directories(group) {
            let code = CgroupFile.removeTree(directory)
            if failure == 0 { failure = code }
        }
        return failure
    }

    public func children(_ group: String) -> [String] {
        // Hierarchies can place tandem differently: a name may exist in some only.
        var names: Set<String> = []
        for directory in directories(group) { names.formUnion(CgroupFile.subdirectories(directory)) }
        return names.sorted()
    }
}
