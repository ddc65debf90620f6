import Dispatch
import Foundation
import Glibc
import Synchronization
import TandemAPI
import TandemOS

/// The home of one `tandem run`: its CRI logs, `run.json`, `events.jsonl` and `pods.json`.
///
/// By default `$TMPDIR/tandem-<uid>/runs/<yyyyMMdd-HHmmss.SSS>-<pid>` (names sort by start
/// time), or the `--log-dir` given (relative to the working directory). Beside the runs, an
/// index that spares users hunting for folders: `pods/<namespace>_<pod>` links to the newest run
/// of that pod and `latest` to the newest run, each replaced atomically (symlink + rename).
/// Starting a run removes all but the newest `keepRuns` runs under `runs/`, never one whose
/// lock (`RunLock`) a live process holds.
///
/// Index and `run.json` writes after start-up (a Job creating a pod, a pod's status changing) run
/// on a queue of their own: callers may be the reactor's thread, which must not wait for the disk.
public final class RunDirectory: Sendable {
    /// Absolute path of this run's directory.
    public let path: String
    /// `$TMPDIR/tandem-<uid>` (or the root given in tests).
    public let root: String
    private let lock: Mutex<Int32>
    private let pods = Mutex<[Pod]>([])
    /// When `run.json` may be written next, and whether a write is scheduled and has not started.
    private let manifestWrites = Mutex(ManifestWrites())
    private let startTime: String
    private let pid: Int32
    private let queue = DispatchQueue(label: "tandem.run-directory")

