import Foundation
import Glibc
import Testing
import TandemAPI
@testable import TandemRecords

/// The run root in a shared `/tmp` (finding 14) and a reused `--log-dir` (finding 7).
@Suite struct RunDirectoryHardeningTests {
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o777
    }

    @Test func aRootOfOursOpenToOthersIsMadePrivate() throws {
        let root = try RunDirectoryTests.root()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        chmod(root, 0o777)
        let run = try RunDirectory(logDirectory: nil, keepRuns: 5, root: root)
        run.finish()
        #expect(Self.mode(root) == 0o700)
        #expect(run.indexWarning == nil)
    }

    @Test func aLinkedRootIsRefusedInOneLineAndLogsSaySo() throws {
        let root = try RunDirectoryTests.root()
        let elsewhere = root + "-elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: root, withDestinationPath: elsewhere)
        let line = "\(root) is a symbolic link, not a directory of uid \(getuid()): remove it or set TMPDIR to another directory"
        #expect(RunDirectory.rootProblem(root) == line)
        #expect(throws: RunDirectoryError(description: line)) {
            _ = try RunDirectory(logDirectory: nil, keepRuns: 5, root: root)
        }
        #expect(throws: RecordsError(message: line, code: 1)) {
            _ = try RunRecords.locate(pod: "web", namespace: "default", run: nil, root: root)
        }
        // With --log-dir the run goes on, unindexed, and nothing is written through the link.
        let run = try RunDirectory(logDirectory: root + "-logs", keepRuns: 5, root: root)
        run.record(Pod(metadata: ObjectMeta(name: "web")))
        run.finish()
        #expect(run.indexWarning == line)
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere) == [])
        #expect(FileManager.default.fileExists(atPath: root + "-logs/run.json"))
    }

    @Test(.enabled(if: getuid() == 0, "chown to another user needs root"))
    func anotherUsersRootIsRefused() throws {
        let root = try RunDirectoryTests.root()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        chmod(root, 0o755)
        chown(root, 65534, 65534)
        let line = "\(root) belongs to uid 65534, not to uid 0: remove it or set TMPDIR to another directory"
        #expect(throws: RunDirectoryError(description: line)) {
            _ = try RunDirectory(logDirectory: nil, keepRuns: 5, root: root)
        }
        #expect(Self.mode(root) == 0o755)
    }

    @Test func aReusedLogDirectoryHoldsOnlyTheNewRun() throws {
        let root = try RunDirectoryTests.root()
        let directory = root + "-logs"
        let first = try RunDirectory(logDirectory: directory, keepRuns: 5, root: root, pid: 111)
        var spec = PodSpec()
        spec.initContainers = [Container(name: "proxy")]
        spec.containers = [Container(name: "app")]
        first.record(Pod(metadata: ObjectMeta(name: "web"), spec: spec))
        first.finish()
        let files = ["web/app/0.log": "old", "web/app/1.log": "old", "web/proxy/0.log": "old", "web/app/notes.txt": "mine",
                     "events.jsonl": "{}", "pods.json": "{}", "keep.txt": "mine", "other/app/0.log": "mine"]
        for (name, text) in files {
            let path = directory + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: false, encoding: .utf8)
        }
        let second = try RunDirectory(logDirectory: directory, keepRuns: 5, root: root, pid: 222)
        second.finish()
        let left = FileManager.default.enumerator(atPath: directory)?.allObjects.compactMap { $0 as? String }.sorted() ?? []
        // The old run's logs and records are gone; the user's files and a pod it never ran stay.
        #expect(left == [".lock", "keep.txt", "other", "other/app", "other/app/0.log", "run.json", "web", "web/app", "web/app/notes.txt"])
        #expect(RunRecords(directory: directory).manifest?.pid == 222)
    }

    @Test func aLogDirectoryOfALiveRunIsRefusedNamingIt() throws {
        let root = try RunDirectoryTests.root()
        let directory = root + "-logs"
        let live = try RunDirectory(logDirectory: directory, keepRuns: 5, root: root, pid: 333, now: RunDirectoryTests.at(0))
        defer { live.finish() }
        let line = "\(directory) is in use by a live tandem run (pid 333, started 2026-11-30T00:53:20.000000Z)"
        #expect(RunDirectory.inUse(directory) == line)
        #expect(throws: RunDirectoryError(description: line)) {
            _ = try RunDirectory(logDirectory: directory, keepRuns: 5, root: root)
        }
        #expect(RunRecords(directory: directory).manifest?.pid == 333)
    }
}
