import Foundation

/// Runs `tandem run` the two ways a user watches it: through one pipe for stdout and stderr (a CI
/// log, `2>&1 | cat`), and on a pseudo-terminal inside tmux (the live view), reading the screen with
/// `capture-pane`. Both can interrupt the run once a line appears, as a user's Ctrl-C would.
enum Story {
    /// Runs tandem with stdout and stderr on one pipe; sends `signal` (SIGINT, a Ctrl-C) once every
    /// text of `interruptAfter` appeared in the output (if any; a text listed twice must appear twice);
    /// SIGKILLs it after `limit` seconds.
    /// Returns exit status and output.
    static func piped(_ arguments: [String], interruptAfter markers: [String] = [], signal: Int32 = SIGINT,
                      limit: Double = 60) throws -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = arguments
        process.currentDirectoryURL = Tandem.repository
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let collected = Collected()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                collected.finish()
                return
            }
            let text = collected.append(data)
            if !markers.isEmpty, markers.allSatisfy({ marker in
                text.components(separatedBy: marker).count - 1 >= markers.filter { $0 == marker }.count
            }), collected.markOnce() {
                kill(process.processIdentifier, signal)
            }
        }
        try process.run()
        let pid = process.processIdentifier
        let timer = DispatchWorkItem { if process.isRunning { kill(pid, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: timer)
        process.waitUntilExit()
        timer.cancel()
        collected.waitForEnd(seconds: 5)
        return (process.terminationStatus, collected.text)
    }

    /// Output gathered from a reading thread.
    final class Collected: @unchecked Sendable {
        private let lock = NSCondition()
        private var data = Data()
        private var marked = false
        private var ended = false

        func append(_ chunk: Data) -> String {
            lock.lock()
            defer { lock.unlock() }
            data.append(chunk)
            return String(decoding: data, as: UTF8.self)
        }

        func markOnce() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            defer { marked = true }
            return !marked
        }

        func finish() {
            lock.lock()
            ended = true
            lock.broadcast()
            lock.unlock()
        }

        func waitForEnd(seconds: Double) {
            lock.lock()
            let deadline = Date().addingTimeInterval(seconds)
            while !ended, lock.wait(until: deadline) {}
            lock.unlock()
        }

        var text: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// The varying parts of a transcript, masked: offsets (`+1.006s` → `+T`), the run directory,
    /// dates in the proxy's access log, widths of the summary's time column.
    static func mask(_ text: String, runDirectory: String) -> String {
        var masked = text.replacingOccurrences(of: runDirectory, with: "<DIR>")
        masked = masked.replacingOccurrences(of: #"\+\d+\.\d{3}s"#, with: "+T", options: .regularExpression)
        masked = masked.replacingOccurrences(of: #"\[\d{2}/\w{3}/\d{4} \d{2}:\d{2}:\d{2}\]"#, with: "[DATE]",
                                             options: .regularExpression)
        // The live block's `kubectl top` figures (where cgroups exist) vary from run to run.
        masked = masked.replacingOccurrences(of: #"  cpu \d+m  mem \d+Mi$"#, with: "", options: .regularExpression)
        return masked
    }

    /// The lines tandem itself printed (its own lines and every lifecycle fact), without the containers' output.
    static func factLines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.contains(" | ") }
    }
}

/// A tmux session running tandem on a pseudo-terminal of a fixed size.
struct TmuxSession {
    let name: String

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    /// Starts `tandem ARGUMENTS` in a new detached session of `columns`×`rows`; the pane stays
    /// after tandem exits (its exit status is printed as `EXIT=N`).
    init(_ arguments: [String], columns: Int = 100, rows: Int = 30) throws {
        name = "tandem-story-\(UUID().uuidString.prefix(8))"
        let command = ([Tandem.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        try Self.tmux(["new-session", "-d", "-s", name, "-x", String(columns), "-y", String(rows), "-c",
                       Tandem.repository.path, "\(command); echo EXIT=$?; sleep 600"])
    }

    /// The tests' own tmux server (`-L`), so that a run never depends on a server left by someone else.
    static let socketName = "tandem-tests-\(getpid())"

    /// Runs `tmux ARGUMENTS` and returns its standard output; fails after `limit` seconds.
    ///
    /// Not Foundation's `Process`: it leaves the child a socket whose end-of-file is how it learns
    /// of the exit, and the tmux server forked by the first `new-session` keeps that socket, so
    /// `waitUntilExit` would wait for the server (for ever, on a fresh machine such as CI's). Here
    /// the child gets only 0–2 and the parent waits for its pid.
    @discardableResult
    static func tmux(_ arguments: [String], limit: Double = 30) throws -> String {
        try ClosedSpawn.run("/usr/bin/tmux", ["-L", socketName] + arguments, limit: limit)
    }

    /// The screen as shown (no escape sequences), trailing blank lines dropped.
    func screen() throws -> [String] {
        var lines = try Self.tmux(["capture-pane", "-p", "-t", name]).split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0) }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines
    }

    /// Waits until the screen contains `text` (up to `seconds`); returns the screen then.
    func waitFor(_ text: String, seconds: Double = 20) throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var lines = try screen()
        while !lines.joined(separator: "\n").contains(text), Date() < deadline {
            usleep(50_000)
            lines = try screen()
        }
        return lines
    }

    func send(_ keys: String) throws {
        try Self.tmux(["send-keys", "-t", name, keys])
    }

    func close() {
        _ = try? Self.tmux(["kill-session", "-t", name])
    }
}

/// Runs a program with standard input from /dev/null, standard output on a pipe, standard error to
/// /dev/null and no other descriptor of ours (`posix_spawn` with closefrom), and waits for its pid.
/// For programs that leave daemons behind (tmux), where `Process` would wait for the daemon.
enum ClosedSpawn {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34), which the Glibc module does not export.
    private static let closeFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return { _, _ in ENOSYS }
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    static func run(_ path: String, _ arguments: [String], limit: Double) throws -> String {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe: \(errno)") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        defer { close(fds[0]) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        guard closeFrom(&actions, 3) == 0 else { throw Failure(description: "posix_spawn_file_actions_addclosefrom_np failed") }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(fds[1])
        guard spawned == 0 else { throw Failure(description: "posix_spawn \(path): \(spawned)") }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(limit)
        while true {
            let left = deadline.timeIntervalSinceNow
            var entry = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
            if left <= 0 || poll(&entry, 1, Int32(left * 1000) + 1) == 0 {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                throw Failure(description: "\(path) \(arguments) did not end within \(limit) s")
            }
            let count = read(fds[0], &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            output += buffer.prefix(count)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }
}
