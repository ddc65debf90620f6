#if canImport(Glibc)
import Glibc
#endif

/// The entries of one directory, as `readdir(3)` gives them (without `.` and `..`), for every
/// place tandem lists a directory: cgroups, run directories, projected volumes, `/proc/PID/fd`.
///
/// Each name is read through the pointer `readdir` returns, never from a copy of `struct dirent`:
/// Swift imports `d_name` as a 256-byte tuple, and a copy of it holds only those bytes, without
/// their terminator when the name is longer. cgroupfs (kernfs) takes names past `NAME_MAX` — a
/// 253-character pod name makes a 257-byte `pod-…` cgroup — and reading such a name from a copy
/// gave a wrong one, so the cgroup below it was never removed and its parent stayed behind
/// (`rmdir` → EBUSY) after every run of that pod.
public enum DirectoryEntries {
    /// One name in a directory and what `d_type` says it is (`DT_UNKNOWN` on file systems that
    /// don't say: check with `lstat` then).
    public struct Entry: Sendable, Equatable {
        public let name: String
        /// `DT_DIR`, `DT_REG`, `DT_LNK`…, as `readdir` reports it.
        public let type: UInt8

        public init(name: String, type: UInt8) {
            self.name = name
            self.type = type
        }

        public var isDirectory: Bool { type == UInt8(DT_DIR) }
    }

    /// The entries of `path` in the order the file system gives them; names that are not UTF-8
    /// are repaired with U+FFFD as `String(cString:)` does. Throws when the directory cannot be
    /// opened (`opendir PATH failed: No such file or directory`).
    public static func list(_ path: String) throws(OSError) -> [Entry] {
        guard let handle = opendir(path) else { throw OSError("opendir \(path)", errno: errno) }
        defer { closedir(handle) }
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        var entries: [Entry] = []
        while let entry = readdir(handle) {
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self))
            if name == "." || name == ".." { continue }
            entries.append(Entry(name: name, type: entry.pointee.d_type))
        }
        return entries
    }

    /// The names in `path`, or none when it cannot be opened.
    public static func names(_ path: String) -> [String] {
        ((try? list(path)) ?? []).map(\.name)
    }
}
