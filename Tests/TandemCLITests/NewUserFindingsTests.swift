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
        // Interrupted during the 5 s back-off after the second failure, once its Failed event is out (it
        // follows the attempt's output, so it may come after the back-off line): nothing else can happen then.
        let failedEvent = "Warning Failed: Error: exec /nonexistent/helper-program failed"
        let run = try Story.piped(["run", "--initial-backoff", "5", "--log-dir", directory, "--status-file", statusFile, file.path],
                                  interruptAfter: ["Restarting container helper in 5s (back-off)", failedEvent, failedEvent])
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

extension NewUserFindingsTests {
    /// `tandem run --quiet FILE` in the sandbox, left running.
    static func startRun(_ sandbox: Sandbox, _ manifest: String) throws -> Process {
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = ["run", "--quiet", manifest]
        process.environment = sandbox.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `arguments` until `accept` takes the result (at most `seconds`); returns the last result.
    static func poll(_ sandbox: Sandbox, _ arguments: [String], seconds: Double = 30,
                     until accept: (Tandem.Result) -> Bool) throws -> Tandem.Result {
        let deadline = Date().addingTimeInterval(seconds)
        var result = try sandbox.tandem(arguments)
        while !accept(result), Date() < deadline {
            usleep(100_000)
            result = try sandbox.tandem(arguments)
        }
        return result
    }

    // MARK: - Item 10: describe during a live run

    /// While the run goes on, `describe` shows the pod as it is (kubectl always shows the live
    /// state): phase, container states, readiness, restart counts, conditions and events. It
    /// showed an empty Status and no container state, the run's `run.json` holding the pods as
    /// admitted only.
    @Test func describeShowsALiveRun() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("live.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: live}
            spec:
              terminationGracePeriodSeconds: 5
              initContainers:
              - {name: proxy, image: busybox, restartPolicy: Always, command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done"]}
              containers:
              - {name: app, image: busybox, command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done"]}
            """)
        let run = try Self.startRun(sandbox, manifest)
        defer {
            kill(run.processIdentifier, SIGTERM)
            run.waitUntilExit()
        }
        let date = #"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}"#
        let mask = { (text: String) in
            text.replacingOccurrences(of: date, with: "<DATE>", options: .regularExpression)
                .replacingOccurrences(of: #"  \d+s +kubelet"#, with: "  <AGE>  kubelet", options: .regularExpression)
        }
        let container: (String) -> String = { name in """
              \(name):
                Container ID:  
                Image:         busybox
                Image ID:      
                Port:          <none>
                Host Port:     <none>
                Command:
                  sh
                  -c
                  trap 'exit 0' TERM; while :; do sleep 0.1; done
                State:          Running
                  Started:      <DATE>
                Ready:          True
                Restart Count:  0
                Environment:    <none>
                Mounts:         <none>

            """ }
        let expected = """
            Name:         live
            Namespace:    default
            Node:         <none>
            Start Time:   <DATE>
            Labels:       <none>
            Annotations:  <none>
            Status:       Running
            IP:           127.0.0.1
            IPs:
              IP:  127.0.0.1
            Init Containers:

            """ + container("proxy") + "Containers:\n" + container("app") + """
            Conditions:
              Type                        Status
              PodReadyToStartContainers   True 
              Initialized                 True 
              Ready                       True 
              ContainersReady             True 
              PodScheduled                True 
            Volumes:                      <none>
            QoS Class:                    BestEffort
            Node-Selectors:               <none>
            Tolerations:                  <none>
            Events:
              Type    Reason   Age   From     Message
              ----    ------   ----  ----     -------
              Normal  Created  <AGE>  kubelet  spec.initContainers{proxy}: Created container: proxy
              Normal  Started  <AGE>  kubelet  spec.initContainers{proxy}: Started container proxy
              Normal  Created  <AGE>  kubelet  spec.containers{app}: Created container: app
              Normal  Started  <AGE>  kubelet  spec.containers{app}: Started container app

            """
        let described = try Self.poll(sandbox, ["describe", "live"]) { mask($0.stdout) == expected }
        #expect(run.isRunning)
        #expect(described.status == 0 && described.stderr == "")
        #expect(mask(described.stdout) == expected, "\(described.stdout)")
    }
}

extension NewUserFindingsTests {
    // MARK: - Item 7: logs and describe take a Job's or workload's TYPE/NAME

    /// `logs job/NAME` (and kubectl's other names of the type) reads the pod kubectl picks among
    /// the Job's: with two pods it says `Found 2 pods, using pod/…` on stderr, as kubectl does;
    /// `describe job/NAME` refuses in words naming the pods to describe.
    @Test func logsAndDescribeOfAJob() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("pair.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pair}
            spec:
              parallelism: 2
              completions: 2
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: work, image: busybox, command: ["sh", "-c", "echo work in $HOSTNAME"]}
            """)
        let run = try sandbox.tandem(["run", "--quiet", manifest])
        #expect(run.status == 0, "\(run.stderr)")
        // The pods in creation order, from the run's own record; kubectl takes the older of two
        // pods that rank alike (both Succeeded, never ready, no restarts).
        let root = sandbox.environment["TMPDIR", default: ""] + "/tandem-\(getuid())"
        let manifestData = try Data(contentsOf: URL(fileURLWithPath: root + "/latest/run.json"))
        let recorded = try #require(JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let names = try #require(recorded["pods"] as? [[String: Any]]).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
        #expect(names.count == 2)
        let first = try #require(names.first)
        for argument in ["job/pair", "jobs/pair", "Job/pair", "jobs.batch/pair", "job.batch/pair"] {
            let logs = try sandbox.tandem(["logs", argument])
            #expect(logs.status == 0, "\(argument)")
            #expect(logs.stdout == "work in \(first)\n", "\(argument)")
            #expect(logs.stderr == "Found 2 pods, using pod/\(first)\n", "\(argument)")
        }
        let prefixed = try sandbox.tandem(["logs", "job/pair", "--prefix"])
        #expect(prefixed.stdout == "[pod/\(first)/work] work in \(first)\n")
        let failures: [([String], String)] = [
            (["describe", "job/pair"], "tandem: describe shows pods only, not Jobs; the pods of job.batch/pair: \(names.joined(separator: ", ")) (tandem describe pod/NAME)\n"),
            (["describe", "jobs", "pair"], "tandem: describe shows pods only, not Jobs; the pods of job.batch/pair: \(names.joined(separator: ", ")) (tandem describe pod/NAME)\n"),
            (["logs", "job/other"], "tandem: Error from server (NotFound): jobs.batch \"other\" not found (no run under \(root) ran it in namespace \"default\")\n"),
            (["logs", "-n", "prod", "job/pair"], "tandem: Error from server (NotFound): jobs.batch \"pair\" not found (no run under \(root) ran it in namespace \"prod\")\n"),
            (["logs", "sts/pair"], "tandem: Error from server (NotFound): statefulsets.apps \"pair\" not found (no run under \(root) ran it in namespace \"default\")\n"),
        ]
        for (arguments, stderr) in failures {
            let result = try sandbox.tandem(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr == stderr, "\(arguments)")
        }
    }

    /// `logs deploy/NAME` during the run: both pods Running and ready, kubectl's order prefers
    /// neither, so the older is read; `rs/` of its ReplicaSet reads the same.
    @Test func logsOfADeploymentPickTheFirstPodAsKubectl() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("web.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  terminationGracePeriodSeconds: 3
                  containers:
                  - {name: app, image: busybox, command: ["sh", "-c", "trap 'exit 0' TERM; echo app of $HOSTNAME; while :; do sleep 0.1; done"]}
            """)
        let run = try Self.startRun(sandbox, manifest)
        defer {
            kill(run.processIdentifier, SIGTERM)
            run.waitUntilExit()
        }
        let logs = try Self.poll(sandbox, ["logs", "deploy/web"]) { $0.stderr.hasPrefix("Found 2 pods") && !$0.stdout.isEmpty }
        let root = sandbox.environment["TMPDIR", default: ""] + "/tandem-\(getuid())"
        let manifestData = try Data(contentsOf: URL(fileURLWithPath: root + "/latest/run.json"))
        let recorded = try #require(JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let pods = try #require(recorded["pods"] as? [[String: Any]])
        let names = pods.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
        let first = try #require(names.first)
        #expect(names.count == 2)
        #expect(logs.status == 0)
        #expect(logs.stdout == "app of \(first)\n")
        #expect(logs.stderr == "Found 2 pods, using pod/\(first)\n")
        let dash = try #require(first.lastIndex(of: "-"))
        let replicaSet = String(first[..<dash])
        for argument in ["deployment/web", "deployments.apps/web", "rs/\(replicaSet)", "replicaset/\(replicaSet)"] {
            let other = try sandbox.tandem(["logs", argument])
            #expect(other.stdout == logs.stdout && other.stderr == logs.stderr && other.status == 0, "\(argument)")
        }
    }
}

extension NewUserFindingsTests {
    // MARK: - Item 6: pods share the host's network

    /// Two pods that declare one port on one machine collide on it: `tandem run` says so at
    /// start, once, naming the ports and the pods; a port only one pod declares is not named.
    @Test func podsDeclaringOnePortAreToldTheyShareTheNetwork() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("ports.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pair}
            spec:
              parallelism: 2
              completions: 2
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: web
                    image: busybox
                    command: ["true"]
                    ports: [{containerPort: 18080}, {containerPort: 18081, protocol: UDP}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: solo}
            spec:
              restartPolicy: Never
              containers:
              - name: web
                image: busybox
                command: ["true"]
                ports: [{containerPort: 18080}, {containerPort: 18082, hostPort: 18081, protocol: UDP}, {containerPort: 19000}]
            """)
        let run = try sandbox.tandem(["run", "--quiet", manifest])
        #expect(run.status == 0)
        let root = sandbox.environment["TMPDIR", default: ""] + "/tandem-\(getuid())/runs/"
        let masked = run.stderr.replacingOccurrences(of: #"\Q\#(root)\E[^\n]*"#, with: "<DIR>", options: .regularExpression)
        #expect(masked == """
            tandem: warning: every pod of this run shares this machine's network (no network namespace per pod): \
            the 2 parallel pods of Job pair and pod solo declare ports 18080/TCP, 18081/UDP; only one of them can \
            listen on each, and a probe may be answered by another pod's container
            tandem: logs and events of this run in <DIR>

            """)

        // One pod per port: nothing to say.
        let alone = try sandbox.write("alone.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: alone}
            spec:
              restartPolicy: Never
              containers:
              - {name: a, image: busybox, command: ["true"], ports: [{containerPort: 18080}]}
              - {name: b, image: busybox, command: ["true"], ports: [{containerPort: 18081}]}
            """)
        let quiet = try sandbox.tandem(["run", "--quiet", alone])
        #expect(quiet.status == 0)
        #expect(!quiet.stderr.contains("warning"), "\(quiet.stderr)")
    }

    // MARK: - Item 11: run's -o

    @Test func runTakesDashOAsOutput() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("quick.yaml", RecordsFindingsTests.quick)
        let short = try sandbox.tandem(["run", "-o", "quiet", manifest])
        let long = try sandbox.tandem(["run", "--output", "quiet", manifest])
        #expect(short.status == 0 && long.status == 0, "\(short.stderr)")
        #expect(short.stdout == "" && long.stdout == "")
        let mask = { (text: String) in text.replacingOccurrences(of: #"runs/[^\n]*"#, with: "runs/<RUN>", options: .regularExpression) }
        #expect(mask(short.stderr) == mask(long.stderr))
        #expect(mask(short.stderr) == "tandem: logs and events of this run in \(sandbox.environment["TMPDIR", default: ""])/tandem-\(getuid())/runs/<RUN>\n")
    }
}

extension NewUserFindingsTests {
    // MARK: - Item 13: unknown commands, missing options

    @Test func anUnknownCommandIsNamedWithSuggestions() throws {
        let cases: [([String], String)] = [
            (["valdate", "job.yaml"], #"tandem: unknown command "valdate" for "tandem"; did you mean this? validate (see tandem --help)"#),
            (["l", "x.yaml"], #"tandem: unknown command "l" for "tandem"; did you mean this? lint, logs (see tandem --help)"#),
            (["job.yaml"], #"tandem: unknown command "job.yaml" for "tandem" (see tandem --help)"#),
            (["DESCRIBE", "web"], #"tandem: unknown command "DESCRIBE" for "tandem"; did you mean this? describe (see tandem --help)"#),
        ]
        for (arguments, line) in cases {
            let result = try Tandem.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr == line + "\n", "\(arguments)")
        }
    }
    // MARK: - Item 13: simulate a workload's pods

    /// A Deployment is simulated as the pods its controller creates, named as tandem run names
    /// them (`<deployment>-<pod-template-hash>-<random>`); it was refused with a wrong reason.
    @Test func simulateRunsADeploymentsPods() throws {
        let (folder, file) = try Tandem.manifest(named: "deploy.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: orders}
            spec:
              replicas: 1
              selector: {matchLabels: {app: orders}}
              template:
                metadata: {labels: {app: orders}}
                spec:
                  terminationGracePeriodSeconds: 3
                  initContainers:
                  - {name: proxy, image: envoy, restartPolicy: Always}
                  containers:
                  - {name: app, image: orders}
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: NAME}
            spec:
              terminationGracePeriodSeconds: 3
              initContainers:
              - {name: proxy, image: envoy, restartPolicy: Always}
              containers:
              - {name: app, image: orders}
            """
        let simulated = try Tandem.run(["simulate", file.path])
        #expect(simulated.status == 0 && simulated.stderr == "", "\(simulated.stderr)")
        let line = try #require(simulated.stdout.range(of: #"\nPod orders-[a-z0-9]+-[bcdfghjklmnpqrstvwxz2456789]{5}\n"#,
                                                        options: .regularExpression))
        let name = simulated.stdout[line].dropFirst("\nPod ".count).dropLast()
        // The same pod written as a Pod is simulated alike.
        let alone = folder.appendingPathComponent("pod.yaml")
        try pod.replacingOccurrences(of: "NAME", with: String(name)).write(to: alone, atomically: true, encoding: .utf8)
        let expected = try Tandem.run(["simulate", alone.path])
        #expect(simulated.stdout == expected.stdout)
        #expect(simulated.stdout.contains("Pod \(name)\n"))
    }
}

extension NewUserFindingsTests {
    /// Item 4's sibling: a container that never ran because its creation failed shows the
    /// status's waiting reason (CreateContainerConfigError), as the status file says, not NotStarted.
    @Test func summaryReasonOfAContainerThatCouldNotBeCreatedIsTheStatus() throws {
        let (folder, file) = try Tandem.manifest(named: "cfg.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: cfg}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: busybox
                command: ["true"]
                env: [{name: X, valueFrom: {configMapKeyRef: {name: missing, key: k}}}]
            """)
        let directory = folder.appendingPathComponent("run").path
        let statusFile = folder.appendingPathComponent("status.json").path
        let run = try Story.piped(["run", "--log-dir", directory, "--status-file", statusFile, file.path],
                                  interruptAfter: [#"Error: configmap "missing" not found"#])
        #expect(run.status == 1)
        let pod = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statusFile))) as? [String: Any])
        let statuses = try #require((pod["status"] as? [String: Any])?["containerStatuses"] as? [[String: Any]])
        let waiting = (statuses.first?["state"] as? [String: Any])?["waiting"] as? [String: Any]
        #expect(waiting?["reason"] as? String == "CreateContainerConfigError")
        #expect(Story.factLines(Story.mask(run.output, runDirectory: directory)) == [
            "tandem: logs and events of this run in <DIR>",
            #"app * +T Warning Failed: Error: configmap "missing" not found"#,
            "tandem: deleting pod cfg (grace 1s; Ctrl-C again to kill now)",
            "cfg * +T Deleting pod cfg (grace 1s)",
            "cfg * +T Pod cfg is Failed",
            "cfg * pod cfg Failed",
            "",
            "CONTAINER  ROLE  EXIT  REASON                      RESTARTS  STARTED → FINISHED",
            "app        main  -     CreateContainerConfigError  0         - → -",
            "pod cfg Failed: no main container ran (pod deleted)",
            "tandem * container logs (CRI format, one file per run) and events: <DIR>",
            "",
        ], "\(run.output)")
    }
}
