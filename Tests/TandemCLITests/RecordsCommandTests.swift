import Foundation
import Testing

/// `tandem logs` and `tandem describe` end to end: real runs of the built binary in a private
/// TMPDIR, then whole outputs compared with what kubectl prints for the same pod (only
/// timestamps, ages and uids masked, each explicitly).
@Suite(.serialized) struct RecordsCommandTests {
    /// A sidecar that crashes twice (exit 3, leaving an unterminated `partial` each time) and then
    /// stays up; the app waits for its third start, writes three lines and completes. The sidecar's
    /// shell is PID 1 of its container, so it exits on SIGTERM only with a trap (as in a cluster).
    static let crashLoopingSidecar = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels: {app: web}
        spec:
          restartPolicy: Never
          initContainers:
          - name: proxy
            image: busybox
            restartPolicy: Always
            command: ["sh", "-c", "n=$(cat $DIR/count 2>/dev/null || echo 0); echo $((n+1)) > $DIR/count; echo proxy attempt $n; printf partial; if [ $n -lt 2 ]; then exit 3; fi; touch $DIR/up; trap 'exit 143' TERM; sleep 30 & wait"]
            env: [{name: DIR, value: "@DIR@"}]
          containers:
          - name: app
            image: busybox
            command: ["sh", "-c", "while [ ! -f $DIR/up ]; do sleep 0.05; done; echo hello; sleep 0.1; echo to-stderr >&2; sleep 0.1; echo bye"]
            env: [{name: DIR, value: "@DIR@"}]
        """

    struct Sandbox {
        var directory: URL
        var environment: [String: String]

        init() throws {
            directory = try Tandem.temporaryDirectory()
            environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                           "TMPDIR": directory.appendingPathComponent("tmp").path, "TZ": "UTC"]
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        }

        func write(_ name: String, _ text: String) throws -> String {
            let file = directory.appendingPathComponent(name)
            try text.replacingOccurrences(of: "@DIR@", with: directory.path).write(to: file, atomically: true, encoding: .utf8)
            return file.path
        }

        func tandem(_ arguments: [String]) throws -> Tandem.Result {
            try Tandem.run(arguments, environment: environment)
        }
    }

    static func maskTimestamps(_ text: String) -> String {
        text.replacingOccurrences(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z"#, with: "<ts>", options: .regularExpression)
    }

    @Test func logsOfACrashLoopingSidecarWithEveryFlag() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("web.yaml", Self.crashLoopingSidecar)
        let run = try sandbox.tandem(["run", "--quiet", "--initial-backoff", "0.1", manifest])
        #expect(run.status == 0, "\(run.stderr)")

        let plain = try sandbox.tandem(["logs", "web"])
        #expect(plain.status == 0)
        #expect(plain.stdout == "hello\nto-stderr\nbye\n")
        #expect(plain.stderr == "Defaulted container \"app\" out of: app, proxy (init)\n")

        // The current instance of the sidecar, its unterminated last line as the kubelet prints it.
        let proxy = try sandbox.tandem(["logs", "web", "-c", "proxy"])
        #expect(proxy.stdout == "proxy attempt 2\npartial" && proxy.stderr.isEmpty && proxy.status == 0)
        let inline = try sandbox.tandem(["logs", "web", "proxy"])
        #expect(inline.stdout == "proxy attempt 2\npartial")
        let previous = try sandbox.tandem(["logs", "web", "-c", "proxy", "--previous"])
        #expect(previous.stdout == "proxy attempt 1\npartial" && previous.status == 0)
        let previousShort = try sandbox.tandem(["logs", "-p", "web", "-c", "proxy"])
        #expect(previousShort.stdout == previous.stdout)

        let tail = try sandbox.tandem(["logs", "web", "-c", "app", "--tail", "2"])
        #expect(tail.stdout == "to-stderr\nbye\n")
        let tailZero = try sandbox.tandem(["logs", "web", "-c", "app", "--tail=0"])
        #expect(tailZero.stdout == "" && tailZero.status == 0)
        // The partial record is one file line: --tail 1 is that piece alone.
        let tailPartial = try sandbox.tandem(["logs", "web", "-c", "proxy", "--tail", "1"])
        #expect(tailPartial.stdout == "partial")

        let stamped = try sandbox.tandem(["logs", "web", "-c", "app", "--timestamps"])
        #expect(Self.maskTimestamps(stamped.stdout) == "<ts> hello\n<ts> to-stderr\n<ts> bye\n")
        let stampedProxy = try sandbox.tandem(["logs", "web", "-c", "proxy", "--timestamps"])
        #expect(Self.maskTimestamps(stampedProxy.stdout) == "<ts> proxy attempt 2\n<ts> partial")

        let limited = try sandbox.tandem(["logs", "web", "-c", "app", "--limit-bytes", "8"])
        #expect(limited.stdout == "hello\nto")

        let all = try sandbox.tandem(["logs", "web", "--all-containers"])
        #expect(all.stdout == "proxy attempt 2\npartialhello\nto-stderr\nbye\n" && all.stderr.isEmpty)
        let prefixed = try sandbox.tandem(["logs", "web", "--all-containers", "--prefix"])
        #expect(prefixed.stdout == """
            [pod/web/proxy] proxy attempt 2
            [pod/web/proxy] partial[pod/web/app] hello
            [pod/web/app] to-stderr
            [pod/web/app] bye

