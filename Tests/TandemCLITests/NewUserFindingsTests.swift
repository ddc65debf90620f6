import Foundation
import Glibc
import Testing

/// A new user's findings (items 4, 6, 7, 10, 11, 13), end to end through the built binary in a
/// private TMPDIR; whole outputs compared after masking what varies (offsets, dates, random names).
@Suite(.serialized) struct NewUserFindingsTests {
    typealias Sandbox = RecordsCommandTests.Sandbox

    // MARK: - Item 4: the summary's RESTARTS is the status's restartCount

    /// A sidecar whose program does not exist never starts (StartError, exit code 128) and is
    /// restarted: the summary's RESTARTS must say what the status file's `restartCount` says
    /// (it said 0: it counted starts, and a StartError is no start).
    @Test func summaryRestartsAreTheStatusRestartCount() throws {
        let (folder, file) = try Tandem.manifest(named: "starterr.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: se}
            spec:
              terminationGracePeriodSeconds: 2
              initContainers:
              - {name: helper, image: none, restartPolicy: Always, command: ["/nonexistent/helper-program"]}
              containers:
              - {name: app, image: busybox, command: ["sh", "-c", "sleep 3"]}
            """)
        let directory = folder.appendingPathComponent("run").path
        let statusFile = folder.appendingPathComponent("status.json").path
        // Interrupted during the 5 s back-off after the second failure: nothing else can happen then.
        let run = try Story.piped(["run", "--initial-backoff", "5", "--log-dir", directory, "--status-file", statusFile, file.path],
                                  interruptAfter: ["Restarting container helper in 5s (back-off)"])
        #expect(run.status == 1)
        let pod = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statusFile))) as? [String: Any])
        let statuses = try #require((pod["status"] as? [String: Any])?["initContainerStatuses"] as? [[String: Any]])
        let restartCount = try #require(statuses.first?["restartCount"] as? Int)
        #expect(restartCount >= 1)
        let failed = "helper * +T Container helper could not start (exit code 128, StartError)"
        let warning = "helper * +T Warning Failed: Error: exec /nonexistent/helper-program failed: No such file or directory"
        #expect(Story.factLines(Story.mask(run.output, runDirectory: directory)) == [
            "tandem: logs and events of this run in <DIR>",
            failed,
            "helper * +T Restarting container helper now",
            warning,
            failed,
            "helper * +T Restarting container helper in 5s (back-off)",
            warning,
            "tandem: deleting pod se (grace 2s; Ctrl-C again to kill now)",
            "se     * +T Deleting pod se (grace 2s)",
            "se     * +T Pod se is Failed",
            "se     * pod se Failed",
            "",
            "CONTAINER  ROLE     EXIT  REASON      RESTARTS  STARTED → FINISHED",
            "helper     sidecar  128   StartError  \(restartCount)         - → +T",
            "app        main     -     NotStarted  0         - → -",
            "pod se Failed: no main container ran (pod deleted)",
            "tandem * container logs (CRI format, one file per run) and events: <DIR>",
            "",
        ], "\(run.output)")
    }
}
