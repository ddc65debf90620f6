import Foundation
import Testing

/// `tandem lint` through the built binary on the realistic manifests in tests/lint/fixtures, comparing
/// whole outputs with tests/lint/expected.
@Suite struct LintCommandTests {
    static let fixtures = ["istio-hold", "job-cloud-sql-proxy", "deployment-fluent-bit", "clean-native-sidecar"]

    func expected(_ name: String) throws -> String {
        try String(contentsOf: Tandem.repository.appendingPathComponent("tests/lint/expected/\(name)"), encoding: .utf8)
    }

    @Test(arguments: fixtures)
    func wholeOutputsInEveryFormat(_ fixture: String) throws {
        let file = "tests/lint/fixtures/\(fixture).yaml"
        let clean = fixture == "clean-native-sidecar"
        for (format, suffix) in [("text", "txt"), ("json", "json"), ("sarif", "sarif")] {
            let result = try Tandem.run(["lint", "-o", format, file])
            #expect(result.stdout == (try expected("\(fixture).\(suffix)")), "\(fixture) -o \(format)")
            #expect(result.stderr == "")
            #expect(result.status == (clean ? 0 : 1))
        }
    }

    @Test func theCleanManifestYieldsNothingAtAll() throws {
        let result = try Tandem.run(["lint", "tests/lint/fixtures/clean-native-sidecar.yaml"])
        #expect(result.stdout == "")
        #expect(try Tandem.run(["lint", "-o", "json", "--fail-on", "info", "tests/lint/fixtures/clean-native-sidecar.yaml"]).stdout
                == "{\n  \"findings\" : [\n\n  ]\n}\n")
    }

    @Test(arguments: fixtures)
    func sarifValidatesAgainstTheSARIF210Schema(_ fixture: String) throws {
        let result = try Tandem.run(["lint", "-o", "sarif", "tests/lint/fixtures/\(fixture).yaml"])
        let directory = try Tandem.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("lint.sarif")
        try result.stdout.write(to: log, atomically: true, encoding: .utf8)
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            log = json.load(open(sys.argv[2]))
            jsonschema.validate(log, schema)
            assert log["version"] == "2.1.0" and len(log["runs"][0]["tool"]["driver"]["rules"]) > 0
            print("valid")
            """, Tandem.repository.appendingPathComponent("tests/lint/sarif-schema-2.1.0.json").path, log.path]
        let output = Pipe()
        check.standardOutput = output
        try check.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        #expect(text == "valid\n")
    }

    @Test func failOnDecidesTheExitCode() throws {
        let job = "tests/lint/fixtures/job-cloud-sql-proxy.yaml"
        #expect(try Tandem.run(["lint", "--fail-on", "error", job]).status == 0)
        #expect(try Tandem.run(["lint", "--fail-on", "warning", job]).status == 1)
        #expect(try Tandem.run(["lint", "--fail-on", "none", job]).status == 0)
        #expect(try Tandem.run(["lint", job]).status == 1)
    }

    @Test func aDirectoryIsItsManifestsInPathOrder() throws {
        let result = try Tandem.run(["lint", "-o", "json", "tests/lint/fixtures"])
        #expect(result.status == 1)
        var findings: [Any] = []
        for fixture in Self.fixtures.sorted() {
            let one = try JSONSerialization.jsonObject(with: Data(try expected("\(fixture).json").utf8)) as? [String: Any]
            findings += one?["findings"] as? [Any] ?? []
        }
        let all = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((all?["findings"] as? NSArray) == (findings as NSArray))
    }

    @Test func standardInputIsNamedStdin() throws {
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = ["lint", "-o", "json", "-"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let manifest = try Data(contentsOf: Tandem.repository.appendingPathComponent("tests/lint/fixtures/job-cloud-sql-proxy.yaml"))
        input.fileHandleForWriting.write(manifest)
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(text == (try expected("job-cloud-sql-proxy.json")).replacingOccurrences(
            of: "tests/lint/fixtures/job-cloud-sql-proxy.yaml", with: "<stdin>"))
    }

    @Test func configurationFileDisablesRulesAndChangesSeverities() throws {
        let (directory, config) = try Tandem.manifest(named: "lint.yaml", """
            disable: [shutdown-hack]
            severity:
              legacy-sidecar: info
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Tandem.run(["lint", "--config", config.path, "tests/lint/fixtures/job-cloud-sql-proxy.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            Job/shop/migrate
            tests/lint/fixtures/job-cloud-sql-proxy.yaml:28:9: info legacy-sidecar: container "cloud-sql-proxy" is a long-running helper (its image is "cloud-sql-proxy") declared as a regular container: in a Job it never exits, so the pod never completes
                fix: move "cloud-sql-proxy" to initContainers with restartPolicy: Always (tandem convert does this)

            1 finding: 1 info

            """)
    }

    @Test func unusableInputIsOneLineNamingTheFileAndExit2() throws {
        let (directory, broken) = try Tandem.manifest(named: "broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n  - name: a\n    imagee: b\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let badConfig = directory.appendingPathComponent("bad-config.yaml")
        try "disable: [no-such-rule]\n".write(to: badConfig, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["lint", broken.path], "tandem: \(broken.path): unknown field \"spec.containers[0].imagee\" (line 7, column 5); did you mean \"image\"?\n"),
            (["lint", "/nonexistent/pod.yaml"], "tandem: /nonexistent/pod.yaml: No such file or directory\n"),
            (["lint"], "tandem: lint: give at least one FILE, DIR or - (see tandem lint --help)\n"),
            (["lint", "-o", "markdown", broken.path], "tandem: lint: -o markdown is only for --list-rules (see tandem lint --help)\n"),
            (["lint", "--kubernetes-version", "2.0", broken.path], "tandem: lint: --kubernetes-version \"2.0\" is not a Kubernetes version like 1.29\n"),
            (["lint", "--config", badConfig.path, "tests/lint/fixtures/istio-hold.yaml"], "tandem: \(badConfig.path): disable: unknown rule \"no-such-rule\"\n"),
        ]
        for (arguments, message) in cases {
            let result = try Tandem.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == message)
            #expect(result.stdout == "")
        }
    }

    @Test func kubernetesVersionRulesSayWhichVersion() throws {
        let result = try Tandem.run(["lint", "--kubernetes-version", "1.28", "-o", "json", "tests/lint/fixtures/clean-native-sidecar.yaml"])
        let all = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let rules = (all?["findings"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "") \($0["path"] ?? "")" }
        #expect(rules == [
            "native-sidecar-unsupported spec.template.spec.initContainers[0].restartPolicy",
            "native-sidecar-unsupported spec.template.spec.initContainers[1].restartPolicy",
        ])
        #expect(result.status == 1)
    }

    /// The new user's batch Job, one container with no helper at all.
    static let plainJob = """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: batch}
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: work
                image: busybox
                command: ["sh", "-c", "echo working; sleep 2; echo finished"]

        """

    /// A sleep between two steps of a script, in a pod with nothing to wait for, is no start-up hack.
    @Test func aSleepInABatchScriptIsNoFinding() throws {
        let (directory, file) = try Tandem.manifest(named: "jobplain.yaml", Self.plainJob)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Tandem.run(["lint", file.path])
        #expect(result.stdout == "")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    /// `tandem inject --mode universal` output: its fallback container is tandem's own, not a
    /// legacy sidecar; lint reports nothing and convert leaves the pod as it is.
    @Test func theUniversalPairIsNeitherReportedNorConverted() throws {
        let (directory, job) = try Tandem.manifest(named: "jobplain.yaml", Self.plainJob)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sidecar = directory.appendingPathComponent("sc.yaml")
        try """
            name: fluent-bit
            image: fluent/fluent-bit:3.1
            command: ["sh", "-c", "trap 'exit 0' TERM; echo shipping; while :; do sleep 1; done"]
            resources: {requests: {cpu: 20m, memory: 32Mi}, limits: {memory: 64Mi}}

            """.write(to: sidecar, atomically: true, encoding: .utf8)
        let injected = try Tandem.run(["inject", job.path, "--sidecar", sidecar.path, "--mode", "universal"])
        #expect(injected.status == 0, "\(injected.stderr)")
        #expect(injected.stdout.contains("sidecar.tandem.dev/fluent-bit: universal"))
        #expect(injected.stdout.contains("name: fluent-bit-fallback"))
        let universal = directory.appendingPathComponent("ju.yaml")
        try injected.stdout.write(to: universal, atomically: true, encoding: .utf8)

        let lint = try Tandem.run(["lint", universal.path])
        #expect(lint.stdout == "")
        #expect(lint.status == 0)
        let convert = try Tandem.run(["convert", universal.path])
        #expect(convert.status == 0)
        #expect(convert.stdout == injected.stdout)
        #expect(convert.stderr == "")
        // Named on purpose, it is still left alone, with the reason.
        let named = try Tandem.run(["convert", "--sidecar", "fluent-bit-fallback", universal.path])
        #expect(named.status == 0)
        #expect(named.stdout == injected.stdout)
        #expect(named.stderr == """
            \(universal.path):1: Job "batch": left alone: "fluent-bit-fallback" is the fallback of tandem's universal sidecar "fluent-bit" (sidecar.tandem.dev/fluent-bit: universal): not a legacy sidecar but the stand-in that runs the sidecar only where native sidecars do not work; tandem's universal pairs stay as they are

            """)
    }

    /// The README's convert example piped into lint: Istio's hold annotation is no finding once
    /// the proxy is a native sidecar with a startupProbe (Istio ignores the hold for native
    /// sidecars; the startupProbe holds the app). What remains is real: the proxy has no memory limit.
    @Test func convertedIstioDeploymentHasNoHoldFinding() throws {
        let result = try Tandem.run(["-c", "\"$0\" convert tests/convert/istio-deployment.yaml 2>/dev/null | \"$0\" lint -", Tandem.binary.path],
                                    shell: true)
        #expect(result.stdout == """
            Deployment/reviews
            <stdin>:33:11: info sidecar-without-memory-limit: sidecar "istio-proxy" has no memory limit
                fix: set resources.limits.memory on the sidecar

            1 finding: 1 info

            """)
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    @Test func theREADMERuleTableIsTheGeneratedOne() throws {
        let readme = try String(contentsOf: Tandem.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- lint-rules:begin -->\n"))
        let end = try #require(readme.range(of: "<!-- lint-rules:end -->"))
        let table = String(readme[begin.upperBound..<end.lowerBound])
        let generated = try Tandem.run(["lint", "--list-rules", "-o", "markdown"])
        #expect(generated.status == 0)
        #expect(table == generated.stdout)
    }
}

/// The new user's findings (newuser2) on lint's wait advice.
extension LintCommandTests {
    static let universalJob = """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: job1}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: main
                image: myjob:1
                command: ["sh", "-c", "until curl -sf localhost:9901/ready; do sleep 1; done; ./work"]

        """

    static let envoySidecar = """
        container:
          name: envoy
          image: envoyproxy/envoy:v1.31.0
          command: [envoy]
          args: [-c, /etc/envoy/envoy.yaml]
          ports: [{containerPort: 9901}]
          startupProbe: {httpGet: {path: /ready, port: 9901}}
          resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {memory: 128Mi}}

        """

    /// `inject --mode universal` leaves the startupProbe off the pair's init side on purpose, and
    /// the main's own wait for its port is what holds the main where native sidecars do not
    /// work: lint asks for neither the probe nor the wait's removal.
    @Test func universalInjectOutputPassesLint() throws {
        let (directory, job) = try Tandem.manifest(named: "job1.yaml", Self.universalJob)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sidecar = directory.appendingPathComponent("sc-envoy.yaml")
        try Self.envoySidecar.write(to: sidecar, atomically: true, encoding: .utf8)
        let result = try Tandem.run(["-c", "\"$0\" inject \"$1\" --sidecar \"$2\" --mode universal 2>/dev/null | \"$0\" lint --fail-on warning -",
                                     Tandem.binary.path, job.path, sidecar.path], shell: true)
        #expect(result.stdout == "")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    /// A main that connects to the universal pair's port without waiting for it is still told,
    /// with a fix that universal mode allows (not a startupProbe on the init side).
    @Test func universalSidecarUsedWithoutAWaitIsStillReported() throws {
        let (directory, job) = try Tandem.manifest(named: "job2.yaml", Self.universalJob.replacingOccurrences(
            of: #"["sh", "-c", "until curl -sf localhost:9901/ready; do sleep 1; done; ./work"]"#,
            with: #"["./work", "--proxy=localhost:9901"]"#))
        defer { try? FileManager.default.removeItem(at: directory) }
        let sidecar = directory.appendingPathComponent("sc-envoy.yaml")
        try Self.envoySidecar.write(to: sidecar, atomically: true, encoding: .utf8)
        let result = try Tandem.run(["-c", "\"$0\" inject \"$1\" --sidecar \"$2\" --mode universal 2>/dev/null | \"$0\" lint -",
                                     Tandem.binary.path, job.path, sidecar.path], shell: true)
        #expect(result.stdout == """
            Job/job1
            <stdin>:73:9: warning sidecar-without-startup-probe: sidecar "envoy" has no startupProbe, but "main" declared after it connects to its port 9901 and may start before it listens
                fix: make "main" wait for port 9901 before it connects: "envoy" is the init side of tandem's universal pair, which carries no startupProbe (an API server without native sidecars rejects it on init containers)

            1 finding: 1 warning

            """)
        #expect(result.stderr == "")
        #expect(result.status == 1)
    }

    /// `./app & until curl localhost:8080/health …`: the container waits for its own server
    /// (8080 is its own port and no other container's), not for a helper.
    @Test func aWaitForTheContainersOwnServerIsNoFinding() throws {
        let (directory, file) = try Tandem.manifest(named: "f10b.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: f10b}
            spec:
              initContainers:
              - name: istio-proxy
                image: docker.io/istio/proxyv2:1.22.0
                restartPolicy: Always
                resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
                startupProbe:
                  httpGet: {path: /healthz/ready, port: 15021}
              containers:
              - name: app
                image: myapp:1
                ports:
                - containerPort: 8080
                command: ["sh", "-c", "./app & until curl -sf localhost:8080/health; do sleep 1; done; ./register.sh; wait"]

            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Tandem.run(["lint", file.path])
        #expect(result.stdout == "")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    static let workBeforeWaitJob = """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: c2}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: migrate
                image: migrate:1
                command:
                - bash
                - -c
                - echo "starting at $(date)"; while ! nc -z localhost 5432; do sleep 1; done && ./migrate up && ./seed
              - name: cloud-sql-proxy
                image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
                args: ["--port=5432", "proj:reg:inst"]
                ports:
                - containerPort: 5432

        """

    /// A wait convert will not cut: the fix does not say "(tandem convert does this)" but why
    /// convert leaves it, the reason convert's own note gives.
    @Test func theFixCreditsConvertOnlyWithWaitsItCuts() throws {
        let (directory, file) = try Tandem.manifest(named: "c2.yaml", Self.workBeforeWaitJob)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Tandem.run(["lint", file.path])
        #expect(result.stdout == """
            Job/c2
            \(file.path):14:11: warning startup-wait-hack: "migrate" waits for a helper by hand: "while ! nc -z localhost 5432; do sleep 1; done"
                fix: make the helper a native sidecar with a startupProbe (tcpSocket on port 5432) and drop the wait by hand (tandem convert leaves this wait: not a pure prefix of a sh -c script: only the wait, and echoes announcing it before, can be cut)
            \(file.path):15:9: warning legacy-sidecar: container "cloud-sql-proxy" is a long-running helper (its image is "cloud-sql-proxy") declared as a regular container: in a Job it never exits, so the pod never completes
                fix: move "cloud-sql-proxy" to initContainers with restartPolicy: Always (tandem convert does this)

            2 findings: 2 warnings

            """)
        #expect(result.status == 1)
    }

    /// After convert, the helper is a native sidecar with a startupProbe on the polled port: the
    /// wait it left is redundant and goes by hand, and the fix says so.
    @Test func afterConvertTheLeftWaitIsCalledRedundant() throws {
        let (directory, file) = try Tandem.manifest(named: "c2.yaml", Self.workBeforeWaitJob)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Tandem.run(["-c", "\"$0\" convert \"$1\" 2>/dev/null | \"$0\" lint -", Tandem.binary.path, file.path], shell: true)
        #expect(result.stdout == """
            Job/c2
            <stdin>:9:9: warning sidecar-without-requests: sidecar "cloud-sql-proxy" has no cpu or memory request; it runs beside every main container, so the pod's effective request undercounts it
                fix: set resources.requests.cpu and resources.requests.memory on the sidecar
            <stdin>:9:9: info sidecar-without-memory-limit: sidecar "cloud-sql-proxy" has no memory limit
                fix: set resources.limits.memory on the sidecar
            <stdin>:26:11: warning startup-wait-hack: "migrate" waits for a helper by hand: "while ! nc -z localhost 5432; do sleep 1; done"
                fix: "cloud-sql-proxy" is already a native sidecar with a startupProbe, which holds "migrate" until it passes: the wait is redundant, remove it by hand (tandem convert leaves it: not a pure prefix of a sh -c script: only the wait, and echoes announcing it before, can be cut)

            3 findings: 2 warnings, 1 info

            """)
        #expect(result.stderr == "")
        #expect(result.status == 1)
    }

    /// Bounded and `if … then break` retry loops are waits too: lint reports both; convert cuts the
    /// `while true` one and leaves the `for` one, which gives up and goes on (more than a wait).
    @Test func breakStyleAndBoundedLoopsAreWaits() throws {
        let (directory, file) = try Tandem.manifest(named: "f13.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: f13}
            spec:
              containers:
              - name: app
                image: myapp:1
                command: ["sh", "-c", "for i in $(seq 1 30); do nc -z localhost 5432 && break; sleep 1; done; exec app"]
              - name: cloud-sql-proxy
                image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
                ports: [{containerPort: 5432}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: d6}
            spec:
              containers:
              - name: app
                image: myapp:1
                command: ["sh", "-c", "while true; do if curl -sf localhost:15021/healthz/ready; then break; fi; sleep 1; done; exec app"]
              - name: istio-proxy
                image: docker.io/istio/proxyv2:1.22.0
                ports:
                - containerPort: 15021

            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lint = try Tandem.run(["lint", file.path])
        #expect(lint.stdout == """
            Pod/f13
            \(file.path):8:27: warning startup-wait-hack: "app" waits for a helper by hand: "for i in $(seq 1 30); do nc -z localhost 5432 && break; sleep 1; done"
                fix: make the helper a native sidecar with a startupProbe (tcpSocket on port 5432) and drop the wait by hand (tandem convert leaves this wait: a for loop gives up after its last try and runs the rest anyway: more than a wait)
            \(file.path):9:5: warning legacy-sidecar: container "cloud-sql-proxy" is a long-running helper (its image is "cloud-sql-proxy") declared as a regular container: it starts in parallel with the main containers and gets SIGTERM with them
                fix: move "cloud-sql-proxy" to initContainers with restartPolicy: Always (tandem convert does this)

            Pod/d6
            \(file.path):20:27: warning startup-wait-hack: "app" waits for a helper by hand: "while true; do if curl -sf localhost:15021/healthz/ready; then break; fi; sleep 1; done"
                fix: make the helper a native sidecar with a startupProbe (httpGet "/healthz/ready" on port 15021) and drop the wait (tandem convert does this)
            \(file.path):21:5: warning legacy-sidecar: container "istio-proxy" is a long-running helper (its image is "proxyv2") declared as a regular container: it starts in parallel with the main containers and gets SIGTERM with them
                fix: move "istio-proxy" to initContainers with restartPolicy: Always (tandem convert does this)

            4 findings: 4 warnings

            """)
        #expect(lint.status == 1)
        let convert = try Tandem.run(["convert", file.path])
        #expect(convert.status == 0)
        #expect(convert.stdout == """
            apiVersion: v1
            kind: Pod
            metadata: {name: f13}
            spec:
              initContainers:
              - name: cloud-sql-proxy
                restartPolicy: Always
                image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
                ports: [{containerPort: 5432}]
                startupProbe:
                  tcpSocket:
                    port: 5432
                  periodSeconds: 2
                  failureThreshold: 15
              containers:
              - name: app
                image: myapp:1
                command: ["sh", "-c", "for i in $(seq 1 30); do nc -z localhost 5432 && break; sleep 1; done; exec app"]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: d6}
            spec:
              initContainers:
              - name: istio-proxy
                restartPolicy: Always
                image: docker.io/istio/proxyv2:1.22.0
                ports:
                - containerPort: 15021
                startupProbe:
                  httpGet:
                    path: /healthz/ready
                    port: 15021
                  periodSeconds: 2
                  failureThreshold: 15
              containers:
              - name: app
                image: myapp:1
                command: ["sh", "-c", "exec app"]

            """)
        #expect(convert.stderr == """
            \(file.path):1: Pod "f13": moved "cloud-sql-proxy" to initContainers[0] with restartPolicy: Always
            \(file.path):1: Pod "f13": added startupProbe to "cloud-sql-proxy" from the wait in "app": tcpSocket port 5432 every 2s, failureThreshold 15 (up to 30s), so later containers start once it answers
            \(file.path):1: Pod "f13": left alone: poll-loop in "app" command[2] (a for loop gives up after its last try and runs the rest anyway: more than a wait)
            \(file.path):13: Pod "d6": moved "istio-proxy" to initContainers[0] with restartPolicy: Always
            \(file.path):13: Pod "d6": added startupProbe to "istio-proxy" from the wait in "app": httpGet http port 15021 path /healthz/ready every 2s, failureThreshold 15 (up to 30s), so later containers start once it answers
            \(file.path):13: Pod "d6": removed poll-loop from "app" command[2]: "istio-proxy"'s startupProbe holds it now

            """)
    }
}
