import Foundation
import Testing

/// `tandem run` tells the story (issue 12): the plain lines through a pipe and the live view on a
/// pseudo-terminal, compared whole after masking what varies (offsets, the run directory, dates);
/// the order of the lines is checked against the order measured inside the containers.
@Suite(.serialized) struct StoryRunTests {
    func logDirectory() throws -> String {
        try Tandem.temporaryDirectory().appendingPathComponent("run").path
    }

    /// Both of the example's programs exit 0 on SIGTERM (each is PID 1 of its container and handles
    /// SIGTERM itself): the deleted pod ends Succeeded, and tandem exits 0.
    @Test func webBehindProxyInterruptedTellsHowItEnded() throws {
        let directory = try logDirectory()
        let statusFile = directory + ".status.json"
        let eventsFile = directory + ".events.jsonl"
        let run = try Story.piped(["run", "--log-dir", directory, "--status-file", statusFile, "--events", eventsFile,
                                   "examples/web-behind-proxy.yaml"], interruptAfter: ["web: proxy answered 200", "Pod web is Running"])
        #expect(run.status == 0)
        var lines = Story.factLines(Story.mask(run.output, runDirectory: directory))
        // How often the startup probe is refused before python listens depends on the machine.
        let refused = #"proxy * +T Warning Unhealthy: Startup probe failed: Get "http://127.0.0.1:18080/": dial tcp 127.0.0.1:18080: connect: connection refused"#
        lines = lines.enumerated().filter { $0.offset == 0 || !($0.element == refused && lines[$0.offset - 1] == refused) }.map(\.element)
        #expect(lines == [
            "tandem: logs and events of this run in <DIR>",
            "proxy * +T Started container proxy",
            refused,
            "proxy * +T Sidecar proxy started (startupProbe passed)",
            "app   * +T Started container app",
            "app   * +T Container app is ready",
            "web   * +T Pod web is Running",
            "proxy * +T Container proxy is ready",
            "tandem: deleting pod web (grace 10s; Ctrl-C again to kill now)",
            "web   * +T Deleting pod web (grace 10s)",
            "app   * +T PreStop hook of app started",
            "app   * +T PreStop hook of app finished",
            "app   * +T Sent SIGTERM to container app",
            "app   * +T Container app exited with code 0",
            "app   * +T Container app is not ready",
            "proxy * +T Sent SIGTERM to container proxy",
            "proxy * +T Container proxy exited with code 0",
            "proxy * +T Container proxy is not ready",
            "web   * +T Pod web is Succeeded",
            "web   * pod web Succeeded",
            "",
            "CONTAINER  ROLE     EXIT  REASON     RESTARTS  STARTED → FINISHED",
            "proxy      sidecar  0     Completed  0         +T → +T",
            "app        main     0     Completed  0         +T → +T",
            "pod web Succeeded: app exited 0 (pod deleted)",
            "tandem * container logs (CRI format, one file per run) and events: <DIR>",
            "",
        ], "\(run.output)")

        // The run directory holds the events and the final pod, as --events and --status-file do.
        let events = try Data(contentsOf: URL(fileURLWithPath: directory + "/events.jsonl"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: eventsFile)) == events)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/pods.json"))
            == Data(contentsOf: URL(fileURLWithPath: statusFile)))
        let pod = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statusFile))) as? [String: Any]
        let uid = try #require((pod?["metadata"] as? [String: Any])?["uid"] as? String)
        #expect(uid.range(of: #"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"#,
                          options: .regularExpression) != nil)
        let objects = try String(decoding: events, as: UTF8.self).split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let reasons = objects.compactMap { $0["reason"] as? String }
        #expect(reasons.contains("Killing") && reasons.contains("SignalSent") && reasons.contains("PodTerminating"))
        for object in objects {
            let involved = object["involvedObject"] as? [String: Any]
            #expect(involved?["uid"] as? String == uid)
            #expect((object["eventTime"] as? String)?.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"#,
                                                           options: .regularExpression) != nil)
        }
    }

    /// Each container appends its name to one file when it gets SIGTERM: the plain lines must say
    /// the same order (app, then s2, then s1), each stop line after the exit of what it waited for.
    @Test func plainLinesFollowTheOrderMeasuredInsideTheContainers() throws {
        // A temporary directory, not the repository's `.build` (absent in a fresh clone: CI builds in `.build-ci`).
        let orderDirectory = try Tandem.temporaryDirectory()
        let (folder, file) = try Tandem.manifest(named: "order.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: order}
            spec:
              terminationGracePeriodSeconds: 10
              initContainers:
              - {name: s1, image: busybox, restartPolicy: Always, env: [{name: F, value: ORDER}],
                 command: ["sh", "-c", "trap 'echo s1 >> $F; exit 0' TERM; echo s1 up; while :; do sleep 0.05; done"]}
              - {name: s2, image: busybox, restartPolicy: Always, env: [{name: F, value: ORDER}],
                 command: ["sh", "-c", "trap 'echo s2 >> $F; exit 0' TERM; echo s2 up; while :; do sleep 0.05; done"]}
              containers:
              - {name: app, image: busybox, env: [{name: F, value: ORDER}],
                 command: ["sh", "-c", "trap 'echo app >> $F; exit 0' TERM; echo app up; while :; do sleep 0.05; done"]}
            """.replacingOccurrences(of: "ORDER", with: orderDirectory.path + "/story-order-\(UUID().uuidString)"))
        let text = try String(contentsOf: file, encoding: .utf8)
        let orderPath = try #require(text.range(of: #"/[^ ,}]*story-order-[0-9A-F-]+"#, options: .regularExpression)
            .map { String(text[$0]) })
        defer { try? FileManager.default.removeItem(atPath: orderPath) }
        let directory = folder.appendingPathComponent("run").path
        let run = try Story.piped(["run", "--log-dir", directory, file.path], interruptAfter: ["| app up", "Pod order is Running", "| s1 up", "| s2 up"])
        #expect(run.status == 0)
        let measured = try String(contentsOfFile: orderPath, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(measured == ["app", "s2", "s1"])
        let lines = Story.factLines(Story.mask(run.output, runDirectory: directory))
        let stops = lines.compactMap { line -> String? in
            guard let range = line.range(of: "Sent SIGTERM to container ") else { return nil }
            return String(line[range.upperBound...])
        }
        #expect(stops == measured)
        let deletion = try #require(lines.firstIndex(of: "order * +T Deleting pod order (grace 10s)"))
        #expect(Array(lines[deletion...]) == [
            "order * +T Deleting pod order (grace 10s)",
            "app   * +T Sent SIGTERM to container app",
            "app   * +T Container app exited with code 0",
            "app   * +T Container app is not ready",
            "s2    * +T Sent SIGTERM to container s2",
            "s2    * +T Container s2 exited with code 0",
            "s2    * +T Container s2 is not ready",
            "s1    * +T Sent SIGTERM to container s1",
            "s1    * +T Container s1 exited with code 0",
            "s1    * +T Container s1 is not ready",
            "order * +T Pod order is Succeeded",
            "order * pod order Succeeded",
            "",
            "CONTAINER  ROLE     EXIT  REASON     RESTARTS  STARTED → FINISHED",
            "s1         sidecar  0     Completed  0         +T → +T",
            "s2         sidecar  0     Completed  0         +T → +T",
            "app        main     0     Completed  0         +T → +T",
            "pod order Succeeded: app exited 0 (pod deleted)",
            "tandem * container logs (CRI format, one file per run) and events: <DIR>",
            "",
        ], "\(run.output)")
        // Every container's output line comes before the line of its exit.
        for name in ["s1", "s2", "app"] {
            let output = try #require(run.output.range(of: "| \(name) up"))
            let exit = try #require(run.output.range(of: "Container \(name) exited"))
            #expect(output.lowerBound < exit.lowerBound)
        }
    }

    @Test func aContainerIgnoringSIGTERMIsKilledAtTheDeadline() throws {
        let (folder, file) = try Tandem.manifest(named: "stubborn.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: stubborn}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - {name: app, image: busybox,
                 command: ["sh", "-c", "trap '' TERM; echo ignoring SIGTERM; while :; do sleep 0.1; done"]}
            """)
        let directory = folder.appendingPathComponent("run").path
        let run = try Story.piped(["run", "--log-dir", directory, file.path], interruptAfter: ["| ignoring SIGTERM", "Pod stubborn is Running"])
        #expect(run.status == 1)
        #expect(Story.factLines(Story.mask(run.output, runDirectory: directory)) == [
            "tandem: logs and events of this run in <DIR>",
            "app      * +T Started container app",
            "app      * +T Container app is ready",
            "stubborn * +T Pod stubborn is Running",
            "tandem: deleting pod stubborn (grace 1s; Ctrl-C again to kill now)",
            "stubborn * +T Deleting pod stubborn (grace 1s)",
            "app      * +T Sent SIGTERM to container app",
            "app      * +T Sent SIGKILL to container app (grace period expired)",
            "app      * +T Container app exited with code 137 (SIGKILL)",
            "app      * +T Container app is not ready",
            "stubborn * +T Pod stubborn is Failed",
            "stubborn * pod stubborn Failed",
            "",
            "CONTAINER  ROLE  EXIT  REASON           RESTARTS  STARTED → FINISHED",
            "app        main  137   Error (SIGKILL)  0         +T → +T",
            "pod stubborn Failed: app exited 137 (SIGKILL) (pod deleted)",
            "tandem   * container logs (CRI format, one file per run) and events: <DIR>",
            "",
        ], "\(run.output)")
        // The kill comes at the kubelet's minimum of 2 s after SIGTERM (the grace is 1 s).
        let offsets = try Self.offsets(run.output, of: ["Sent SIGTERM to container app", "Sent SIGKILL to container app"])
        #expect(offsets[1] - offsets[0] >= 1.99 && offsets[1] - offsets[0] < 3, "\(offsets)")
    }

    @Test func aCrashLoopingSidecarShowsItsBackOff() throws {
        let (folder, file) = try Tandem.manifest(named: "crashloop.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: crashloop}
            spec:
              restartPolicy: Never
              initContainers:
              - {name: side, image: busybox, restartPolicy: Always, command: ["sh", "-c", "sleep 0.3; echo side crashing; exit 1"]}
              containers:
              - {name: app, image: busybox, command: ["sh", "-c", "sleep 3; echo app done"]}
            """)
        let directory = folder.appendingPathComponent("run").path
        let run = try Story.piped(["run", "--initial-backoff", "1", "--log-dir", directory, file.path])
        #expect(run.status == 0)
        let started = [
            "side      * +T Started container side",
            "side      * +T Sidecar side started (running for 50ms)",
            "side      * +T Container side is ready",
        ]
        let crashed = [
            "side      * +T Container side exited with code 1",
            "side      * +T Container side is not ready",
        ]
        #expect(Story.factLines(Story.mask(run.output, runDirectory: directory)) == [
            "tandem: logs and events of this run in <DIR>",
        ] + started + [
            "app       * +T Started container app",
            "app       * +T Container app is ready",
            "crashloop * +T Pod crashloop is Running",
        ] + crashed + ["side      * +T Restarting container side now"]
          + started + crashed + ["side      * +T Restarting container side in 1s (back-off)"]
          + started + crashed + ["side      * +T Restarting container side in 2s (back-off)"] + [
            "app       * +T Container app exited with code 0",
            "app       * +T Container app is not ready",
            "crashloop * +T Pod crashloop is Succeeded",
            "crashloop * pod crashloop Succeeded",
            "",
            "CONTAINER  ROLE     EXIT  REASON     RESTARTS  STARTED → FINISHED",
            "side       sidecar  1     Error      2         +T → +T",
            "app        main     0     Completed  0         +T → +T",
            "pod crashloop Succeeded: app exited 0",
            "tandem    * container logs (CRI format, one file per run) and events: <DIR>",
            "",
        ], "\(run.output)")
    }

    @Test func aJobThatFailsOnceSaysWhenItRetries() throws {
        let (folder, file) = try Tandem.manifest(named: "job.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: report}
            spec:
              backoffLimit: 2
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: main, image: busybox,
                     command: ["sh", "-c", "if [ -e MARK ]; then echo second try; exit 0; fi; touch MARK; echo failing; exit 3"]}
            """.replacingOccurrences(of: "MARK", with: try Tandem.temporaryDirectory().path + "/once"))
        let directory = folder.appendingPathComponent("run").path
        let run = try Story.piped(["run", "--log-dir", directory, file.path])
        #expect(run.status == 0)
        let pod: (String) -> [String] = { name in [
            "main     * +T Started container main",
            "main     * +T Container main is ready",
            "\(name) * +T Pod \(name) is Running",
        ] }
        #expect(Story.factLines(Story.mask(run.output, runDirectory: directory)) == [
            "tandem: logs and events of this run in <DIR>",
            "report   * +T Created pod: report-0",
        ] + pod("report-0") + [
            "main     * +T Container main exited with code 3",
            "main     * +T Container main is not ready",
            "report-0 * +T Pod report-0 is Failed",
            "report-0 * pod report-0 Failed",
            "report   * +T Job report: pod failed (1 of backoffLimit 2); retry in 10s",
            "report   * +T Created pod: report-1",
        ] + pod("report-1") + [
            "main     * +T Container main exited with code 0",
            "main     * +T Container main is not ready",
            "report-1 * +T Pod report-1 is Succeeded",
            "report-1 * pod report-1 Succeeded",
            "report   * +T Completed: Job completed",
            "report   * Job report completed",
            "",
            "POD       CONTAINER  ROLE  EXIT  REASON     RESTARTS  STARTED → FINISHED",
            "report-0  main       main  3     Error      0         +T → +T",
            "report-1  main       main  0     Completed  0         +T → +T",
            "pod report-0 Failed: main exited 3",
            "pod report-1 Succeeded: main exited 0",
            "tandem   * container logs (CRI format, one file per run) and events: <DIR>",
            "",
        ], "\(run.output)")
        let offsets = try Self.offsets(run.output, of: ["Job report: pod failed", "Created pod: report-1"])
        #expect(offsets[1] - offsets[0] >= 9.99 && offsets[1] - offsets[0] < 11, "\(offsets)")
    }

    /// The live view on a terminal: the block shows the pod as kubectl would, then the deletion
    /// in progress — the sidecar waiting for the app — and at the end the summary.
    @Test(.enabled(if: TmuxSession.available)) func liveViewOnATerminal() throws {
        let (folder, file) = try Tandem.manifest(named: "live.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: live}
            spec:
              terminationGracePeriodSeconds: 5
              initContainers:
              # PID 1 of its container: it stops on SIGTERM only with a handler (a trap), as in a cluster.
              - {name: side, image: busybox, restartPolicy: Always,
                 command: ["sh", "-c", "trap 'exit 0' TERM; echo side up; while :; do sleep 0.1; done"]}
              containers:
              - {name: app, image: busybox,
                 command: ["sh", "-c", "trap 'sleep 1.5; exit 0' TERM; echo app up; while :; do sleep 0.1; done"]}
            """)
        let directory = folder.appendingPathComponent("run").path
        // Wide enough that the temporary directory's name in the last line does not wrap.
        let session = try TmuxSession(["run", "--log-dir", directory, file.path], columns: 250)
        defer { session.close() }
        let running = try session.waitFor("READY 2/2")
        #expect(Array(running.suffix(3)) == [
            "pod live  Running  READY 2/2  RESTARTS 0",
            "  side  sidecar  Running                 ready  0",
            "  app   main     Running                 ready  0",
        ], "\(running.joined(separator: "\n"))")
        try session.send("C-c")
        let stopping = try session.waitFor("waiting for app")
        #expect(stopping.contains("tandem: deleting pod live (grace 5s; Ctrl-C again to kill now)"))
        #expect(Array(stopping.suffix(3)).map { Story.mask($0, runDirectory: directory) } == [
            "pod live  Terminating  READY 2/2  RESTARTS 0  grace 5s, ends +T",
            "  side  sidecar  Running                 ready  0  waiting for app to exit before SIGTERM",
            "  app   main     Running                 ready  0  stopping; SIGKILL at +T if still running",
        ], "\(stopping.joined(separator: "\n"))")
        let end = try session.waitFor("EXIT=")
        #expect(Array(end.suffix(7)).map { Story.mask($0, runDirectory: directory) } == [
            "",
            "CONTAINER  ROLE     EXIT  REASON     RESTARTS  STARTED → FINISHED",
            "side       sidecar  0     Completed  0         +T → +T",
            "app        main     0     Completed  0         +T → +T",
            "pod live Succeeded: app exited 0 (pod deleted)",
            "tandem * container logs (CRI format, one file per run) and events: <DIR>",
            "EXIT=0",
        ], "\(end.joined(separator: "\n"))")
    }

    /// The offsets (`+1.006s`) of the first lines containing each text, in seconds.
    static func offsets(_ output: String, of texts: [String]) throws -> [Double] {
        let lines = output.split(separator: "\n")
        return try texts.map { text in
            let line = try #require(lines.first { $0.contains(text) })
            let range = try #require(line.range(of: #"\+\d+\.\d{3}s"#, options: .regularExpression))
            return try #require(Double(line[range].dropFirst().dropLast()))
        }
    }
}

/// Issue 14's statistics: where cgroups exist, the live block shows each running container's
/// `kubectl top` figures, CPU as a rate between two samples (2 s apart) and the memory working set.
@Suite struct LiveUsageTests {
    @Test(.enabled(if: TmuxSession.available && CgroupsHere.usable, CgroupsHere.reason))
    func theLiveBlockShowsCPUAndMemoryUnderTheLimit() throws {
        let (folder, file) = try Tandem.manifest(named: "busy.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: busy}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: spin
                image: busybox
                command: ["sh", "-c", "trap 'exit 0' TERM; while :; do :; done"]
                resources: {limits: {cpu: 200m, memory: 64Mi}}
            """)
        let session = try TmuxSession(["run", "--log-dir", folder.appendingPathComponent("run").path, file.path], columns: 160)
        defer { session.close() }
        let screen = try session.waitFor("  cpu ", seconds: 15)
        let line = try #require(screen.first { $0.hasPrefix("  spin  ") }, "\(screen.joined(separator: "\n"))")
        let match = try #require(line.wholeMatch(of: #/  spin  main     Running                 ready  0  cpu (\d+)m  mem (\d+)Mi/#), "\(line)")
        // A busy loop under a 200m limit: throttled to about 200 millicores (CFS periods of 100 ms).
        let millicores = try #require(Int(match.output.1))
        #expect((100...300).contains(millicores), "\(line)")
        #expect((Int(match.output.2) ?? 64) < 64, "\(line)")
        try session.send("C-c")
        _ = try session.waitFor("EXIT=")
    }
}
