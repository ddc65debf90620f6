import Foundation

extension Tandem {
    struct TimedResult {
        var result: Result
        var seconds: Double
        /// True when the run had to be killed at `limit`: it would have hung.
        var killed: Bool
    }

    /// Runs tandem like `run(_:)`, but SIGKILLs it after `limit` seconds (its sentinel then kills
    /// its containers), so a test of something that used to hang fails instead of hanging.
    static func run(_ arguments: [String], limit: Double) throws -> TimedResult {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repository
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let started = Date()
        try process.run()
        let pid = process.processIdentifier
        let killed = KillFlag()
        let timer = DispatchWorkItem {
            if process.isRunning {
                killed.set()
                kill(pid, SIGKILL)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: timer)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        return TimedResult(
            result: Result(status: process.terminationStatus,
                           stdout: String(decoding: stdout, as: UTF8.self),
                           stderr: String(decoding: stderr, as: UTF8.self)),
            seconds: Date().timeIntervalSince(started), killed: killed.isSet)
    }

    final class KillFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }
}
