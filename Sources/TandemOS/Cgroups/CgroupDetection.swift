#if canImport(Glibc)
import Glibc
#endif

/// Finds the cgroup hierarchies and tandem's place in each, from /proc/self/mountinfo and
/// /proc/self/cgroup: pure v2 (with the controllers enabled for tandem's children), or v1
/// controllers with the v2 tree beside them when mounted.
public enum CgroupDetection {
    /// The hierarchy tandem can use, or why none.
    public static func detect() -> Result<any CgroupSystem, CgroupUnavailable> {
        detect(mountInfo: CgroupFile.read("/proc/self/mountinfo"), membership: CgroupFile.read("/proc/self/cgroup"))
    }

    /// The same from given /proc/self/mountinfo and /proc/self/cgroup texts.
    public static func detect(mountInfo: String?, membership: String?) -> Result<any CgroupSystem, CgroupUnavailable> {
        guard let mountInfo, let membership else {
            return .failure(CgroupUnavailable("/proc/self/mountinfo or /proc/self/cgroup is unreadable"))
        }
        var unifiedMount: (point: String, root: String)?
        var v1Mounts: [String: (point: String, root: String)] = [:]
        for line in mountInfo.split(separator: "\n") {
            let halves = line.split(separator: " - ", maxSplits: 1)
            guard halves.count == 2 else { continue }
            let fields = halves[0].split(separator: " ")
            let tail = halves[1].split(separator: " ")
            guard fields.count >= 5, tail.count >= 3 else { continue }
            let mount = (point: unescape(fields[4]), root: unescape(fields[3]))
            if tail[0] == "cgroup2" {
                unifiedMount = unifiedMount ?? mount
            } else if tail[0] == "cgroup" {
                for option in tail[2].split(separator: ",") {
                    let name = String(option)
                    if ["memory", "cpu", "cpuacct", "pids", "freezer"].contains(name), v1Mounts[name] == nil {
                        v1Mounts[name] = mount
                    }
                }
            }
        }
        var unifiedPath: String?
        var v1Paths: [String: String] = [:]
        for line in membership.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = String(parts[2])
            if parts[0] == "0" && parts[1].isEmpty {
                unifiedPath = path
            } else {
                for controller in parts[1].split(separator: ",") { v1Paths[String(controller)] = path }
            }
        }
        func directory(_ mount: (point: String, root: String), _ path: String) -> String? {
            // Inside a cgroup namespace or a bind mount the mount's root is a prefix of the path.
            let relative: Substring
            if mount.root == "/" {
                relative = Substring(path)
            } else if path.hasPrefix(mount.root) {
                relative = path.dropFirst(mount.root.count)
            } else {
                return nil
            }
            let trimmed = relative.hasSuffix("/") ? relative.dropLast() : relative
            return mount.point + (trimmed.isEmpty || trimmed.hasPrefix("/") ? String(trimmed) : "/" + trimmed)
        }
        let unified = unifiedMount.flatMap { mount in unifiedPath.flatMap { directory(mount, $0) } }

        if v1Mounts["memory"] != nil || v1Mounts["cpu"] != nil || v1Mounts["pids"] != nil {
            var bases: [String: String] = [:]
            for (controller, mount) in v1Mounts {
                if let path = v1Paths[controller], let base = directory(mount, path) { bases[controller] = base }
            }
            return .success(CgroupV1System(bases: bases, unified: unified))
        }
        guard let unified else { return .failure(CgroupUnavailable("no cgroup hierarchy is mounted")) }
        return .success(v2System(base: unified, mountPoint: unifiedMount?.point ?? unified))
    }

    /// The v2 system rooted at `base`, with as many controllers enabled for its children as
    /// the kernel allows. A cgroup holding processes cannot pass controllers down (the "no
    /// internal processes" rule) unless it is the root; as root, tandem then nests under the
    /// hierarchy's root instead, as the kubelet's `kubepods` does.
    static func v2System(base: String, mountPoint: String) -> CgroupV2System {
        var base = base
        var (enabled, reason) = enableControllers(in: base)
        if enabled.count < CgroupController.allCases.count, base != mountPoint, geteuid() == 0 {
            let (rootEnabled, rootReason) = enableControllers(in: mountPoint)
            if rootEnabled.count > enabled.count {
                base = mountPoint
                (enabled, reason) = (rootEnabled, rootReason)
            }
        }
        return CgroupV2System(base: base, controllers: enabled, missing: reason)
    }

    private static func enableControllers(in directory: String) -> (Set<CgroupController>, String) {
        let available = Set((CgroupFile.read(directory + "/cgroup.controllers") ?? "")
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        var enabled: Set<CgroupController> = []
        var reason = "not delegated"
        for controller in CgroupController.allCases {
            guard available.contains(controller.rawValue) else { continue }
            do {
                try CgroupFile.write(directory + "/cgroup.subtree_control", "+" + controller.rawValue)
                enabled.insert(controller)
            } catch {
                reason = error.errno == EBUSY
                    ? "it holds processes, so it cannot pass controllers to children"
                    : error.reason
            }
        }
        return (enabled, reason)
    }

    /// mountinfo escapes space, tab, newline and backslash as octal (`\040`).
    private static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3,
               let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
