import Foundation
import Glibc
import TandemAPI
import TandemOS
import TandemRecords

/// Where `tandem run` writes (`--status-file`, `--events`, `--log-dir`), checked before anything
/// starts and made absolute.
///
/// Checked up front because a path that cannot be written used to fail only after the whole pod
/// had run (the status file is written at the end). Made absolute because a path given on the
/// command line means "relative to where I ran tandem", while the places that use it may run
/// elsewhere: a container's bind mount of its emptyDir is made by the child process (after a
/// `chdir` to `workingDir` or inside other namespaces, in future), and logs are opened on worker
/// threads. Resolving once, at the edge, keeps every later join (`<dir>/<pod>/<container>/…`)
/// correct.
struct RunOutputPaths {
    var statusFile: String?
    var eventsFile: String?
    var logDirectory: String?

    /// The flags' paths, absolute (nothing is checked yet).
    init(statusFile: String?, eventsFile: String? = nil, logDirectory: String?) {
        self.statusFile = statusFile.map(Self.absolute)
        self.eventsFile = eventsFile.map(Self.absolute)
        self.logDirectory = logDirectory.map(Self.absolute)
    }

    /// One `tandem: --flag "path": reason` line per path that cannot be written; nothing is
    /// created (a run refused for another reason leaves no directory behind). A file directly in
    /// the `--log-dir`, which the run will make, is accepted while that directory is still missing.
    var problems: [String] {
        var lines: [String] = []
        for (flag, path) in [("status-file", statusFile), ("events", eventsFile)] {
            guard let path else { continue }
            if let logDirectory, Self.parentDirectory(of: path) == Self.trimmed(logDirectory), !Self.isDirectory(path) {
                continue
            }
            if let reason = Self.fileProblem(path) {
                lines.append("tandem: --\(flag) \(GoQuoting.quote(path)): \(reason)")
            }
        }
        if let logDirectory, let reason = Self.directoryProblem(logDirectory) {
            lines.append("tandem: --log-dir \(GoQuoting.quote(logDirectory)): \(reason)")
        } else if let logDirectory, RunLock.isHeld(in: logDirectory) {
            lines.append("tandem: --log-dir \(GoQuoting.quote(logDirectory)): \(GoQuoting.printable(RunDirectory.inUse(logDirectory)))")
        }
        // Without --log-dir the run lives under the root: a planted or foreign one is refused here.
        if logDirectory == nil, let problem = RunDirectory.rootProblem(RunDirectory.defaultRoot()) {
            lines.append("tandem: \(GoQuoting.printable(problem))")
        }
        return lines
    }

    /// Makes the log directory (`mkdir -p`) once the run is accepted; a problem as one line.
    func makeLogDirectory() -> String? {
        guard let logDirectory else { return nil }
        do {
            try FileSystem.makeDirectories(logDirectory)
            return nil
        } catch {
            return "tandem: --log-dir \(GoQuoting.quote(logDirectory)): \(GoQuoting.printable(error.description))"
        }
    }

    /// `path` against the current directory; absolute paths unchanged.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let current = FileManager.default.currentDirectoryPath
        if path.isEmpty || path == "." { return current }
        return current.hasSuffix("/") ? current + path : current + "/" + path
    }

    /// Why a file could not be created or replaced at `path`, if anything: it is a directory,
    /// or its directory is missing, not a directory, or not writable (read-only file system,
    /// permissions).
    static func fileProblem(_ path: String) -> String? {
        if isDirectory(path) { return "is a directory" }
        let parent = parentDirectory(of: path)
        var status = stat()
        guard stat(parent, &status) == 0 else {
            return "directory \(GoQuoting.quote(parent)): \(reason(errno))"
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else { return "\(GoQuoting.quote(parent)) is not a directory" }
        guard access(parent, W_OK | X_OK) == 0 else {
            return "directory \(GoQuoting.quote(parent)) is not writable: \(reason(errno))"
        }
        return nil
    }

    /// Why `mkdir -p path` and then files in it could not be made, if anything: checked on the
    /// deepest part of the path that exists.
    static func directoryProblem(_ path: String) -> String? {
        var existing = path
        var status = stat()
        while stat(existing, &status) != 0 {
            let code = errno
            // A missing part, or a file where a directory should be: look further up.
            guard code == ENOENT || code == ENOTDIR else { return "\(GoQuoting.quote(existing)): \(reason(code))" }
            let parent = parentDirectory(of: existing)
            if parent == existing { return "\(GoQuoting.quote(existing)): \(reason(code))" }
            existing = parent
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else { return "\(GoQuoting.quote(existing)) is not a directory" }
        guard access(existing, W_OK | X_OK) == 0 else {
            return "directory \(GoQuoting.quote(existing)) is not writable: \(reason(errno))"
        }
        return nil
    }

    /// Writes `bytes` to `path` atomically (a temporary file beside it, renamed over it), with
    /// the system's reason on failure instead of Foundation's `NSCocoaErrorDomain` text.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(StatusFileError) {
        let temporary = "\(parentDirectory(of: path))/.\(path.split(separator: "/").last ?? "status").tandem-\(getpid())"
        do {
            let descriptor = try FileSystem.openForAppending(temporary, mode: 0o644)
            defer { close(descriptor) }
            _ = ftruncate(descriptor, 0)
            try FileSystem.writeAll(bytes, to: descriptor, describing: temporary)
        } catch {
            unlink(temporary)
            throw StatusFileError(path: path, reason: error.reason)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw StatusFileError(path: path, reason: reason(code))
        }
    }

    /// The directory holding `path` (`/` for `/x`, `.` for a bare name).
    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        var parent = String(path[..<slash])
        while parent.count > 1, parent.hasSuffix("/") { parent.removeLast() }
        return parent
    }

    /// `path` without trailing slashes (`/` stays).
    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }

    private static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    private static func reason(_ code: Int32) -> String {
        OSError("", errno: code).reason
    }
}

/// The status file could not be written at the end of a run (its directory went away or
/// filled up): one line, as every other problem.
struct StatusFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String {
        "tandem: --status-file \(GoQuoting.quote(path)): cannot write: \(GoQuoting.printable(reason))"
    }
}
