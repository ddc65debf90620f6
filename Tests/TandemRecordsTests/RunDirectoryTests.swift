import Foundation
import Glibc
import Testing
import TandemAPI
@testable import TandemRecords

@Suite struct RunDirectoryTests {
    static func root() throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("records-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        return base.appendingPathComponent("tandem-\(getuid())").path
    }

    static func at(_ seconds: Int64) -> RecordTime {
        RecordTime(nanosecondsSinceEpoch: (1_796_000_000 + seconds) * 1_000_000_000)
    }

    @Test func runsAreNamedByStartTimeAndIndexedPerPod() throws {
        let root = try Self.root()
        let run = try RunDirectory(logDirectory: nil, keepRuns: 5, root: root, pid: 4242, now: Self.at(0))
        defer { run.finish() }
        #expect(RunDirectory.runName(startedAt: Self.at(0), pid: 4242) == "20261130-005320.000-4242")
        #expect(run.path == root + "/runs/20261130-005320.000-4242")
        #expect(RunLock.isHeld(in: run.path))
        run.record(Pod(metadata: ObjectMeta(name: "web", namespace: "team"), status: PodStatus(phase: "Running")))
        run.record(Pod(metadata: ObjectMeta(name: "job-1")))
        run.finish()
        #expect(!RunLock.isHeld(in: run.path))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/pods/team_web") == run.path)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/pods/default_job-1") == run.path)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/latest") == run.path)
        let records = try RunRecords.locate(pod: "web", namespace: "team", run: nil, root: root)
        #expect(records.manifest?.pid == 4242)
        #expect(records.manifest?.pods.map { $0.metadata?.name } == ["web", "job-1"])
        #expect(records.pod(named: "web", namespace: "team")?.status == nil)
        var info = stat()
        stat(root, &info)
        #expect(info.st_mode & 0o777 == 0o700)
    }

    /// Status writes are paced (at most a tenth of a core), and the file still ends with the
    /// latest status of every pod: a write waiting for its turn at the end is done by finish().
    @Test func runJSONEndsWithTheLatestStatusOfEveryPodHoweverFastTheyChange() throws {
        let root = try Self.root()
        let run = try RunDirectory(logDirectory: nil, keepRuns: 5, root: root, pid: 4242, now: Self.at(0))
        let pods = (0..<50).map { Pod(metadata: ObjectMeta(name: "p\($0)")) }
        pods.forEach(run.record)
        for round in 0..<40 {
            for pod in pods {
                run.update(pod, status: PodStatus(phase: "Running", message: "round \(round)"))
            }
        }
        run.finish()
        let records = try RunRecords.locate(pod: "p0", namespace: "default", run: nil, root: root)
        #expect(records.manifest?.pods == pods.map { pod in
            var updated = pod
            updated.status = PodStatus(phase: "Running", message: "round 39")
            return updated
        })
    }

    @Test func pruningKeepsTheNewestAndNeverALiveRun() throws {
        let root = try Self.root()
        let live = try RunDirectory(logDirectory: nil, keepRuns: 5, root: root, pid: 1, now: Self.at(0))
        live.record(Pod(metadata: ObjectMeta(name: "old")))
        var finished: [String] = []
        for index in 1...3 {
            let run = try RunDirectory(logDirectory: nil, keepRuns: 5, root: root, pid: Int32(index + 1), now: Self.at(Int64(index)))
            run.finish()
            finished.append(run.path)
        }
        live.finish()  // wait for its index write; then hold its lock again as a live run would
        let lock = try RunLock.acquire(in: live.path)
        defer { close(lock) }
        let newest = try RunDirectory(logDirectory: nil, keepRuns: 2, root: root, pid: 9, now: Self.at(10))
        newest.finish()
        let left = try FileManager.default.contentsOfDirectory(atPath: root + "/runs").sorted()
        // Kept: the live (oldest) run, the newest finished one, and this run.
        #expect(left.map { root + "/runs/" + $0 } == [live.path, finished[2], newest.path])
        #expect(FileManager.default.fileExists(atPath: root + "/pods/default_old"))
    }

    @Test func aRootOwnedByNoOneElseOrALinkIsRefused() throws {
        let root = try Self.root()
        try FileManager.default.createSymbolicLink(atPath: root, withDestinationPath: "/")
        #expect(throws: RunDirectoryError.self) {
            _ = try RunDirectory(logDirectory: nil, keepRuns: 5, root: root)
        }
    }

    @Test func aLogDirectoryInUseIsRefused() throws {
        let root = try Self.root()
        let first = try RunDirectory(logDirectory: root + "-shared", keepRuns: 5, root: root)
        defer { first.finish() }
        #expect(throws: RunDirectoryError.self) {
            _ = try RunDirectory(logDirectory: root + "-shared", keepRuns: 5, root: root)
        }
    }
}
