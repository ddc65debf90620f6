import Foundation

/// Runs the built `tandem` executable (next to the test bundle) the way a user would.
enum Tandem {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = own.deletingLastPathComponent()
        // `swift test` runs <bin>/tandemPackageTests.xctest; Swift Testing may run from deeper.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("tandem")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/tandem")
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs the binary with `arguments`, or with `shell` `/bin/sh` and `arguments` as its own
    /// (to feed standard input from a file). After `deadline` seconds its process group is
    /// SIGKILLed (tandem's sentinel then ends its containers), so a run that would hang fails the
    /// test with what it printed instead of holding the whole test run.
    static func run(_ arguments: [String], environment: [String: String]? = nil, shell: Bool = false,
                    executable: String? = nil, currentDirectory: URL? = nil, deadline: Double = 240) throws -> Result {
        let process = Process()
        process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? (shell ? URL(fileURLWithPath: "/bin/sh") : binary)
        process.arguments = arguments
        process.currentDirectoryURL = currentDirectory ?? repository
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        // Process starts the child as the leader of its own process group.
        let timer = DispatchWorkItem { if process.isRunning { kill(-pid, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + deadline, execute: timer)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Pids of live processes whose environment contains `marker`.
    static func processes(carrying marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
                  let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  !status.contains(") Z ")
            else { return false }
            return String(decoding: environ, as: UTF8.self).contains(marker)
        }
    }
}

extension Tandem {
    /// Writes `text` as `name` into a new temporary directory; returns both.
    static func manifest(named name: String = "pod.yaml", _ text: String) throws -> (directory: URL, file: URL) {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (directory, file)
    }

    /// Starts `tandem run --quiet FILE` and waits (up to 5 s) until at least `count` live
    /// processes carry `marker`; returns the process and how many were seen.
    static func startRun(_ file: URL, untilProcessesCarry marker: String, count: Int,
                         options: [String] = []) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", "--quiet"] + options + [file.path]
        try process.run()
        var seen = 0
        for _ in 0..<100 {
            seen = processes(carrying: marker).count
            if seen >= count { break }
            usleep(50_000)
        }
        return (process, seen)
    }
}
