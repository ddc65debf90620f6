import Foundation
import Testing

@Suite(.serialized) struct CommandTests {
    @Test func validateAcceptsTheExamples() throws {
        let result = try Tandem.run(["validate", "examples/istio-style-deployment.yaml",
                                     "examples/secret-fetcher-deployment.yaml", "examples/job-with-log-shipper.yaml",
                                     "examples/web-behind-proxy.yaml"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func validateWordsErrorsLikeTheAPIServer() throws {
        let (_, file) = try Tandem.manifest(named: "pod.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: bad}
            spec:
              initContainers:
              - {name: init, image: busybox, restartPolicy: OnFailure}
              containers:
              - {name: app, image: busybox}
            """)
        let result = try Tandem.run(["validate", file.path])
        #expect(result.status == 2)
        #expect((result.stdout + result.stderr).contains(
            #"spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always""#))
        let run = try Tandem.run(["run", file.path])
        #expect(run.status == 2)
    }

    @Test func badInputIsOneLineAndExitCode2() throws {
        let result = try Tandem.run(["validate", "does-not-exist.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("does-not-exist.yaml"))
    }

    @Test func aRejectedCommandLinePointsAtThatCommandsHelp() throws {
        let lint = try Tandem.run(["lint", "--outptu", "json", "x.yaml"])
        #expect(lint.status == 2)
        #expect(lint.stderr == "tandem: Unknown option '--outptu'. Did you mean '--output'? (see tandem lint --help)\n")
        let top = try Tandem.run(["frobnicate"])
        #expect(top.status == 2)
        #expect(top.stderr == "tandem: unknown command \"frobnicate\" for \"tandem\" (see tandem --help)\n")
    }

    /// lint, convert and inject read directories as run, validate and resources do (kubectl's
    /// `-f DIR`): the directory's manifest files, its subdirectories' too with -R.
    @Test func everyCommandReadsDirectoriesAndRecursesWithR() throws {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: NAME\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n"
            + "  - name: envoy\n    image: envoyproxy/envoy:v1.30.1\n"
        let (directory, _) = try Tandem.manifest(named: "a.yaml", pod.replacingOccurrences(of: "NAME", with: "a"))
        let sub = directory.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try pod.replacingOccurrences(of: "NAME", with: "b").write(to: sub.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let sidecar = try Tandem.manifest(named: "sidecar.json", #"{"name": "log", "image": "busybox:1.37", "command": ["sleep", "3600"]}"#).file
        let dir = directory.path
        let a = "\(dir)/a.yaml", b = "\(dir)/sub/b.yaml"

        func finding(_ object: String, _ file: String) -> String {
            "Pod/\(object)\n\(file):9:5: warning legacy-sidecar: container \"envoy\" is a long-running helper (its image is \"envoy\") declared as a regular container: it starts in parallel with the main containers and gets SIGTERM with them\n"
                + "    fix: move \"envoy\" to initContainers with restartPolicy: Always (tandem convert does this)\n"
        }
        let lintFlat = try Tandem.run(["lint", dir])
        #expect(lintFlat.stdout == finding("a", a) + "\n1 finding: 1 warning\n", "\(lintFlat.stderr)")
        let lintDeep = try Tandem.run(["lint", "-R", dir])
        #expect(lintDeep.stdout == finding("a", a) + "\n" + finding("b", b) + "\n2 findings: 2 warnings\n", "\(lintDeep.stderr)")

        func moved(_ object: String, _ file: String) -> String {
            "\(file):1: Pod \"\(object)\": moved \"envoy\" to initContainers[0] with restartPolicy: Always\n"
        }
        let convertFlat = try Tandem.run(["convert", dir])
        #expect(convertFlat.status == 0)
        #expect(convertFlat.stderr == moved("a", a))
        let convertDeep = try Tandem.run(["convert", "--recursive", dir])
        #expect(convertDeep.stderr == moved("a", a) + moved("b", b))

        let patch = #"[{"op":"add","path":"/spec/initContainers","value":[{"command":["sleep","3600"],"image":"busybox:1.37","name":"log","restartPolicy":"Always"}]},{"op":"add","path":"/metadata/annotations","value":{"sidecar.tandem.dev/log":"native"}}]"# + "\n"
        let injectFlat = try Tandem.run(["inject", dir, "--sidecar", sidecar.path, "-o", "jsonpatch"])
        #expect(injectFlat.stdout == patch, "\(injectFlat.stderr)")
        let injectDeep = try Tandem.run(["inject", "-R", dir, "--sidecar", sidecar.path, "-o", "jsonpatch"])
        #expect(injectDeep.stdout == patch + patch, "\(injectDeep.stderr)")
    }

    /// A workload and its Service in one file, as `kubectl apply -f` takes them: validate and
    /// resources look at the workload and name what they passed over; run still refuses.
    @Test func validateAndResourcesPassOverOtherKinds() throws {
        let (_, file) = try Tandem.manifest(named: "app.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - {name: app, image: nginx:1.27, resources: {requests: {cpu: 100m}}}
            ---
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Service, metadata: {name: web}}
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: "conf\\e"}}
            """)
        let path = file.path
        let notes = "tandem: note: \(path):11: skipped Service/web: not a workload\n"
            + "tandem: note: \(path):12: skipped ConfigMap/conf\\x1b: not a workload\n"
        let validate = try Tandem.run(["validate", path])
        #expect(validate.status == 0)
        #expect(validate.stdout == "\(path): Pod \"web\" is valid\n")
        #expect(validate.stderr == notes)
        let resources = try Tandem.run(["resources", path])
        #expect(resources.status == 0)
        #expect(resources.stdout == "KIND   NAME   RESOURCE   REQUEST   LIMIT   SET BY\nPod    web    cpu        100m      -       containers + sidecars running\n")
        #expect(resources.stderr == notes)
        let run = try Tandem.run(["run", path])
        #expect(run.status == 2)
        // run passes over the Service (WorkloadRunTests has its note) but reads ConfigMaps (the
        // store its pods read), so this one is validated as on create and refuses the run.
        #expect(run.stderr == "\(path): The ConfigMap \"conf\\x1b\" is invalid: metadata.name: Invalid value: \"conf\\x1b\": a lowercase RFC 1123 "
            + "subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
            + "alphanumeric character (e.g. 'example.com', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n")
    }

    @Test func resourcesCountSidecarsLikeTheScheduler() throws {
        let result = try Tandem.run(["resources", "-o", "json", "examples/istio-style-deployment.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let item = try #require((json["items"] as? [[String: Any]])?.first)
        // istio-init 10m runs alone; istio-proxy (100m) runs next to reviews (500m).
        #expect(item["requests"] as? [String: String] == ["cpu": "600m", "memory": "640Mi"])
        #expect(item["limits"] as? [String: String] == ["cpu": "2", "memory": "2Gi"])
    }

    @Test func runsAPodWithASidecarToCompletion() throws {
        let (directory, file) = try Tandem.manifest(named: "pod.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: demo}
            spec:
              restartPolicy: Never
              initContainers:
              - name: shipper
                image: busybox
                restartPolicy: Always
                command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"]
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "echo hello from app"]
            """)
        let status = directory.appendingPathComponent("status.json")
        let result = try Tandem.run(["run", "--log-dir", directory.appendingPathComponent("logs").path,
                                     "--status-file", status.path, file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("hello from app"))
        let pod = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: status)) as? [String: Any])
        let podStatus = try #require(pod["status"] as? [String: Any])
        #expect(podStatus["phase"] as? String == "Succeeded")
        #expect(podStatus["podIP"] as? String == "127.0.0.1")
        #expect(podStatus["qosClass"] as? String == "BestEffort")
        let log = try String(contentsOf: directory.appendingPathComponent("logs/demo/app/0.log"), encoding: .utf8)
        #expect(log.contains(" stdout F hello from app"))
    }

    @Test func noProcessOutlivesAKilledTandem() throws {
        let marker = "TANDEM_CLI_TEST_\(UUID().uuidString.prefix(8))"
        let (_, file) = try Tandem.manifest(named: "pod.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: orphans}
            spec:
              initContainers:
              - name: sidecar
                image: busybox
                restartPolicy: Always
                env: [{name: MARK, value: "\(marker)"}]
                command: ["sh", "-c", "sleep 300 & sleep 300"]
              containers:
              - name: app
                image: busybox
                env: [{name: MARK, value: "\(marker)"}]
                command: ["sh", "-c", "sleep 300 & sleep 300"]
            """)
        let (process, seen) = try Tandem.startRun(file, untilProcessesCarry: marker, count: 4)
        #expect(seen >= 4)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        var left = Tandem.processes(carrying: marker)
        for _ in 0..<40 where !left.isEmpty {
            usleep(50_000)
            left = Tandem.processes(carrying: marker)
        }
        #expect(left.isEmpty, "left behind: \(left)")
        for pid in left { kill(pid, SIGKILL) }
    }
}

@Suite struct StandardInputTests {
    @Test func aManifestCanComeFromStandardInput() throws {
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = ["validate", "-"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("""
            apiVersion: v1
            kind: Pod
            metadata: {name: piped}
            spec:
              containers: [{name: app, image: busybox}]
            """.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("Pod \"piped\" is valid"))
    }
}