            """)
        let prefixedOne = try sandbox.tandem(["logs", "web", "-c", "app", "--prefix", "--tail", "1"])
        #expect(prefixedOne.stdout == "[pod/web/app] bye\n")
        let allPrevious = try sandbox.tandem(["logs", "web", "--all-containers", "--previous"])
        #expect(allPrevious.stdout == "proxy attempt 1\npartial")
        #expect(allPrevious.stderr == "tandem: previous terminated container \"app\" in pod \"web\" not found\n")
        #expect(allPrevious.status == 1)

        // A finished run is printed, not followed.
        let followed = try sandbox.tandem(["logs", "-f", "web", "-c", "app"])
        #expect(followed.stdout == "hello\nto-stderr\nbye\n" && followed.status == 0)

        let recent = try sandbox.tandem(["logs", "web", "-c", "app", "--since", "1h"])
        #expect(recent.stdout == "hello\nto-stderr\nbye\n")
        Thread.sleep(forTimeInterval: 2.1)
        let none = try sandbox.tandem(["logs", "web", "-c", "app", "--since", "1s"])
        #expect(none.stdout == "" && none.status == 0)

        // The same run found by its directory.
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: sandbox.environment["TMPDIR", default: ""] + "/tandem-\(getuid())/latest")
        let byRun = try sandbox.tandem(["logs", "--run", latest, "web", "-c", "app"])
        #expect(byRun.stdout == "hello\nto-stderr\nbye\n")
    }

    @Test func badInputIsOneLineWithKubectlsExitCode() throws {
        let sandbox = try Sandbox()
        let root = sandbox.environment["TMPDIR", default: ""] + "/tandem-\(getuid())"
        let noRuns = try sandbox.tandem(["logs", "web"])
        #expect(noRuns.stderr == "tandem: Error from server (NotFound): pods \"web\" not found (no runs recorded yet under \(root))\n")
        #expect(noRuns.status == 1 && noRuns.stdout.isEmpty)
        let noRunsDescribe = try sandbox.tandem(["describe", "web"])
        #expect(noRunsDescribe.stderr == noRuns.stderr && noRunsDescribe.status == 1)

        let manifest = try sandbox.write("web.yaml", Self.crashLoopingSidecar)
        _ = try sandbox.tandem(["run", "--quiet", "--initial-backoff", "0.1", manifest])
        let ghost = try sandbox.tandem(["logs", "ghost"])
        #expect(ghost.stderr == "tandem: Error from server (NotFound): pods \"ghost\" not found (no run under \(root) ran it in namespace \"default\")\n")
        #expect(ghost.status == 1)
        let otherNamespace = try sandbox.tandem(["describe", "-n", "prod", "web"])
        #expect(otherNamespace.stderr == "tandem: Error from server (NotFound): pods \"web\" not found (no run under \(root) ran it in namespace \"prod\")\n")

        let cases: [([String], String, Int32)] = [
            (["logs", "web", "-c", "nope"], "tandem: container nope is not valid for pod web out of: app, proxy (init)\n", 1),
            (["logs", "web", "-p"], "Defaulted container \"app\" out of: app, proxy (init)\ntandem: previous terminated container \"app\" in pod \"web\" not found\n", 1),
            (["logs", "web", "--since", "abc"], "tandem: invalid argument \"abc\" for \"--since\" flag: time: invalid duration \"abc\" (see tandem logs --help)\n", 2),
            (["logs", "web", "--since", "5"], "tandem: invalid argument \"5\" for \"--since\" flag: time: missing unit in duration \"5\" (see tandem logs --help)\n", 2),
            (["logs", "web", "--since", "-5s"], "tandem: --since must be greater than 0 (see tandem logs --help)\n", 2),
            (["logs", "web", "--tail", "-2"], "tandem: --tail must be greater than or equal to -1 (see tandem logs --help)\n", 2),
            (["logs", "web", "--all-containers", "-c", "app"], "tandem: --all-containers=true should not be specified with container name app (see tandem logs --help)\n", 2),
            (["logs", "web", "app", "-c", "app"], "tandem: only one of -c or an inline [CONTAINER] arg is allowed (see tandem logs --help)\n", 2),
            (["logs", "web", "--since", "1h", "--since-time", "2026-01-01T00:00:00Z"], "tandem: at most one of `sinceTime` or `sinceSeconds` may be specified (see tandem logs --help)\n", 2),
            (["logs"], "tandem: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'. POD or TYPE/NAME is a required argument for the logs command (see tandem logs --help)\n", 2),
            (["logs", "--run", "/nonexistent/run", "web"], "tandem: run directory \"/nonexistent/run\" not found\n", 1),
            (["describe"], "tandem: you must specify the name of a pod (or --status-file) (see tandem describe --help)\n", 2),
            (["describe", "--status-file", "/nonexistent.json"], "tandem: the path \"/nonexistent.json\" does not exist\n", 1),
            (["run", "--keep-runs", "0", manifest], "tandem: --keep-runs must be at least 1 (see tandem run --help)\n", 2),
        ]
        for (arguments, stderr, status) in cases {
            let result = try sandbox.tandem(arguments)
            #expect(result.stderr == stderr, "\(arguments)")
            #expect(result.status == status, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        let garbage = try sandbox.write("garbage.json", "{not json")
        let notPods = try sandbox.tandem(["describe", "--status-file", garbage])
        #expect(notPods.stderr == "tandem: \(garbage): neither a Pod nor a List of Pods\n" && notPods.status == 1)
    }

    @Test func aJobRetryingInItsPodHasAPreviousInstance() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("job.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: report}
            spec:
              backoffLimit: 3
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: work
                    image: busybox
                    command: ["sh", "-c", "if [ -f $(DIR)/mark ]; then echo second try; exit 0; fi; touch $(DIR)/mark; echo first try; exit 1"]
                    env: [{name: DIR, value: "@DIR@"}]
            """)
        let run = try sandbox.tandem(["run", "--quiet", "--initial-backoff", "0.1", manifest])
        #expect(run.status == 0, "\(run.stderr)")
        let current = try sandbox.tandem(["logs", "report-0"])
        #expect(current.stdout == "second try\n" && current.stderr.isEmpty && current.status == 0)
        let previous = try sandbox.tandem(["logs", "report-0", "-p", "--prefix"])
        #expect(previous.stdout == "[pod/report-0/work] first try\n")
    }

    @Test func followingALiveRunEndsWhenTheContainerEnds() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("slow.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: slow}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "echo one; sleep 0.8; echo two; sleep 0.8; echo three"]
            """)
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = ["run", "--quiet", manifest]
        process.environment = sandbox.environment
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let index = sandbox.environment["TMPDIR", default: ""] + "/tandem-\(getuid())/pods/default_slow"
        for _ in 0..<250 {
            if let run = try? FileManager.default.destinationOfSymbolicLink(atPath: index),
               FileManager.default.fileExists(atPath: run + "/slow/app/0.log") { break }
            usleep(20_000)
        }
        let started = Date()
        let followed = try sandbox.tandem(["logs", "-f", "--timestamps", "slow"])
        let seconds = Date().timeIntervalSince(started)
        #expect(Self.maskTimestamps(followed.stdout) == "<ts> one\n<ts> two\n<ts> three\n", "\(followed.stderr)")
        #expect(followed.status == 0)
        // It waited for the lines still to come (about 1.3 s), and stopped when the container did.
        #expect(seconds > 0.8 && seconds < 10, "\(seconds)")
        process.waitUntilExit()
    }

    @Test func runsAreIndexedAndOldOnesPruned() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("quick.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: quick, namespace: team}
            spec:
              restartPolicy: Never
              containers:
              - {name: app, image: busybox, command: ["sh", "-c", "echo run"]}
            """)
        let root = sandbox.environment["TMPDIR", default: ""] + "/tandem-\(getuid())"
        for _ in 0..<4 {
            let run = try sandbox.tandem(["run", "--quiet", "--keep-runs", "2", manifest])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let runs = try FileManager.default.contentsOfDirectory(atPath: root + "/runs").sorted()
        #expect(runs.count == 2)
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: root + "/latest")
        let pod = try FileManager.default.destinationOfSymbolicLink(atPath: root + "/pods/team_quick")
        #expect(latest == root + "/runs/" + (runs.last ?? "") && pod == latest)
        let logs = try sandbox.tandem(["logs", "-n", "team", "quick"])
        #expect(logs.stdout == "run\n" && logs.status == 0)

        // --log-dir, relative: the run lives there and the index points at it.
        let relative = try Tandem.run(["-c", "cd '\(sandbox.directory.path)' && exec '\(Tandem.binary.path)' run --quiet --log-dir relative-run '\(manifest)'"],
                                      environment: sandbox.environment, shell: true)
        #expect(relative.status == 0, "\(relative.stderr)")
        let logDir = try FileManager.default.destinationOfSymbolicLink(atPath: root + "/pods/team_quick")
        #expect(logDir == sandbox.directory.path + "/relative-run")
        #expect(FileManager.default.fileExists(atPath: logDir + "/quick/app/0.log"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/runs").count == 2)
    }

    static func maskTimes(_ text: String) -> String {
        text.replacingOccurrences(of: #"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}"#, with: "<time>",
                                  options: .regularExpression)
    }

    /// An RFC 3339 time `seconds` before now, with 6 fractional digits or whole seconds.
    static func ago(_ seconds: Double, micro: Bool = true) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = micro ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        let text = formatter.string(from: Date().addingTimeInterval(-seconds))
        return micro ? text.replacingOccurrences(of: "Z", with: "000Z") : text
    }

    @Test func describeAStatusFileWithItsEvents() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("web.yaml", Self.crashLoopingSidecar)
        let status = sandbox.directory.appendingPathComponent("status.json").path
        let run = try sandbox.tandem(["run", "--quiet", "--initial-backoff", "0.1", "--status-file", status, manifest])
        #expect(run.status == 0, "\(run.stderr)")
        func event(_ name: String, _ reason: String, _ type: String, _ object: String, _ fieldPath: String?, _ message: String,
                   first: Double, last: Double, count: Int, component: String = "kubelet") -> String {
            let path = fieldPath.map { ",\"fieldPath\":\"\($0)\"" } ?? ""
            return """
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"\(name)","namespace":"default"},\
                "involvedObject":{"apiVersion":"v1","kind":"\(object)","name":"web","namespace":"default"\(path)},\
                "reason":"\(reason)","message":"\(message)","type":"\(type)","source":{"component":"\(component)","host":"h"},\
                "firstTimestamp":"\(Self.ago(first, micro: false))","lastTimestamp":"\(Self.ago(last, micro: false))","count":\(count),\
                "eventTime":"\(Self.ago(first))","reportingComponent":"\(component)","reportingInstance":"h"}
                """
        }
        let events = try sandbox.write("events.jsonl", [
            event("web.1", "Created", "Normal", "Pod", "spec.initContainers{proxy}", "Created container: proxy", first: 1530, last: 1530, count: 1),
            event("web.2", "Started", "Normal", "Pod", "spec.initContainers{proxy}", "Started container proxy", first: 1529, last: 1529, count: 1),
            event("web.3", "BackOff", "Warning", "Pod", "spec.initContainers{proxy}", "Back-off restarting failed container proxy in pod web_default(x)",
                  first: 1500, last: 1500, count: 1),
            "this line is not an event",
            event("web.4", "SidecarStarted", "Normal", "Pod", "spec.initContainers{proxy}", "Sidecar proxy started (settle)",
                  first: 1400, last: 1400, count: 1, component: "tandem"),
            // The same event again, aggregated: the last line per name wins.
            event("web.3", "BackOff", "Warning", "Pod", "spec.initContainers{proxy}", "Back-off restarting failed container proxy in pod web_default(x)",
                  first: 1500, last: 750, count: 3),
            event("web.5", "Killing", "Normal", "Pod", "spec.initContainers{proxy}", "Stopping container proxy", first: 700, last: 700, count: 1),
            event("other.1", "Started", "Normal", "Pod", "spec.containers{app}", "Started container app", first: 10, last: 10, count: 1)
                .replacingOccurrences(of: "\"name\":\"web\",\"namespace\"", with: "\"name\":\"other\",\"namespace\""),
            event("report.1", "Completed", "Normal", "Job", nil, "Job completed", first: 5, last: 5, count: 1, component: "job-controller"),
        ].joined(separator: "\n") + "\n")
        let described = try sandbox.tandem(["describe", "--status-file", status, "--events", events])
        #expect(described.status == 0 && described.stderr.isEmpty, "\(described.stderr)")
        let command = "n=$(cat $DIR/count 2>/dev/null || echo 0); echo $((n+1)) > $DIR/count; echo proxy attempt $n; printf partial; "
            + "if [ $n -lt 2 ]; then exit 3; fi; touch $DIR/up; trap 'exit 143' TERM; sleep 30 & wait"
        let appCommand = "while [ ! -f $DIR/up ]; do sleep 0.05; done; echo hello; sleep 0.1; echo to-stderr >&2; sleep 0.1; echo bye"
        let expected = """
            Name:         web
            Namespace:    default
            Node:         <none>
            Start Time:   <time>
            Labels:       app=web
            Annotations:  <none>
            Status:       Succeeded
            IP:           127.0.0.1
            IPs:
              IP:  127.0.0.1
            Init Containers:
              proxy:
                Container ID:  
                Image:         busybox
                Image ID:      
                Port:          <none>
                Host Port:     <none>
                Command:
                  sh
                  -c
                  \(command)
                State:          Terminated
                  Reason:       Error
                  Exit Code:    143
                  Started:      <time>
                  Finished:     <time>
                Last State:     Terminated
                  Reason:       Error
                  Exit Code:    3
                  Started:      <time>
                  Finished:     <time>
                Ready:          False
                Restart Count:  2
                Environment:
                  DIR:   \(sandbox.directory.path)
                Mounts:  <none>
            Containers:
              app:
                Container ID:  
                Image:         busybox
                Image ID:      
                Port:          <none>
                Host Port:     <none>
                Command:
                  sh
                  -c
                  \(appCommand)
                State:          Terminated
                  Reason:       Completed
                  Exit Code:    0
                  Started:      <time>
                  Finished:     <time>
                Ready:          False
                Restart Count:  0
                Environment:
                  DIR:   \(sandbox.directory.path)
                Mounts:  <none>
            Conditions:
              Type                        Status
              PodReadyToStartContainers   False 
              Initialized                 True 
              Ready                       False 
              ContainersReady             False 
              PodScheduled                True 
            Volumes:                      <none>
            QoS Class:                    BestEffort
            Node-Selectors:               <none>
            Tolerations:                  <none>
            Events:
              Type     Reason   Age                From     Message
              ----     ------   ----               ----     -------
              Normal   Created  25m                kubelet  spec.initContainers{proxy}: Created container: proxy
              Normal   Started  25m                kubelet  spec.initContainers{proxy}: Started container proxy
              Warning  BackOff  12m (x3 over 25m)  kubelet  spec.initContainers{proxy}: Back-off restarting failed container proxy in pod web_default(x)
              Normal   Killing  11m                kubelet  spec.initContainers{proxy}: Stopping container proxy

            """
        #expect(Self.maskTimes(described.stdout) == expected)
    }

    /// The Events table's ages and the pod uid in kubelet messages masked; everything else whole.
    static func maskEvents(_ text: String) -> String {
        guard let start = text.range(of: "\nEvents:\n") else { return text }
        // Ages become `#s` with as many `#` as digits, so the tabwriter's padding stays comparable.
        var events = String(text[start.upperBound...])
        let age = try? NSRegularExpression(pattern: #"\b\d+s\b"#)
        for match in (age?.matches(in: events, range: NSRange(events.startIndex..., in: events)) ?? []).reversed() {
            guard let range = Range(match.range, in: events) else { continue }
            events.replaceSubrange(range, with: String(repeating: "#", count: events[range].count - 1) + "s")
        }
        events = events
            .replacingOccurrences(of: #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, with: "<uid>", options: .regularExpression)
        return String(text[..<start.upperBound]) + events
    }

    @Test func describeTheLastRunOfAPod() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("web.yaml", Self.crashLoopingSidecar)
        let run = try sandbox.tandem(["run", "--output", "quiet", "--initial-backoff", "0.1", manifest])
        #expect(run.status == 0, "\(run.stderr)")
        let described = try sandbox.tandem(["describe", "web"])
        #expect(described.status == 0 && described.stderr.isEmpty, "\(described.stderr)")
        let text = Self.maskEvents(Self.maskTimes(described.stdout))
        // The pod part is the status file's (tested whole above); here the Events table, from the
        // run's events.jsonl: the kubelet's events only, repeats aggregated, in kubectl's order.
        let events = text.split(separator: "\n", omittingEmptySubsequences: false).drop { $0 != "Events:" }.joined(separator: "\n")
        // kubectl orders rows by lastTimestamp, whole seconds, ties in order of first occurrence: the
        // rows below are in that order, and a second boundary between two last occurrences (on a
        // slow machine) moves a row; each row's lastTimestamp is read from the run's events file.
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: sandbox.environment["TMPDIR", default: ""] + "/tandem-\(getuid())/latest")
        let rows: [(reason: String, fieldPath: String, text: String)] = [
            ("Created", "spec.initContainers{proxy}", "  Normal   Created  #s (x3 over #s)  kubelet  spec.initContainers{proxy}: Created container: proxy"),
            ("Started", "spec.initContainers{proxy}", "  Normal   Started  #s (x3 over #s)  kubelet  spec.initContainers{proxy}: Started container proxy"),
            ("BackOff", "spec.initContainers{proxy}", "  Warning  BackOff  #s               kubelet  spec.initContainers{proxy}: Back-off restarting failed container proxy in pod web_default(<uid>)"),
            ("Created", "spec.containers{app}", "  Normal   Created  #s               kubelet  spec.containers{app}: Created container: app"),
            ("Started", "spec.containers{app}", "  Normal   Started  #s               kubelet  spec.containers{app}: Started container app"),
            ("Killing", "spec.initContainers{proxy}", "  Normal   Killing  #s               kubelet  spec.initContainers{proxy}: Stopping container proxy"),
        ]
        let lines = try String(contentsOfFile: latest + "/events.jsonl", encoding: .utf8).split(separator: "\n")
        let last: [String: String] = Dictionary(lines.compactMap { line -> (String, String)? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let reason = object["reason"] as? String,
                  let involved = object["involvedObject"] as? [String: Any],
                  let fieldPath = involved["fieldPath"] as? String,
                  let time = object["lastTimestamp"] as? String else { return nil }
            return (reason + " " + fieldPath, time)
        }, uniquingKeysWith: { _, later in later })
        let ordered = rows.enumerated().sorted { left, right in
            let a = last[left.element.reason + " " + left.element.fieldPath] ?? ""
            let b = last[right.element.reason + " " + right.element.fieldPath] ?? ""
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element.text)
        #expect(ordered.count == 6 && rows.allSatisfy { last[$0.reason + " " + $0.fieldPath] != nil }, "\(last)")
        #expect(events == (["Events:",
                            "  Type     Reason   Age              From     Message",
                            "  ----     ------   ----             ----     -------"] + ordered + [""]).joined(separator: "\n"))
        #expect(text.hasPrefix("Name:         web\nNamespace:    default\nNode:         <none>\nStart Time:   <time>\n"))
        #expect(text.contains("\n    Restart Count:  2\n"))
        // The same as describing the run's pods.json with its events.jsonl.
        let fromFiles = try sandbox.tandem(["describe", "--status-file", latest + "/pods.json", "--events", latest + "/events.jsonl"])
        #expect(Self.maskEvents(Self.maskTimes(fromFiles.stdout)) == text)
    }
}
