import Foundation
import Testing

/// `tandem run`'s (and `simulate`'s) flags that used to be taken without a word, or crash: each
/// bad value or contradiction is one line and exit 2 before a directory is made or anything
/// started; the flags that did nothing now say so.
@Suite(.serialized) struct RunFlagTests {
    static let quickPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: quick}
        spec:
          restartPolicy: Never
          containers:
          - name: app
            image: busybox
            command: ["echo", "hi"]
        """

    /// Runs `tandem ARGUMENTS` on the quick pod (or `manifest`) with a --log-dir that does not
    /// exist yet; returns the result and whether the log directory was made.
    func run(_ arguments: [String], manifest: String = quickPod) throws -> (result: Tandem.Result, madeLogDirectory: Bool, directory: URL) {
        let (directory, file) = try Tandem.manifest(manifest)
        let logs = directory.appendingPathComponent("run")
        let command = arguments.first == "simulate" ? arguments + [file.path]
            : arguments + ["--log-dir", logs.path, file.path]
        let result = try Tandem.run(command)
        return (result, FileManager.default.fileExists(atPath: logs.path), directory)
    }

    /// The offsets of plain lines (`+0.062s`) vary from run to run.
    func masked(_ text: String, _ directory: URL) -> String {
        text.replacingOccurrences(of: #"\+\d+\.\d{3}s"#, with: "+S", options: .regularExpression)
            .replacingOccurrences(of: directory.path, with: "DIR")
    }

    // MARK: - Finding 1: numbers out of range

    /// `inf` used to trap converting to a duration (exit 132, after the run directory was made),
    /// `nan` was called negative, `9e12` waited for ever. Every duration flag of run and simulate
    /// now has the same range and words.
    @Test func durationFlagsOutsideZeroToAnHourAreUsageErrors() throws {
        let cases: [([String], String)] = [
            (["run", "--sidecar-settle", "inf"], "--sidecar-settle must be 0 to 3600 seconds (see tandem run --help)"),
            (["run", "--sidecar-settle", "nan"], "--sidecar-settle must be 0 to 3600 seconds (see tandem run --help)"),
            (["run", "--sidecar-settle", "9e15"], "--sidecar-settle must be 0 to 3600 seconds (see tandem run --help)"),
            (["run", "--sidecar-settle", "-0.5"], "--sidecar-settle must be 0 to 3600 seconds (see tandem run --help)"),
            (["run", "--initial-backoff", "inf"], "--initial-backoff must be 0 to 3600 seconds (see tandem run --help)"),
            (["run", "--initial-backoff", "9e12"], "--initial-backoff must be 0 to 3600 seconds (see tandem run --help)"),
            (["run", "--max-backoff", "1e300"], "--max-backoff must be 0 to 3600 seconds (see tandem run --help)"),
            (["run", "--max-backoff", "3600.001"], "--max-backoff must be 0 to 3600 seconds (see tandem run --help)"),
            (["simulate", "--sidecar-settle", "inf"], "--sidecar-settle must be 0 to 3600 seconds (see tandem simulate --help)"),
            (["simulate", "--sidecar-settle", "-1"], "--sidecar-settle must be 0 to 3600 seconds (see tandem simulate --help)"),
        ]
        for (arguments, message) in cases {
            let (result, made, _) = try run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr == "tandem: \(message)\n", "\(arguments)")
            #expect(!made, "\(arguments): the log directory was made")
        }
    }

    /// The ends of the range are accepted: an hour of settle for a pod without sidecars changes nothing.
    @Test func durationFlagsAtTheEndsOfTheRangeAreAccepted() throws {
        let (result, made, directory) = try run(["run", "--output", "plain", "--sidecar-settle", "3600",
                                                 "--initial-backoff", "0", "--max-backoff", "3600"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(made)
        #expect(result.stdout == "app | hi\n")
        #expect(masked(result.stderr, directory) == """
            tandem: logs and events of this run in DIR/run
            app   * +S Started container app
            app   * +S Container app is ready
            quick * +S Pod quick is Running
            app   * +S Container app exited with code 0
            app   * +S Container app is not ready
            quick * +S Pod quick is Succeeded
            quick * pod quick Succeeded

            CONTAINER  ROLE  EXIT  REASON     RESTARTS  STARTED → FINISHED
            app        main  0     Completed  0         +S → +S
            pod quick Succeeded: app exited 0
            tandem * container logs (CRI format, one file per run) and events: DIR/run

            """)
    }

    /// Whole numbers past what they feed: pids.max takes at most PID_MAX_LIMIT, spec.replicas is an
    /// int32 (a huge count overflowed the StatefulSet's ordinals). A negative number reaches the
    /// check instead of ArgumentParser's "Missing value".
    @Test func wholeNumberFlagsOutsideTheirRangeAreUsageErrors() throws {
        let cases: [([String], String)] = [
            (["run", "--pod-pids-limit", "4194305"], "--pod-pids-limit must be between 0 and 4194304, inclusive"),
            (["run", "--pod-pids-limit", "-1"], "--pod-pids-limit must be between 0 and 4194304, inclusive"),
            (["run", "--replicas", "2147483648"], "--replicas must be between 0 and 2147483647, inclusive"),
            (["run", "--replicas", "-2"], "--replicas must be between 0 and 2147483647, inclusive"),
            (["run", "--keep-runs", "-1"], "--keep-runs must be at least 1"),
        ]
        for (arguments, message) in cases {
            let (result, made, _) = try run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "tandem: \(message) (see tandem run --help)\n", "\(arguments)")
            #expect(!made, "\(arguments): the log directory was made")
        }
    }

    // MARK: - Finding 16: flags that did nothing without a word

    @Test func runAsUserTakesKubernetesRange() throws {
        let message = "tandem: --run-as-user must be between 0 and 2147483647, inclusive (see tandem run --help)\n"
        for arguments in [["--run-as-user", "4294967295"], ["--run-as-user", "2147483648"], ["--run-as-user", "-1"],
                          ["--run-as-user=-1"]] {
            let (result, made, _) = try run(["run"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
            #expect(!made, "\(arguments): the log directory was made")
        }
    }

    /// A pids limit cannot hold without cgroups (it is the pod cgroup's pids.max); `--quiet` is
    /// `--output quiet`, so another `--output` contradicts it. 0 (no limit) and `--output quiet`
    /// agree with the other flag and are accepted.
    @Test func contradictoryFlagsAreUsageErrors() throws {
        let cases: [([String], String)] = [
            (["--pod-pids-limit", "5", "--no-cgroups"],
             "--pod-pids-limit 5 cannot be enforced with --no-cgroups (the limit is the pod cgroup's pids.max)"),
            (["--quiet", "--output", "tty"], "--quiet and --output tty cannot be used together (--quiet is --output quiet)"),
            (["--output", "plain", "--quiet"], "--quiet and --output plain cannot be used together (--quiet is --output quiet)"),
        ]
        for (arguments, message) in cases {
            let (result, made, _) = try run(["run"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "tandem: \(message) (see tandem run --help)\n", "\(arguments)")
            #expect(!made, "\(arguments): the log directory was made")
        }
        let agreeing = try run(["run", "--quiet", "--output", "quiet", "--pod-pids-limit", "0", "--no-cgroups"])
        #expect(agreeing.result.status == 0, "\(agreeing.result.stderr)")
        #expect(masked(agreeing.result.stderr, agreeing.directory) == "tandem: logs and events of this run in DIR/run\n")
    }

    /// `--replicas` on inputs with nothing it scales says so once, and the pod runs as it is.
    @Test func replicasWithoutAScalableWorkloadIsNoted() throws {
        let (result, _, directory) = try run(["run", "--quiet", "--replicas", "3"])
        #expect(result.status == 0)
        #expect(result.stdout == "")
        #expect(masked(result.stderr, directory) == """
            tandem: note: --replicas 3 ignored: no Deployment, ReplicaSet or StatefulSet in the inputs
            tandem: logs and events of this run in DIR/run

            """)
    }

    // MARK: - Finding 17: closed standard input

    /// `tandem run - 0<&-`: descriptor 0 is then the runtime's own (an eventfd or epoll instance
    /// opened before main), whose read failed with "Invalid argument".
    @Test func closedStandardInputIsSaidSo() throws {
        let directory = try Tandem.temporaryDirectory()
        let logs = directory.appendingPathComponent("run").path
        for arguments in [["run", "--log-dir", logs, "-"], ["simulate", "-"], ["validate", "-"]] {
            let result = try Tandem.run(["-c", "exec \"$0\" \"$@\" 0<&-", Tandem.binary.path] + arguments, shell: true)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr == "tandem: <stdin>: standard input is closed\n", "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: logs))
        // An open standard input is read as before.
        let (_, file) = try Tandem.manifest(Self.quickPod)
        let given = try Tandem.run(["-c", "exec \"$0\" simulate - < \"$1\"", Tandem.binary.path, file.path], shell: true)
        #expect(given.status == 0, "\(given.stderr)")
    }

    // MARK: - Finding 15: output files

    /// `--events` in a missing directory is refused with --status-file's words (it used to be made
    /// with `mkdir -p`); nothing is made.
    @Test func eventsFileInAMissingDirectoryIsRefused() throws {
        let (directory, file) = try Tandem.manifest(Self.quickPod)
        let events = directory.appendingPathComponent("missing/deeper/events.jsonl").path
        let status = directory.appendingPathComponent("absent/status.json").path
        let logs = directory.appendingPathComponent("run").path
        let result = try Tandem.run(["run", "--events", events, "--status-file", status, "--log-dir", logs, file.path])
        #expect(result.status == 2)
        #expect(result.stderr == """
            tandem: --status-file "\(status)": directory "\(directory.path)/absent": No such file or directory
            tandem: --events "\(events)": directory "\(directory.path)/missing/deeper": No such file or directory

            """)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("missing").path))
        #expect(!FileManager.default.fileExists(atPath: logs))
    }

    /// Files directly in a --log-dir that does not exist yet are accepted (the run makes it), and
    /// --events naming the run directory's own events.jsonl gets every event once, not twice.
    @Test func outputFilesInsideTheLogDirectory() throws {
        let (directory, file) = try Tandem.manifest(Self.quickPod)
        let logs = directory.appendingPathComponent("run").path
        let result = try Tandem.run(["run", "--quiet", "--log-dir", logs, "--events", "\(logs)/events.jsonl",
                                     "--status-file", "\(logs)/status.json", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(masked(result.stderr, directory) == "tandem: logs and events of this run in DIR/run\n")
        let events = try String(contentsOfFile: "\(logs)/events.jsonl", encoding: .utf8)
        let reasons = try events.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return object["reason"] as? String ?? "?"
        }
        #expect(reasons == ["Created", "Started", "ContainerReady", "PodPhase",
                            "ContainerExited", "ContainerNotReady", "PodPhase"], "\(events)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(logs)/status.json"))
            == Data(contentsOf: URL(fileURLWithPath: "\(logs)/pods.json")))
    }

    // MARK: - Finding 9: --volume checked up front

    static let volumePod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: claims}
        spec:
          restartPolicy: Never
          containers:
          - name: app
            image: busybox
            command: ["cat", "/data/hello"]
            volumeMounts: [{name: data, mountPath: /data}, {name: cache, mountPath: /cache}]
          volumes:
          - {name: data, persistentVolumeClaim: {claimName: data}}
          - {name: cache, emptyDir: {}}
        """

    /// A directory that is missing or a file, and a name no pod has (with the names there are),
    /// each one line, exit 2, nothing made.
    @Test func volumeMappingsAreCheckedBeforeAnythingStarts() throws {
        let (directory, file) = try Tandem.manifest(Self.volumePod)
        let logs = directory.appendingPathComponent("run").path
        let missing = directory.appendingPathComponent("nonexistent").path
        try "x".write(to: directory.appendingPathComponent("plain"), atomically: true, encoding: .utf8)
        let plain = directory.appendingPathComponent("plain").path
        let result = try Tandem.run(["run", "--log-dir", logs, "--volume", "data=\(missing)", "--volume", "dta=\(directory.path)",
                                     "--volume", "cache=\(plain)", "--volume", "nosuch=\(directory.path)", file.path])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            tandem: --volume "data=\(missing)": \(missing): No such file or directory
            tandem: --volume "dta=\(directory.path)": volume "dta" not found in any pod (did you mean "data"? volumes: data, cache)
            tandem: --volume "cache=\(plain)": "\(plain)" is not a directory
            tandem: --volume "nosuch=\(directory.path)": volume "nosuch" not found in any pod (volumes: data, cache)

            """)
        #expect(!FileManager.default.fileExists(atPath: logs))
        let quick = try Tandem.manifest(Self.quickPod).file.path
        let none = try Tandem.run(["run", "--log-dir", logs, "--volume", "data=\(directory.path)", quick])
        #expect(none.status == 2)
        #expect(none.stderr == "tandem: --volume \"data=\(directory.path)\": volume \"data\" not found in any pod (the pods have no volumes)\n")
    }
}

// MARK: - Signals (findings 4 and 10)

extension RunFlagTests {
    static let trappingPods = """
        apiVersion: v1
        kind: Pod
        metadata: {name: first}
        spec:
          terminationGracePeriodSeconds: 5
          containers:
          - name: app
            image: busybox
            command: ["sh", "-c", "trap 'echo got TERM; exit 0' TERM; echo up; while :; do sleep 0.1; done"]
        """

    /// SIGHUP (the terminal closed) deletes the pod gracefully, as SIGTERM does: its container gets
    /// SIGTERM and exits 0, the summary is printed and pods.json written; it used to kill tandem at
    /// once (exit 129) and leave the containers to the sentinel.
    @Test func sighupDeletesGracefullyAsSIGTERMDoes() throws {
        let directory = try Tandem.temporaryDirectory()
        let logs = directory.appendingPathComponent("run").path
        let file = directory.appendingPathComponent("pod.yaml")
        try Self.trappingPods.write(to: file, atomically: true, encoding: .utf8)
        let run = try Story.piped(["run", "--output", "plain", "--log-dir", logs, file.path],
                                  interruptAfter: ["app | up", "Pod first is Running"], signal: SIGHUP)
        #expect(run.status == 0, "\(run.output)")
        #expect(Story.factLines(Story.mask(run.output, runDirectory: logs)) == [
            "tandem: logs and events of this run in <DIR>",
            "app   * +T Started container app",
            "app   * +T Container app is ready",
            "first * +T Pod first is Running",
            "tandem: deleting pod first (grace 5s)",
            "first * +T Deleting pod first (grace 5s)",
            "app   * +T Sent SIGTERM to container app",
            "app   * +T Container app exited with code 0",
            "app   * +T Container app is not ready",
            "first * +T Pod first is Succeeded",
            "first * pod first Succeeded",
            "",
            "CONTAINER  ROLE  EXIT  REASON     RESTARTS  STARTED → FINISHED",
            "app        main  0     Completed  0         +T → +T",
            "pod first Succeeded: app exited 0 (pod deleted)",
            "tandem * container logs (CRI format, one file per run) and events: <DIR>",
            "",
        ], "\(run.output)")
        #expect(run.output.contains("app | got TERM\n"))
        #expect(FileManager.default.fileExists(atPath: "\(logs)/pods.json"))
    }

    /// With several pods, Ctrl-C's "deleting" lines are lines, not one line with a visible `\n`.
    @Test func interruptingSeveralPodsSaysALinePerPod() throws {
        let directory = try Tandem.temporaryDirectory()
        let logs = directory.appendingPathComponent("run").path
        let file = directory.appendingPathComponent("pods.yaml")
        let second = Self.trappingPods.replacingOccurrences(of: "name: first", with: "name: second")
            .replacingOccurrences(of: "terminationGracePeriodSeconds: 5", with: "terminationGracePeriodSeconds: 7")
        try (Self.trappingPods + "\n---\n" + second).write(to: file, atomically: true, encoding: .utf8)
        let run = try Story.piped(["run", "--output", "plain", "--log-dir", logs, file.path],
                                  interruptAfter: ["first/app  | up", "second/app | up", "Pod first is Running", "Pod second is Running"])
        #expect(run.status == 0, "\(run.output)")
        let said = run.output.split(separator: "\n").filter { $0.hasPrefix("tandem: deleting") }
        #expect(said == [
            "tandem: deleting pod first (grace 5s; Ctrl-C again to kill now)",
            "tandem: deleting pod second (grace 7s; Ctrl-C again to kill now)",
        ], "\(run.output)")
        // The whole transcript, its lines sorted: the two pods' lines interleave differently from run to run.
        #expect(Story.mask(run.output, runDirectory: logs).split(separator: "\n", omittingEmptySubsequences: false).sorted() == [
            "",
            "",
            "POD     CONTAINER  ROLE  EXIT  REASON     RESTARTS  STARTED → FINISHED",
            "first      * +T Deleting pod first (grace 5s)",
            "first      * +T Pod first is Running",
            "first      * +T Pod first is Succeeded",
            "first      * pod first Succeeded",
            "first   app        main  0     Completed  0         +T → +T",
            "first/app  * +T Container app exited with code 0",
            "first/app  * +T Container app is not ready",
            "first/app  * +T Container app is ready",
            "first/app  * +T Sent SIGTERM to container app",
            "first/app  * +T Started container app",
            "first/app  | got TERM",
            "first/app  | up",
            "pod first Succeeded: app exited 0 (pod deleted)",
            "pod second Succeeded: app exited 0 (pod deleted)",
            "second     * +T Deleting pod second (grace 7s)",
            "second     * +T Pod second is Running",
            "second     * +T Pod second is Succeeded",
            "second     * pod second Succeeded",
            "second  app        main  0     Completed  0         +T → +T",
            "second/app * +T Container app exited with code 0",
            "second/app * +T Container app is not ready",
            "second/app * +T Container app is ready",
            "second/app * +T Sent SIGTERM to container app",
            "second/app * +T Started container app",
            "second/app | got TERM",
            "second/app | up",
            "tandem     * container logs (CRI format, one file per run) and events: <DIR>",
            "tandem: deleting pod first (grace 5s; Ctrl-C again to kill now)",
            "tandem: deleting pod second (grace 7s; Ctrl-C again to kill now)",
            "tandem: logs and events of this run in <DIR>",
        ], "\(run.output)")
    }
}

// MARK: - Findings 8 and 9 on a real run (bind mounts need root)

extension VolumeRunTests {
    /// `--configmap NAME=DIR` keeps DIR's regular files only, as `kubectl create configmap
    /// --from-file=DIR` does: a symbolic link (here to /etc/passwd), a subdirectory and a FIFO are
    /// not keys. The link used to be followed, putting /etc/passwd in the ConfigMap.
    @Test func configMapDirectoriesKeepRegularFilesOnly() throws {
        let directory = try Tandem.temporaryDirectory()
        let files = directory.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: files.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "x=1\n".write(to: files.appendingPathComponent("app.conf"), atomically: true, encoding: .utf8)
        try "inner\n".write(to: files.appendingPathComponent("sub/inner"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: files.appendingPathComponent("passwd").path, withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: files.appendingPathComponent("alias.conf").path, withDestinationPath: "app.conf")
        #expect(mkfifo(files.appendingPathComponent("pipe").path, 0o600) == 0)
        let text = """
            apiVersion: v1
            kind: Pod
            metadata: {name: fromdir}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "ls DIR/m; cat DIR/m/app.conf"]
                volumeMounts: [{name: c, mountPath: DIR/m}]
              volumes:
              - {name: c, configMap: {name: files}}
            """
        let (result, _, _) = try run(text, ["--configmap", "files=\(files.path)", "--secret", "creds=\(files.path)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "app | app.conf\napp | x=1\n")
    }

    /// `--volume NAME=DIR` bind-mounts DIR as the pod's volume NAME (checked up front; here it holds).
    @Test func aVolumeMappingMountsTheDirectory() throws {
        let directory = try Tandem.temporaryDirectory()
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try "hello from the host\n".write(to: data.appendingPathComponent("hello"), atomically: true, encoding: .utf8)
        let (result, _, _) = try run(RunFlagTests.volumePod, ["--volume", "data=\(data.path)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "app | hello from the host\n")
    }
}

// MARK: - Finding 12: a Deployment scaled to 0

extension RunFlagTests {
    /// `--replicas 0`: the Deployment controller records no `ScalingReplicaSet` for a new ReplicaSet
    /// of 0 replicas (`!alreadyExists && newReplicasCount > 0`), no pod runs, and the run ends by
    /// itself saying why, not "deleted" (nothing deleted it).
    @Test func aDeploymentOfZeroReplicasEndsSayingSo() throws {
        let (result, _, directory) = try run(["run", "--output", "plain", "--replicas", "0"], manifest: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: busybox
                    command: ["sleep", "60"]
            """)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "")
        #expect(masked(result.stderr, directory) == """
            tandem: logs and events of this run in DIR/run
            Deployment/web       * Deployment web has 0 replicas: no pod to run
            tandem               * container logs (CRI format, one file per run) and events: DIR/run

            """)
        let events = try String(contentsOfFile: directory.appendingPathComponent("run/events.jsonl").path, encoding: .utf8)
        #expect(events == "")
    }
}
