#if canImport(Glibc)
import Glibc
#endif

/// Writes a volume's files the way the kubelet's `AtomicWriter` does, so a program that watches
/// a mounted ConfigMap sees the same layout as in a cluster: the files live in a timestamped
/// directory `..2026_11_30_06_55_00.123456789`, `..data` is a symlink to it (swapped with one
/// rename), and each top-level name is a symlink through `..data`. Blocking; never on the reactor.
/// Written here rather than with a library because the layout is the kubelet's own convention.
public enum AtomicDirectoryWriter {
    /// One file: a relative path (may contain `/`), its bytes and permission bits.
    public struct File: Sendable, Equatable {
        public var path: String
        public var data: [UInt8]
        public var mode: UInt32

        public init(path: String, data: [UInt8], mode: UInt32) {
            self.path = path
            self.data = data
            self.mode = mode
        }
    }

    /// Replaces the payload under `directory` (created if missing) with `files`; `group`, when
    /// set, owns every file and directory written (the pod's `fsGroup`).
    public static func write(_ files: [File], to directory: String, group: UInt32? = nil) throws(OSError) {
        try FileSystem.makeDirectories(directory)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let nanos = String(now.tv_nsec)
        let stamp = "..\(parts.tm_year + 1900)_\(two(parts.tm_mon + 1))_\(two(parts.tm_mday))_"
            + "\(two(parts.tm_hour))_\(two(parts.tm_min))_\(two(parts.tm_sec))."
            + String(repeating: "0", count: max(0, 9 - nanos.count)) + nanos
        let staging = "\(directory)/\(stamp)"
        try check("mkdir \(staging)") { mkdir(staging, 0o755) }
        try check("chmod \(staging)") { chmod(staging, 0o755) }
        if let group { try check("chown \(staging)") { lchown(staging, uid_t.max, group) } }
        for file in files.sorted(by: { $0.path < $1.path }) {
            let target = "\(staging)/\(file.path)"
            if let slash = file.path.lastIndex(of: "/") {
                var current = staging
                for component in file.path[..<slash].split(separator: "/") {
                    current += "/" + component
                    if mkdir(current, 0o755) != 0 && errno != EEXIST { throw OSError("mkdir \(current)", errno: errno) }
                    if let group { try check("chown \(current)") { lchown(current, uid_t.max, group) } }
                }
            }
            let descriptor = try check("open \(target)") { open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
            defer { close(descriptor) }
            try FileSystem.writeAll(file.data, to: descriptor, describing: target)
            if let group { try check("chown \(target)") { fchown(descriptor, uid_t.max, group) } }
            // After chown: chown clears set-id bits, and the umask must not narrow the mode.
            try check("chmod \(target)") { fchmod(descriptor, mode_t(file.mode & 0o7777)) }
        }
        let link = "\(directory)/..data_tmp"
        unlink(link)
        try check("symlink \(link)") { symlink(stamp, link) }
        let previous = readLink("\(directory)/..data")
        try check("rename \(link)") { rename(link, "\(directory)/..data") }
        let visible = Set(files.compactMap { $0.path.split(separator: "/").first.map(String.init) })
        for name in visible.sorted() {
            let path = "\(directory)/\(name)"
            var info = stat()
            if lstat(path, &info) == 0 { continue }
            try check("symlink \(path)") { symlink("..data/\(name)", path) }
        }
        if let previous, previous != stamp {
            removeTree("\(directory)/\(previous)")
        }
        // Names the new payload no longer has (`removeUserVisiblePaths`).
        for name in entries(of: directory) where !visible.contains(name) && !name.hasPrefix("..") {
            if readLink("\(directory)/\(name)")?.hasPrefix("..data/") == true { unlink("\(directory)/\(name)") }
        }
    }

    private static func entries(of directory: String) -> [String] {
        DirectoryEntries.names(directory)
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `rm -rf` without following symlinks; best effort (an old payload left over is harmless).
    public static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in entries(of: path) { removeTree("\(path)/\(name)") }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    @discardableResult
    private static func check(_ operation: String, _ call: () -> Int32) throws(OSError) -> Int32 {
        while true {
            let result = call()
            if result >= 0 { return result }
            if errno == EINTR { continue }
            throw OSError(operation, errno: errno)
        }
    }
}