    /// `$TMPDIR/tandem-<uid>` (`/tmp` without TMPDIR): private to this user.
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let temporary = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (temporary.hasSuffix("/") ? String(temporary.dropLast()) : temporary) + "/tandem-\(getuid())"
    }

    /// The directory name of a run started at `time` by `pid`: sortable, unique per process.
    public static func runName(startedAt time: RecordTime, pid: Int32) -> String {
        let stamp = time.rfc3339NanoFixed  // 2026-11-30T06:00:01.123456789Z
        let digits = stamp.filter(\.isNumber)  // 20261130060001123456789
        let date = digits.prefix(8)
        let clock = digits.dropFirst(8).prefix(6)
        let millis = digits.dropFirst(14).prefix(3)
        return "\(date)-\(clock).\(millis)-\(pid)"
    }

    /// Creates the run's directory, takes its lock, writes an empty `run.json`, points `latest`
    /// at it and prunes old runs.
    /// - Parameters:
    ///   - logDirectory: `--log-dir`, relative to the working directory, or nil for the default.
    ///   - keepRuns: how many runs (this one included, at least 1) stay under `runs/`.
    public init(logDirectory: String?, keepRuns: Int, root: String = RunDirectory.defaultRoot(),
                pid: Int32 = getpid(), now: RecordTime = .now()) throws(RunDirectoryError) {
        self.root = root
        self.pid = pid
        self.startTime = now.rfc3339Micro
        // With --log-dir the run needs no root: an unusable one (a planted symlink or another
        // user's directory) leaves the run unindexed, with a warning, instead of refusing it.
        var unindexed: String?
        do throws(RunDirectoryError) {
            try Self.makePrivateRoot(root)
        } catch {
            guard logDirectory != nil else { throw error }
            unindexed = error.description
        }
        indexWarning = unindexed
        do throws(OSError) {
            if let logDirectory {
                path = Self.absolute(logDirectory)
            } else {
                path = "\(root)/runs/\(Self.runName(startedAt: now, pid: pid))"
            }
            try FileSystem.makeDirectories(path)
        } catch {
            throw RunDirectoryError(description: error.description)
        }
        do throws(OSError) {
            lock = Mutex(try RunLock.acquire(in: path))
        } catch where error.errno == EWOULDBLOCK {
            throw RunDirectoryError(description: Self.inUse(path))
        } catch {
            throw RunDirectoryError(description: error.description)
        }
        // A --log-dir used before: the finished run's records go, so logs never mix two runs.
        PreviousRun.clear(in: path)
        writeManifest([])
        guard unindexed == nil else { return }
        Self.link("\(root)/latest", to: path)
        // Off the start-up path (removing old runs takes as long as their files); `finish` waits for it.
        let (root, path, keeping) = (root, path, max(1, keepRuns))
        queue.async { Self.prune(root: root, keeping: keeping, current: path) }
    }

    /// Why this run has no index entries (`latest`, `pods/…`), if it has none: the root's problem.
    public let indexWarning: String?

    /// `<path> is in use by the live tandem run <pid>`: naming the process holding the lock.
    public static func inUse(_ path: String) -> String {
        let owner = RunRecords(directory: path).manifest.map { " (pid \($0.pid), started \($0.startTime))" } ?? ""
        return "\(path) is in use by a live tandem run\(owner)"
    }

    /// Adds `pod` to `run.json` and points `pods/<namespace>_<name>` at this run; returns at
    /// once (the files are written in order on the directory's own queue).
    public func record(_ pod: Pod) {
        pods.withLock { pods in
            var admitted = pod
            admitted.status = nil
            pods.append(admitted)
        }
        let key = Self.indexKey(namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? "")
        scheduleManifestWrite()
        queue.async { [self] in
            guard indexWarning == nil else { return }
            try? FileSystem.makeDirectories("\(root)/pods")
            Self.link("\(root)/pods/\(key)", to: path)
        }
    }

    /// Sets the status of the recorded pod `pod` (same namespace and name) in `run.json`, so
    /// `tandem describe` shows a live run as it is; returns at once. Writes are coalesced: one
    /// pending write at a time, and it writes the latest statuses when it runs.
    public func update(_ pod: Pod, status: PodStatus) {
        let name = pod.metadata?.name
        let namespace = pod.metadata?.namespace ?? "default"
        let changed = pods.withLock { pods -> Bool in
            guard let index = pods.lastIndex(where: { $0.metadata?.name == name && ($0.metadata?.namespace ?? "default") == namespace })
            else { return false }
            guard pods[index].status != status else { return false }
            pods[index].status = status
            return true
        }
        if changed { scheduleManifestWrite() }
    }

    /// Queues one write of `run.json` unless one is pending already; the write takes the pods as
    /// they are when it runs, so the file never goes back to an older state. Writes are paced:
    /// the next one starts no sooner than nine times the last one's duration after it ended, so
    /// they take at most a tenth of a core. A 250-pod run's `run.json` is 650 KB, and written on
    /// every status change (1,334 writes in one start and stop of 1,000 containers) it took more
    /// CPU than the run itself; a one-pod run's takes well under a millisecond, so its file
    /// follows the pod at once.
    private func scheduleManifestWrite() {
        let delay = manifestWrites.withLock { writes -> UInt64? in
            guard !writes.pending else { return nil }
            writes.pending = true
            let now = SystemClock.monotonicNanoseconds()
            return writes.notBefore > now ? writes.notBefore - now : 0
        }
        guard let delay else { return }
        let write: @Sendable () -> Void = { [self] in
            let pending = manifestWrites.withLock { writes -> Bool in
                defer { writes.pending = false }
                return writes.pending
            }
            guard pending else { return }  // finish() wrote it already
            let start = SystemClock.monotonicNanoseconds()
            writeManifest(pods.withLock { $0 })
            let end = SystemClock.monotonicNanoseconds()
            manifestWrites.withLock { $0.notBefore = end &+ (end &- start) &* 9 }
        }
        if delay == 0 {
            queue.async(execute: write)
        } else {
            queue.asyncAfter(deadline: .now() + .nanoseconds(Int(min(delay, UInt64(Int.max)))), execute: write)
        }
    }

    /// Whether a `run.json` write is scheduled, and the earliest monotonic time the next may start.
    private struct ManifestWrites {
        var pending = false
        var notBefore: UInt64 = 0
    }

    /// Waits for pending index writes and releases the run's lock: the run is over.
    public func finish() {
        queue.sync {
            // A write still waiting for its turn is done now: the file ends with the last statuses.
            let pending = manifestWrites.withLock { writes -> Bool in
                defer { writes.pending = false }
                return writes.pending
            }
            if pending { writeManifest(pods.withLock { $0 }) }
        }
        lock.withLock { descriptor in
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
        }
    }

    /// `<namespace>_<pod>`, as the kubelet names pod log directories.
    public static func indexKey(namespace: String?, name: String) -> String {
        "\(namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default")_\(name)"
    }

    private func writeManifest(_ pods: [Pod]) {
        let manifest = RunManifest(pid: pid, startTime: startTime, pods: pods)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(manifest) else { return }
        Self.replace("\(path)/\(RunManifest.fileName)", with: data)
    }

    /// Writes `data` to a temporary sibling and renames it over `path`: readers see the old
    /// file or the new one, never half of one.
    static func replace(_ path: String, with data: Data) {
        let temporary = "\(path).\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// Points the symlink `link` at `target`, atomically.
    static func link(_ link: String, to target: String) {
        let temporary = "\(link).\(getpid()).tmp"
        unlink(temporary)
        guard symlink(target, temporary) == 0 else { return }
        if rename(temporary, link) != 0 { unlink(temporary) }
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let base = FileManager.default.currentDirectoryPath
        return path == "." ? base : base + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// `root` made 0700 if new, made 0700 again if it is this user's directory with group or
    /// other bits (a shared `/tmp` must not let others read or plant runs); a symlink, a
    /// non-directory or another user's directory is refused with `rootProblem`'s line.
    static func makePrivateRoot(_ root: String) throws(RunDirectoryError) {
        if let slash = root.lastIndex(of: "/"), slash != root.startIndex {
            do throws(OSError) {
                try FileSystem.makeDirectories(String(root[..<slash]))
            } catch {
                throw RunDirectoryError(description: error.description)
            }
        }
        if mkdir(root, 0o700) != 0, errno != EEXIST {
            throw RunDirectoryError(description: OSError("mkdir \(root)", errno: errno).description)
        }
        if let problem = rootProblem(root) { throw RunDirectoryError(description: problem) }
        // Opened without following links, so the directory checked is the one changed.
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw RunDirectoryError(description: OSError("open \(root)", errno: errno).description) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_uid == getuid() else {
            throw RunDirectoryError(description: rootProblem(root) ?? "\(root) changed while tandem checked it")
        }
        if info.st_mode & 0o077 != 0, fchmod(descriptor, 0o700) != 0 {
            throw RunDirectoryError(description: OSError("chmod 0700 \(root)", errno: errno).description)
        }
    }

    /// Why `root` cannot be tandem's private directory, in one line, or nil when it can (or does
    /// not exist yet): a symlink, not a directory, or another user's.
    public static func rootProblem(_ root: String) -> String? {
        var info = stat()
        guard lstat(root, &info) == 0 else {
            return errno == ENOENT ? nil : OSError("stat \(root)", errno: errno).description
        }
        let advice = "remove it or set TMPDIR to another directory"
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return "\(root) is a symbolic link, not a directory of uid \(getuid()): \(advice)"
        case S_IFDIR: break
        default: return "\(root) is not a directory: \(advice)"
        }
        guard info.st_uid == getuid() else {
            return "\(root) belongs to uid \(info.st_uid), not to uid \(getuid()): \(advice)"
        }
        return nil
    }

    /// Removes the oldest runs under `root/runs` beyond `keeping` (never `current`, never one
    /// whose lock is held), then index links whose run is gone.
    static func prune(root: String, keeping: Int, current: String) {
        let runs = "\(root)/runs"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
        for name in names.dropLast(keeping) {
            let candidate = "\(runs)/\(name)"
            guard candidate != current, !RunLock.isHeld(in: candidate) else { continue }
            try? FileManager.default.removeItem(atPath: candidate)
        }
        let index = "\(root)/pods"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: index)) ?? [] {
            let link = "\(index)/\(name)"
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link),
               !FileManager.default.fileExists(atPath: target) {
                unlink(link)
            }
        }
    }
}

/// Why a run directory could not be made or locked, in one line.
public struct RunDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
}

extension RecordTime {
    /// RFC 3339 with exactly 6 fractional digits, UTC, as `eventTime` (`MicroTime`) is written.
    public var rfc3339Micro: String {
        let nano = rfc3339NanoFixed
        return String(nano.dropLast(4)) + "Z"
    }
}
