import Foundation
import Synchronization
import Testing
@testable import TandemOS

/// All TandemOS tests run one at a time: they count this process's zombies,
/// install process-wide signal handlers and start a thousand children.
@Suite(.serialized) struct TandemOSTests {}

/// Thread-safe accumulation of whatever reactor callbacks deliver.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
    var count: Int { values.withLock { $0.count } }
}

/// Collects a pipe's bytes and its end-of-file through the reactor.
final class OutputCollector: Sendable {
    private let state = Mutex<(bytes: [UInt8], eof: Bool)>(([], false))

    var text: String { String(decoding: state.withLock { $0.bytes }, as: UTF8.self) }
    var reachedEOF: Bool { state.withLock { $0.eof } }

    /// Makes a pipe, watches its read end and returns the write end for the child.
    func attach(to reactor: Reactor) throws -> Int32 {
        let pipe = try makePipe()
        try reactor.watchReadable(fd: pipe.read, onData: { bytes in
            self.state.withLock { $0.bytes += bytes }
        }, onEOF: {
            self.state.withLock { $0.eof = true }
        })
        return pipe.write
    }
}

/// Polls `condition` until it holds or `timeout` passes (generous bounds only:
/// these are liveness checks, not timing assertions).
func eventually(timeout: Duration = .seconds(20), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// Spawns and waits for the exit; returns the status and everything written to stdout.
func run(_ request: SpawnRequest, on reactor: Reactor) async throws -> (exit: ProcessExit?, output: String) {
    var request = request
    let output = OutputCollector()
    let write = try output.attach(to: reactor)
    request.stdout = write
    let exits = Recorder<ProcessExit>()
    _ = try reactor.spawn(request) { exits.append($0) }
    closeDescriptor(write)
    _ = await eventually { exits.count == 1 && output.reachedEOF }
    return (exits.all.first, output.text)
}

func sh(_ script: String, environment: [String] = ["PATH=/usr/bin:/bin"]) -> SpawnRequest {
    SpawnRequest(executable: "/bin/sh", arguments: ["sh", "-c", script], environment: environment)
}

/// Process-table facts read from /proc.
enum ProcTable {
    /// The state letter of `pid` (R, S, Z, ...), nil when the pid does not exist.
    static func state(of pid: Int32) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(close, offsetBy: 2)...].first
    }

    static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    /// Alive means present and not a zombie (this VM's init does not reap orphans).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let state = state(of: pid) else { return false }
        return state != "Z"
    }

    static func allPIDs() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    }

    /// Live processes whose environment contains `entry` ("NAME=value").
    static func livingProcesses(withEnvironment entry: String) -> [Int32] {
        let needle = Array(entry.utf8)
        return allPIDs().filter { pid in
            guard isAlive(pid),
                  let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return data.split(separator: 0).contains { Array($0) == needle }
        }
    }

    /// Zombie children of this process that never ran another program: their name is still one
    /// of our threads' (a clone that failed before or at exec). Children of other tests, started
    /// with Foundation's `Process`, carry their program's name and are reaped on its schedule.
    static func ourZombies() -> [Int32] {
        let me = getpid()
        let ours = Set(((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? [])
            .compactMap { command(of: "self/task/\($0)") })
        return allPIDs().filter {
            parent(of: $0) == me && state(of: $0) == "Z" && command(of: String($0)).map(ours.contains) ?? true
        }
    }

    /// The `comm` of /proc/PATH.
    static func command(of path: String) -> String? {
        (try? String(contentsOfFile: "/proc/\(path)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .newlines)
    }
}
