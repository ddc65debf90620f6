import Foundation

/// Runs `tandem run` the two ways a user watches it: through one pipe for stdout and stderr (a CI
/// log, `2>&1 | cat`), and on a pseudo-terminal inside tmux (the live view), reading the screen with
/// `capture-pane`. Both can interrupt the run once a line appears, as a user's Ctrl-C would.
enum Story {
    /// Runs tandem with stdout and stderr on one pipe; sends SIGINT once every text of
    /// `interruptAfter` appeared in the output (if any); SIGKILLs it after `limit` seconds. Returns exit status and output.
    static func piped(_ arguments: [String], interruptAfter markers: [String] = [], limit: Double = 60)
        throws -> (status: Int32, output: String)
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
            if !markers.isEmpty, markers.allSatisfy({ text.contains($0) }), collected.markOnce() {
                kill(process.processIdentifier, SIGINT)
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

    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
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
