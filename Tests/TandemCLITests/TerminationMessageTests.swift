import Foundation
import Testing

@Suite struct TerminationMessageTests {
    func runAndReadMessage(_ container: String) throws -> String? {
        let directory = try Tandem.temporaryDirectory()
        let file = directory.appendingPathComponent("pod.yaml")
        let status = directory.appendingPathComponent("status.json")
        try """
            apiVersion: v1
            kind: Pod
            metadata: {name: message}
            spec:
              restartPolicy: Never
              containers:
            \(container.replacingOccurrences(of: "DIR", with: directory.path))
            """.write(to: file, atomically: true, encoding: .utf8)
        _ = try Tandem.run(["run", "--quiet", "--log-dir", directory.appendingPathComponent("logs").path,
                            "--status-file", status.path, file.path])
        let pod = try JSONSerialization.jsonObject(with: Data(contentsOf: status)) as? [String: Any]
        let statuses = (pod?["status"] as? [String: Any])?["containerStatuses"] as? [[String: Any]]
        let terminated = (statuses?.first?["state"] as? [String: Any])?["terminated"] as? [String: Any]
        return terminated?["message"] as? String
    }

    @Test func theMessageFileBecomesTheTerminationMessage() throws {
        let message = try runAndReadMessage("""
              - name: app
                image: busybox
                terminationMessagePath: DIR/termination-log
                command: ["sh", "-c", "printf 'DONE' > DIR/termination-log"]
            """)
        #expect(message == "DONE")
    }

    @Test func fallbackToLogsOnErrorUsesTheLogTailOnFailure() throws {
        let message = try runAndReadMessage("""
              - name: app
                image: busybox
                terminationMessagePolicy: FallbackToLogsOnError
                command: ["sh", "-c", "echo first; echo boom; exit 1"]
            """)
        #expect(message?.contains("boom") == true, "\(message ?? "nil")")
    }

    /// The default `terminationMessagePath` is a file of the run bind-mounted at
    /// /dev/termination-log inside the container's mount namespace (the kubelet's per-container
    /// file): the message is reported, and the host's /dev gets nothing. /dev stays usable.
    @Test(.enabled(if: IsolationRunTests.support.available, "namespaces unavailable: \(IsolationRunTests.support)"))
    func theDefaultPathIsTheRunsOwnFileNotTheHosts() throws {
        let hostFile = "/dev/termination-log"
        // A stray one left by an earlier tandem, which wrote the host's.
        var before = stat()
        if lstat(hostFile, &before) == 0, (before.st_mode & S_IFMT) == S_IFREG { unlink(hostFile) }
        #expect(!FileManager.default.fileExists(atPath: hostFile), "\(hostFile) exists before the run")
        let directory = try Tandem.temporaryDirectory()
        let logs = directory.appendingPathComponent("logs").path
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: message}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "echo x > /dev/null && test -c /dev/null && test -c /dev/zero && test -d /dev/pts && ls /dev/pts/ptmx >/dev/null && f=/dev/shm/tandem-tm-$$$$ && touch $f && rm $f && echo dev-ok; printf 'it broke' > /dev/termination-log; exit 3"]
            """)
        let result = try Tandem.run(["run", "--quiet", "--log-dir", logs, file.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: hostFile))

        let pods = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: logs + "/pods.json")))
        let pod = try #require(((pods as? [String: Any])?["items"] as? [[String: Any]])?.first ?? pods as? [String: Any])
        let statuses = (pod["status"] as? [String: Any])?["containerStatuses"] as? [[String: Any]]
        let terminated = (statuses?.first?["state"] as? [String: Any])?["terminated"] as? [String: Any]
        #expect(terminated?["exitCode"] as? Int == 3)
        #expect(terminated?["message"] as? String == "it broke", "\(String(describing: terminated))")

        let described = try Tandem.run(["describe", "--run", logs, "message"])
        #expect(described.stdout.split(separator: "\n").contains { $0.contains("Message:") && $0.hasSuffix(" it broke") },
                "\(described.stdout)\(described.stderr)")
        let log = try String(contentsOfFile: logs + "/message/app/0.log", encoding: .utf8)
        #expect(log.hasSuffix(" stdout F dev-ok\n"), "\(log)")
        // The run's own file, as the kubelet keeps one per container in the pod's directory.
        #expect(try String(contentsOfFile: logs + "/message/app/0.termination-log", encoding: .utf8) == "it broke")
    }

    /// A custom path gets the run's file too: nothing is created at that path on the host.
    @Test(.enabled(if: IsolationRunTests.support.available, "namespaces unavailable: \(IsolationRunTests.support)"))
    func aCustomPathIsMountedNotCreatedOnTheHost() throws {
        let directory = try Tandem.temporaryDirectory()
        let path = directory.appendingPathComponent("not-yet/termination-log").path
        let message = try runAndReadMessage("""
              - name: app
                image: busybox
                terminationMessagePath: \(path)
                command: ["sh", "-c", "printf DONE > \(path)"]
            """)
        #expect(message == "DONE")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("not-yet").path))
    }

    /// Under `--no-isolation` a custom path is read where the container wrote it, and the
    /// default one is said once not to be captured (nothing created for it).
    @Test func withoutIsolationACustomPathIsReadOnTheHostAndTheDefaultIsANote() throws {
        let directory = try Tandem.temporaryDirectory()
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: plain}
            spec:
              restartPolicy: Never
              initContainers:
              - {name: first, image: busybox, command: ["true"]}
              containers:
              - name: app
                image: busybox
                terminationMessagePath: \(directory.path)/termination-log
                command: ["sh", "-c", "printf DONE > \(directory.path)/termination-log"]
            """)
        let status = directory.appendingPathComponent("status.json")
        let result = try Tandem.run(["run", "--no-isolation", "--output", "plain", "--log-dir", directory.appendingPathComponent("logs").path,
                                     "--status-file", status.path, file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let note = "containers have no mount namespace of their own: a termination message written to "
            + "/dev/termination-log (the default terminationMessagePath) is not captured"
        #expect(result.stderr.components(separatedBy: note).count == 2, "\(result.stderr)")
        let pod = try JSONSerialization.jsonObject(with: Data(contentsOf: status)) as? [String: Any]
        let statuses = (pod?["status"] as? [String: Any])?["containerStatuses"] as? [[String: Any]]
        let terminated = (statuses?.first?["state"] as? [String: Any])?["terminated"] as? [String: Any]
        #expect(terminated?["message"] as? String == "DONE")
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory.appendingPathComponent("logs").path)
        #expect(!files.contains { $0.hasSuffix(".termination-log") }, "\(files)")
    }
}
