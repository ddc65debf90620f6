import Foundation
import Testing

/// The supervisor never stalls or dies because of its terminal (issue 10 item 4): a reader
/// that stops reading, or goes away, changes what reaches the terminal, nothing else.
@Suite(.serialized) struct TerminalTests {
    /// The pod's phase and its only container's exit code, from a `--status-file`.
    func outcome(_ statusFile: URL) throws -> (phase: String?, exitCode: Int?) {
        let pod = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: statusFile)) as? [String: Any])
        let status = try #require(pod["status"] as? [String: Any])
        let container = (status["containerStatuses"] as? [[String: Any]])?.first
        let terminated = (container?["state"] as? [String: Any])?["terminated"] as? [String: Any]
        return (status["phase"] as? String, terminated?["exitCode"] as? Int)
    }

    func waitForExit(_ process: Process, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return !process.isRunning
    }

    /// stdout and stderr are pipes that nobody reads: the container's 100,000 lines fill them
    /// at once. SIGTERM must still be honoured with the pod's grace period (2 s; the container
    /// ignores SIGTERM, so it is killed then), the status file written, every line kept in the
    /// log, and tandem must exit.
    @Test func aReaderThatStopsReadingDoesNotStallTheSupervisor() throws {
        let (directory, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: flood}
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 2
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "trap '' TERM; seq 1 100000; while :; do sleep 0.1; done"]
            """)
        let statusFile = directory.appendingPathComponent("status.json")
        let logs = directory.appendingPathComponent("logs")
        let log = logs.appendingPathComponent("flood/app/0.log")
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = ["run", "--status-file", statusFile.path, "--log-dir", logs.path, file.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }

        // Wait (up to 30 s on a loaded machine) until the whole output is in the log: far more
        // than a pipe holds (64 KiB).
        var logged = 0
        for _ in 0..<1500 {
            logged = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if logged >= 100_000 { break }
            usleep(20_000)
        }
        #expect(logged == 100_000)

        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        var statusAfter: Double?
        while Date().timeIntervalSince(signalled) < 10 {
            if FileManager.default.fileExists(atPath: statusFile.path) {
                statusAfter = Date().timeIntervalSince(signalled)
                break
            }
            usleep(20_000)
        }
        // The grace period is 2 s; the container is killed then, and the pod is over.
        let written = try #require(statusAfter)
        #expect(written >= 1.9 && written < 6, "status file written \(written) s after SIGTERM")
        // tandem gives a reader that takes nothing 2 s to drain, then exits anyway.
        #expect(waitForExit(process, within: 10))
        #expect(process.terminationStatus == 1)
        #expect(try outcome(statusFile) == ("Failed", 137))

        // What did reach the terminal starts at the first line, in order.
        let shown = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(shown.hasPrefix("app | 1\napp | 2\napp | 3\n"))
    }

    /// `tandem run pod.yaml | head -1`: the reader takes one line and exits; stderr's reader
    /// is gone from the start. tandem runs the pod to its normal end: exit code and status
    /// file as without the pipes.
    @Test func aReaderThatGoesAwayDoesNotKillTandem() throws {
        let (directory, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: short}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "echo first; sleep 0.5; seq 1 20000; sleep 0.3; exit 3"]
            """)
        let statusFile = directory.appendingPathComponent("status.json")
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = ["run", "--status-file", statusFile.path, file.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        try err.fileHandleForReading.close()

        var firstLine: [UInt8] = []
        var byte: UInt8 = 0
        while read(out.fileHandleForReading.fileDescriptor, &byte, 1) == 1 {
            firstLine.append(byte)
            if byte == 10 { break }
        }
        try out.fileHandleForReading.close()
        #expect(String(decoding: firstLine, as: UTF8.self) == "app | first\n")

        #expect(waitForExit(process, within: 15))
        // Killed by SIGPIPE would be a signal exit (`terminationReason == .uncaughtSignal`).
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 1)
        #expect(try outcome(statusFile) == ("Failed", 3))
    }

    /// `tandem run … >&- 2>&-`: closed descriptors are no terminal at all. An invalid manifest
    /// still exits 2 (it crashed writing its error), a valid pod runs to its end, and no file
    /// tandem opens takes the place of stdout (its log holds the container's line only).
    @Test func closedStandardDescriptorsAreNoTerminal() throws {
        let (directory, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: quiet}
            spec:
              restartPolicy: Never
              containers:
              - {name: app, image: busybox, command: ["echo", "hello"]}
            """)
        let invalid = directory.appendingPathComponent("invalid.yaml")
        try "apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n  containers:\n  - {name: \"\", image: busybox}\n"
            .write(to: invalid, atomically: true, encoding: .utf8)
        let logs = directory.appendingPathComponent("logs")
        func runClosed(_ arguments: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec \"$0\" run \(arguments) >&- 2>&-", Tandem.binary.path]
            try process.run()
            process.waitUntilExit()
            return process
        }
        let refused = try runClosed(invalid.path)
        #expect(refused.terminationReason == .exit && refused.terminationStatus == 2)
        let ran = try runClosed("--log-dir \(logs.path) \(file.path)")
        #expect(ran.terminationReason == .exit && ran.terminationStatus == 0)
        let log = try String(contentsOf: logs.appendingPathComponent("quiet/app/0.log"), encoding: .utf8)
        #expect(log.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) }
                == ["stdout F hello"])
    }
}
