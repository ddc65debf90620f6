#if canImport(Glibc)
import Glibc
#endif

/// The file operations the runtime needs (log files, termination messages, emptyDir volumes),
/// as plain system calls with typed errors. Blocking: callers keep them off the reactor.
/// Written by hand rather than with swift-system's `FileDescriptor` because these four calls
/// are all tandem needs and the same EINTR/`OSError` rules as the rest of TandemOS apply.
public enum FileSystem {
    /// `mkdir -p path` with mode 0755; existing directories are fine.
    public static func makeDirectories(_ path: String) throws(OSError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) == 0 { continue }
            let code = errno
            if code == EEXIST { continue }
            throw OSError("mkdir \(current)", errno: code)
        }
    }

    /// Opens `path` for appending, creating it (and, unless `makingDirectories` is false, its
    /// directories) with `mode`; the descriptor is close-on-exec and owned by the caller.
    public static func openForAppending(_ path: String, mode: mode_t = 0o640,
                                        makingDirectories: Bool = true) throws(OSError) -> Int32 {
        if makingDirectories, let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        return try systemCall("open \(path)") { open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode) }
    }

    /// Creates `path` (and its directories) as an empty file with exactly `mode` (the umask
    /// does not apply), truncating one that exists; a symbolic link at `path` is refused.
    public static func createEmptyFile(_ path: String, mode: mode_t) throws(OSError) {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        let descriptor = try systemCall("open \(path)") {
            open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode)
        }
        defer { closeDescriptor(descriptor) }
        _ = try systemCall("chmod \(path)") { fchmod(descriptor, mode) }
    }

    /// Writes every byte of `bytes` to `descriptor`.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32, describing subject: String) throws(OSError) {
        var offset = 0
        while offset < bytes.count {
            let written = try systemCall("write \(subject)") {
                bytes.withUnsafeBytes { raw in write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset) }
            }
            guard written > 0 else { throw OSError("write \(subject)", errno: EIO) }
            offset += written
        }
    }

    /// The last `maximum` bytes of the file at `path` (`tail.ReadAtMost` in the kubelet).
    public static func readTail(of path: String, maximum: Int) throws(OSError) -> [UInt8] {
        let descriptor = try systemCall("open \(path)") { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(descriptor) }
        let size = Int(try systemCall("lseek \(path)") { lseek(descriptor, 0, SEEK_END) })
        let start = max(0, size - maximum)
        _ = try systemCall("lseek \(path)") { lseek(descriptor, off_t(start), SEEK_SET) }
        var bytes = [UInt8](repeating: 0, count: size - start)
        var filled = 0
        while filled < bytes.count {
            let count = try systemCall("read \(path)") {
                bytes.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress.map { $0 + filled }, raw.count - filled) }
            }
            guard count > 0 else { break }
            filled += count
        }
        return Array(bytes.prefix(filled))
    }
}
