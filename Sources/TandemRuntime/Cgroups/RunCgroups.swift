import Synchronization
import TandemAPI
import TandemOS
#if canImport(Glibc)
import Glibc
#endif

/// The cgroups of one `tandem run`: `tandem-<pid>-<start time>` under tandem's own cgroup in
/// every hierarchy, a pod cgroup per pod below it. The name says whose it is: a directory whose
/// tandem is gone (no such pid, or a pid reused by a process started at another time) was left
/// by a killed tandem and is cleaned — processes killed, directories removed — when the next
/// tandem starts. Everything is removed when the run ends.
public final class RunCgroups: Sendable {
    public let system: any CgroupSystem
    /// `tandem-<pid>-<start time in clock ticks>`.
    public let root: String
    private let pidsLimit: Int64
    private let memoryCapacity: Int64
    private let pods = Mutex<[String: PodCgroups]>([:])

    /// The kubelet has no pids limit unless `--pod-max-pids` is set; tandem's default is a
    /// generous one so a fork bomb cannot take the machine down (`--pod-pids-limit`).
    public static let defaultPodPidsLimit: Int64 = 4096

    /// What starting cgroups gave: the run's cgroups, or nil with the reason; and the one-line
    /// warning to print when the pods set limits that will not be enforced.
    public struct Setup: Sendable {
        public var cgroups: RunCgroups?
        public var warning: String?
    }

    /// Finds the hierarchy, cleans up after dead tandems, makes this run's cgroup. Never
    /// fails: without cgroups, pods run as before and a warning names why, when limits are set.
    public static func start(pods: [Pod], pidsLimit: Int64 = defaultPodPidsLimit,
                             detect: () -> Result<any CgroupSystem, CgroupUnavailable> = { CgroupDetection.detect() })
        -> Setup {
        let needed = pods.reduce(into: Set<CgroupController>()) { needed, pod in
            for container in pod.spec?.allContainers ?? [] {
                let limits = container.resources?.limits ?? [:]
                if limits["memory"] != nil { needed.insert(.memory) }
                if limits["cpu"] != nil { needed.insert(.cpu) }
            }
        }
        func warning(_ reason: String) -> String? {
            guard !needed.isEmpty else { return nil }
            let what = needed.sorted().map { "limits.\($0.rawValue)" }.joined(separator: " and ")
            return "tandem: warning: \(what) will not be enforced: \(reason)"
        }
        let system: any CgroupSystem
        switch detect() {
        case .success(let found): system = found
        case .failure(let unavailable): return Setup(cgroups: nil, warning: warning(unavailable.reason))
        }
        cleanStale(system)
        let root = "tandem-\(getpid())-\(processStartTime(getpid()) ?? 0)"
        do {
            try system.create(root, limits: CgroupLimits(), leaf: false)
        } catch {
            let hint = error.errno == EACCES || error.errno == EPERM || error.errno == EROFS
                ? " (rootless without a delegated cgroup: run as root, or under systemd-run --user --scope -p Delegate=yes)"
                : ""
            return Setup(cgroups: nil, warning: warning("\(error.description)\(hint)"))
        }
        // Before any container joins it: if tandem is SIGKILLed, the sentinel kills the run's
        // cgroups too, so a process that left its group (setsid) goes as well. Without a
        // sentinel the reactor cannot start and the run fails anyway.
        try? OrphanSentinel.guardCgroup(system.sentinelTarget(root))
        let cgroups = RunCgroups(system: system, root: root, pidsLimit: pidsLimit,
                                 memoryCapacity: NodeAllocatable.host().memoryBytes)
        let missing = needed.subtracting(system.controllers)
        let note = missing.isEmpty ? nil : "tandem: warning: " + missing.sorted().map { controller in
            "limits.\(controller.rawValue) will not be enforced: \(system.missingReason(controller))"
        }.joined(separator: "; ")
        return Setup(cgroups: cgroups, warning: note)
    }

    init(system: any CgroupSystem, root: String, pidsLimit: Int64, memoryCapacity: Int64) {
        self.system = system
        self.root = root
        self.pidsLimit = pidsLimit
        self.memoryCapacity = memoryCapacity
    }

    /// The pod's cgroups, made now; the error says why they could not be.
    public func pod(_ pod: Pod) throws(HostError) -> PodCgroups {
        do {
            let made = try PodCgroups(system: system, parent: root, pod: pod, pidsLimit: pidsLimit,
                                      memoryCapacity: memoryCapacity)
            pods.withLock { $0[pod.metadata?.name ?? ""] = made }
            return made
        } catch {
            throw HostError(error)
        }
    }

    /// A running container's usage (`kubectl top`'s numbers), nil when unknown.
    public func statistics(pod: String, container: String) -> ContainerStatistics? {
        pods.withLock { $0[pod] }?.statistics(container: container)
    }

    /// Kills whatever is left, waits (bounded) for it to go, removes every cgroup of the run.
    /// Blocking: call at the end of the run, off the reactor.
    public func finish() {
        system.kill(root)
        _ = system.waitUntilEmpty(root, milliseconds: 2000)
        system.remove(root)
    }

    /// Removes what tandems that no longer run left behind.
    static func cleanStale(_ system: any CgroupSystem) {
        for name in system.children("") where isStale(name) {
            system.kill(name)
            _ = system.waitUntilEmpty(name, milliseconds: 1000)
            system.remove(name)
        }
    }

    /// True for `tandem-<pid>-<start>` whose process is gone or is another process now.
    static func isStale(_ name: String) -> Bool {
        let parts = name.split(separator: "-")
        guard parts.count == 3, parts[0] == "tandem", let pid = Int32(parts[1]), let start = UInt64(parts[2]) else {
            return false
        }
        return processStartTime(pid) != start
    }

    /// Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot.
    static func processStartTime(_ pid: Int32) -> UInt64? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self)
        // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }
}
