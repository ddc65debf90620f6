import CTandemOS
#if canImport(Glibc)
import Glibc
#endif

/// Whether this process may give containers their own namespaces, found by trying it once in a
/// throw-away child (new user — unless root —, PID and mount namespaces, id maps, a private `/`,
/// a fresh `/proc`): sysctls and security modules differ too much between distributions to read
/// the answer from files. When the kernel refuses, `reason` names the setting in the way.
public struct NamespaceSupport: Sendable, Equatable, CustomStringConvertible {
    /// True when containers can be spawned with `SpawnIsolation.newNamespaces`.
    public let available: Bool
    /// A user namespace is needed (tandem is not root).
    public let needsUserNamespace: Bool
    /// Why not, e.g. `kernel.apparmor_restrict_unprivileged_userns = 1 (clone: Operation not permitted)`.
    public let reason: String

    public var description: String { available ? "available" : reason }

    /// Tries it. About a millisecond; call once per run.
    public static func probe() -> NamespaceSupport {
        let user = geteuid() != 0
        var code: Int32 = 0
        let step = tandem_namespaces_probe(user ? 1 : 0, &code)
        if step == Int32(TANDEM_STEP_NONE.rawValue) {
            return NamespaceSupport(available: true, needsUserNamespace: user, reason: "")
        }
        let what: String
        switch tandem_spawn_step(rawValue: UInt32(step)) {
        case TANDEM_STEP_ID_MAP: what = "write uid_map"
        case TANDEM_STEP_MOUNT_PRIVATE: what = "mount"
        case TANDEM_STEP_MOUNT_PROC: what = "mount /proc"
        default: what = "clone"
        }
        let cause = "\(what): \(errorString(code))"
        return NamespaceSupport(available: false, needsUserNamespace: user,
                                reason: user ? blockingSetting().map { "\($0) (\(cause))" } ?? cause : cause)
    }

    /// The first of the sysctls that forbid unprivileged user namespaces, with its value.
    static func blockingSetting() -> String? {
        let settings: [(file: String, name: String, blocks: (Int) -> Bool)] = [
            ("/proc/sys/kernel/unprivileged_userns_clone", "kernel.unprivileged_userns_clone", { $0 == 0 }),
            ("/proc/sys/user/max_user_namespaces", "user.max_user_namespaces", { $0 == 0 }),
            ("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "kernel.apparmor_restrict_unprivileged_userns", { $0 != 0 }),
        ]
        for setting in settings {
            guard let value = readInteger(setting.file) else { continue }
            if setting.blocks(value) { return "\(setting.name) = \(value)" }
        }
        return nil
    }

    private static func readInteger(_ path: String) -> Int? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return Int(String(decoding: buffer.prefix(count), as: UTF8.self).filter { !$0.isWhitespace })
    }
}
