#if canImport(Glibc)
import Glibc
#endif

/// The few file operations cgroupfs needs: one small read or write per control file, mkdir and
/// rmdir of cgroup directories, a directory listing for clean-up. Control files are kernel
/// objects (no disk behind them), so these calls never wait on I/O.
enum CgroupFile {
    /// The whole content of a control file (they are a few hundred bytes), nil when unreadable.
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk.prefix(count))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `text` in one write(2), as cgroupfs expects (one value per write).
    static func write(_ path: String, _ text: String) throws(OSError) {
        let fd = try systemCall("open \(path)") { open(path, O_WRONLY | O_CLOEXEC) }
        defer { close(fd) }
        var text = text
        let written = try systemCall("write \(text) to \(path)") {
            text.withUTF8 { bytes in Glibc.write(fd, bytes.baseAddress, bytes.count) }
        }
        if written != text.utf8.count { throw OSError("write \(text) to \(path)", errno: EIO) }
    }

    /// mkdir with mode 0755; an existing directory is fine.
    static func makeDirectory(_ path: String) throws(OSError) {
        if mkdir(path, 0o755) == 0 { return }
        let code = errno
        if code != EEXIST { throw OSError("mkdir \(path)", errno: code) }
    }

    /// rmdir; returns 0, or the errno (ENOENT counts as success).
    @discardableResult
    static func removeDirectory(_ path: String) -> Int32 {
        if rmdir(path) == 0 { return 0 }
        let code = errno
        return code == ENOENT ? 0 : code
    }

    /// Names of the subdirectories of `path` (child cgroups).
    static func subdirectories(_ path: String) -> [String] {
        ((try? DirectoryEntries.list(path)) ?? []).filter(\.isDirectory).map(\.name)
    }

    /// Removes `path` and every cgroup below it, deepest first; returns the first errno that
    /// kept a directory in place (EBUSY: processes still in it), or 0.
    @discardableResult
    static func removeTree(_ path: String) -> Int32 {
        var failure: Int32 = 0
        for child in subdirectories(path) {
            let code = removeTree(path + "/" + child)
            if failure == 0 { failure = code }
        }
        let code = removeDirectory(path)
        return failure == 0 ? code : failure
    }

    /// The value of `key` in a flat-keyed file (`memory.events`, `cpu.stat`, `memory.stat`,
    /// `memory.oom_control`): lines of `key value`.
    static func keyed(_ text: String?, _ key: String) -> UInt64? {
        guard let text else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0] == key { return UInt64(parts[1].trimmingWhitespace) }
        }
        return nil
    }

    /// A single-number file (`memory.current`, `cpuacct.usage`), nil when absent or "max".
    static func number(_ path: String) -> UInt64? {
        read(path).flatMap { UInt64($0.trimmingWhitespace) }
    }

    /// The process ids listed in a `cgroup.procs` file.
    static func processes(_ directory: String) -> [Int32] {
        (read(directory + "/cgroup.procs") ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    /// SIGKILL to every process listed in `directory` and below (the v1 way, or a kernel
    /// without cgroup.kill), repeated while new ones appear, at most `rounds` times.
    static func killProcesses(under directory: String, rounds: Int = 8) {
        for _ in 0..<rounds {
            var found = false
            for pid in processes(directory) where pid > 0 {
                found = true
                Glibc.kill(pid, SIGKILL)
            }
            for child in subdirectories(directory) {
                killProcesses(under: directory + "/" + child, rounds: 1)
            }
            if !found { return }
        }
    }
}

extension Substring {
    var trimmingWhitespace: Substring {
        var text = self
        while let last = text.last, last == "\n" || last == " " { text.removeLast() }
        while let first = text.first, first == " " { text.removeFirst() }
        return text
    }
}

extension String {
    var trimmingWhitespace: Substring { Substring(self).trimmingWhitespace }
}
