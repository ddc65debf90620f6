import Foundation
import Testing

/// `tandem convert` through the built binary on the realistic manifests of tests/convert, whose
/// whole converted outputs and reports are in tests/convert/expected.
@Suite(.serialized) struct ConvertCommandTests {
    static let fixtures = ["istio-deployment", "job-cloud-sql-proxy", "deployment-fluent-bit"]

    private func fixture(_ name: String) -> String { "tests/convert/\(name).yaml" }

    private func expected(_ name: String, _ ext: String) throws -> String {
        try String(contentsOf: Tandem.repository.appendingPathComponent("tests/convert/expected/\(name).\(ext)"), encoding: .utf8)
    }

    @Test(arguments: fixtures) func convertsWholeManifests(name: String) throws {
        let result = try Tandem.run(["convert", fixture(name)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try expected(name, "yaml")))
        #expect(result.stderr == (try expected(name, "notes")))
    }

    @Test(arguments: fixtures) func convertedOutputValidatesLintsCleanAndStaysPut(name: String) throws {
        let converted = try expected(name, "yaml")
        let (_, file) = try Tandem.manifest(named: "converted.yaml", converted)
        // Converting converted output changes nothing (and reports no move).
        let again = try Tandem.run(["convert", file.path])
        #expect(again.status == 0)
        #expect(again.stdout == converted)
        #expect(!again.stderr.contains("moved"))
        // No legacy sidecar is left for lint.
        let lint = try Tandem.run(["lint", "-o", "json", "--fail-on", "error", file.path])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any], "\(lint.stderr)")
        let rules = (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(!rules.contains("legacy-sidecar"))
        #expect(!rules.contains("invalid"))
        // The API server's validation accepts it (validate passes over the Services and ConfigMaps).
        let validate = try Tandem.run(["validate", file.path])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        #expect(!validate.stdout.isEmpty)
    }

    @Test func originalManifestsHaveLegacySidecars() throws {
        for name in Self.fixtures {
            let lint = try Tandem.run(["lint", "-o", "json", fixture(name)])
            #expect(lint.stdout.contains("\"legacy-sidecar\""), "\(name)")
        }
    }

    @Test func readsStandardInput() throws {
        let input = try String(contentsOf: Tandem.repository.appendingPathComponent(fixture("job-cloud-sql-proxy")), encoding: .utf8)
        let result = try runWithInput(["convert", "-"], input: input)
        #expect(result.status == 0)
        #expect(result.stdout == (try expected("job-cloud-sql-proxy", "yaml")))
        #expect(result.stderr.hasPrefix("<stdin>:1: Job \"db-migrate\": moved \"cloud-sql-proxy\""))
    }

    @Test func diffOutputPatchesTheOriginalIntoTheConversion() throws {
        for name in Self.fixtures {
            let directory = try Tandem.temporaryDirectory()
            let copy = directory.appendingPathComponent("m.yaml")
            try FileManager.default.copyItem(at: Tandem.repository.appendingPathComponent(fixture(name)), to: copy)
            let diff = try Tandem.run(["convert", "-o", "diff", copy.path])
            #expect(diff.status == 0)
            #expect(diff.stdout.hasPrefix("--- a/\(copy.path)\n+++ b/\(copy.path)\n@@ -"))
            let patchFile = directory.appendingPathComponent("change.diff")
            try diff.stdout.write(to: patchFile, atomically: true, encoding: .utf8)
            let patch = Process()
            patch.executableURL = URL(fileURLWithPath: "/usr/bin/patch")
            patch.arguments = ["--quiet", copy.path, patchFile.path]
            try patch.run()
            patch.waitUntilExit()
            #expect(patch.terminationStatus == 0)
            #expect(try String(contentsOf: copy, encoding: .utf8) == (try expected(name, "yaml")), "\(name)")
        }
    }

    @Test func inPlaceRewritesOnlyWhatChanges() throws {
        let directory = try Tandem.temporaryDirectory()
        let file = directory.appendingPathComponent("fluent.yaml")
        try FileManager.default.copyItem(at: Tandem.repository.appendingPathComponent(fixture("deployment-fluent-bit")), to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        let first = try Tandem.run(["convert", "--in-place", file.path])
        #expect(first.status == 0)
        #expect(first.stdout == "")
        #expect(try String(contentsOf: file, encoding: .utf8) == (try expected("deployment-fluent-bit", "yaml")))
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
        let inode = attributes[.systemFileNumber] as? NSNumber
        let second = try Tandem.run(["convert", "--in-place", file.path])
        #expect(second.status == 0)
        #expect((try FileManager.default.attributesOfItem(atPath: file.path)[.systemFileNumber] as? NSNumber) == inode)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["fluent.yaml"])
    }

    @Test func namedSidecarsAreConvertedEvenWhenUnrecognised() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: example/app
                command: [sh, -c, 'until wget -q -O- http://127.0.0.1:7000/ready; do sleep 3; done && exec /app']
              - name: in-house-agent   # our own helper
                image: example/agent:2
                ports: [{containerPort: 7000}]

            """)
        let result = try Tandem.run(["convert", "--sidecar", "in-house-agent", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              initContainers:
              - name: in-house-agent   # our own helper
                restartPolicy: Always
                image: example/agent:2
                ports: [{containerPort: 7000}]
                startupProbe:
                  httpGet:
                    path: /ready
                    port: 7000
                  periodSeconds: 3
                  failureThreshold: 10
              containers:
              - name: app
                image: example/app
                command: [sh, -c, 'exec /app']

            """)
        // Without the name, nothing recognises the helper: the hack is reported, nothing moves.
        let plain = try Tandem.run(["convert", file.path])
        #expect(plain.status == 0)
        #expect(plain.stdout == (try String(contentsOf: file, encoding: .utf8)))
        #expect(plain.stderr.contains("left alone: poll-loop in \"app\" command[2] (http://127.0.0.1:7000/ready is not a port of a converted sidecar)"))
    }

    /// The new user's Job: the wait loop goes, the `echo` after it writes the file the program
    /// reads and stays, and so does everything else after the loop.
    @Test func onlyTheWaitIsCutAndTheWorkAfterItStays() throws {
        let job = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: migrate
                    image: python:3.12
                    command: ["sh", "-c", "until nc -z localhost 5432; do sleep 1; done; echo 'host=127.0.0.1 port=5432' > /tmp/db.conf; exec python3 migrate.py /tmp/db.conf"]
                  - name: cloud-sql-proxy
                    image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
                    args: ["--port=5432", "acme:europe-west1:orders"]
                    ports:
                    - containerPort: 5432

            """
        let (_, file) = try Tandem.manifest(named: "job2.yaml", job)
        let result = try Tandem.run(["convert", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
            spec:
              template:
                spec:
                  restartPolicy: Never
                  initContainers:
                  - name: cloud-sql-proxy
                    restartPolicy: Always
                    image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
                    args: ["--port=5432", "acme:europe-west1:orders"]
                    ports:
                    - containerPort: 5432
                    startupProbe:
                      tcpSocket:
                        port: 5432
                      periodSeconds: 2
                      failureThreshold: 15
                  containers:
                  - name: migrate
                    image: python:3.12
                    command: ["sh", "-c", "echo 'host=127.0.0.1 port=5432' > /tmp/db.conf; exec python3 migrate.py /tmp/db.conf"]

            """)
        #expect(result.stderr == """
            \(file.path):1: Job "migrate": moved "cloud-sql-proxy" to initContainers[0] with restartPolicy: Always
            \(file.path):1: Job "migrate": added startupProbe to "cloud-sql-proxy" from the wait in "migrate": tcpSocket port 5432 every 2s, failureThreshold 15 (up to 30s), so later containers start once it answers
            \(file.path):1: Job "migrate": removed poll-loop from "migrate" command[2]: "cloud-sql-proxy"'s startupProbe holds it now

            """)

        // Log lines after the loop stay too, and the sleep among them is no start-up hack for lint.
        let logLines = job.replacingOccurrences(of: "echo 'host=127.0.0.1 port=5432' > /tmp/db.conf;", with: "echo migrating; sleep 1; echo done;")
        let (_, second) = try Tandem.manifest(named: "job3.yaml", logLines)
        let converted = try Tandem.run(["convert", second.path])
        #expect(converted.status == 0)
        #expect(converted.stdout.contains(#"command: ["sh", "-c", "echo migrating; sleep 1; echo done; exec python3 migrate.py /tmp/db.conf"]"#))
        let (_, output) = try Tandem.manifest(named: "job3-conv.yaml", converted.stdout)
        // What lint still finds is real: the proxy has no requests or limit (no startup-wait-hack).
        let lint = try Tandem.run(["lint", output.path])
        #expect(lint.stdout == """
            Job/migrate
            \(output.path):10:9: warning sidecar-without-requests: sidecar "cloud-sql-proxy" has no cpu or memory request; it runs beside every main container, so the pod's effective request undercounts it
                fix: set resources.requests.cpu and resources.requests.memory on the sidecar
            \(output.path):10:9: info sidecar-without-memory-limit: sidecar "cloud-sql-proxy" has no memory limit
                fix: set resources.limits.memory on the sidecar

            2 findings: 1 warning, 1 info

            """)
    }

    /// A loop that is not a pure prefix is reported and left in place, with the reason.
    @Test func aWaitAfterWorkIsLeftInPlace() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: example/app
                command: ["sh", "-c", "echo host=db > /tmp/db.conf; until nc -z localhost 5432; do sleep 1; done; exec ./app"]
              - name: cloud-sql-proxy
                image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
                ports: [{containerPort: 5432}]

            """)
        let result = try Tandem.run(["convert", file.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains(#"command: ["sh", "-c", "echo host=db > /tmp/db.conf; until nc -z localhost 5432; do sleep 1; done; exec ./app"]"#))
        #expect(result.stderr == """
            \(file.path):1: Pod "p": moved "cloud-sql-proxy" to initContainers[0] with restartPolicy: Always
            \(file.path):1: Pod "p": added startupProbe to "cloud-sql-proxy" from the wait in "app": tcpSocket port 5432 every 2s, failureThreshold 15 (up to 30s), so later containers start once it answers
            \(file.path):1: Pod "p": left alone: poll-loop in "app" command[2] (not a pure prefix of a sh -c script: only the wait, and echoes announcing it before, can be cut)

            """)
    }

    /// wait-for-it as the whole command array: the note says so (there is no sh -c script), and
    /// the command is left as it is.
    @Test func aWaitForItCommandArrayIsNamedForWhatItIs() throws {
        let (directory, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: c5}
            spec:
              containers:
              - name: app
                image: myapp:1
                command: ["./wait-for-it.sh", "localhost:5432", "--timeout=60", "--strict", "--", "./server", "--db", "localhost:5432"]
              - name: cloud-sql-proxy
                image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
                ports: [{containerPort: 5432}]

            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Tandem.run(["convert", file.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains(#"command: ["./wait-for-it.sh", "localhost:5432", "--timeout=60", "--strict", "--", "./server", "--db", "localhost:5432"]"#))
        #expect(result.stderr == """
            \(file.path):1: Pod "c5": moved "cloud-sql-proxy" to initContainers[0] with restartPolicy: Always
            \(file.path):1: Pod "c5": added startupProbe to "cloud-sql-proxy" from the wait in "app": tcpSocket port 5432 every 2s, failureThreshold 15 (up to 30s), so later containers start once it answers
            \(file.path):1: Pod "c5": left alone: wait-for-it in "app" command[0] (wait-for-it is the container's command itself, not a step of a sh -c script: to drop it, set the command to what follows "--")

            """)
    }

    /// `set -e` / `set -euo pipefail` (after a shebang and comments) before the wait: shell
    /// options, not work. The wait is cut, and what came before it stays.
    @Test func shellOptionsBeforeTheWaitStayAndTheWaitIsCut() throws {
        let (directory, file) = try Tandem.manifest("""
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
                    - set -e; while ! nc -z localhost 5432; do sleep 1; done && ./migrate up && ./seed
                  - name: cloud-sql-proxy
                    image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
                    ports:
                    - containerPort: 5432
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: d1}
            spec:
              containers:
              - name: app
                image: myapp:1
                command: ["bash"]
                args:
                - -c
                - |
                  #!/bin/bash
                  set -euo pipefail
                  # wait for the sidecar
                  until curl -s localhost:15021/healthz/ready > /dev/null; do sleep 2; done
                  exec app
              - name: istio-proxy
                image: docker.io/istio/proxyv2:1.22.0
                ports:
                - containerPort: 15021

            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Tandem.run(["convert", file.path])
        #expect(result.status == 0)
        #expect(result.stdout == """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: c2}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  initContainers:
                  - name: cloud-sql-proxy
                    restartPolicy: Always
                    image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
                    ports:
                    - containerPort: 5432
                    startupProbe:
                      tcpSocket:
                        port: 5432
                      periodSeconds: 2
                      failureThreshold: 15
                  containers:
                  - name: migrate
                    image: migrate:1
                    command:
                    - bash
                    - -c
                    - "set -e; ./migrate up && ./seed"
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: d1}
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
                command: ["bash"]
                args:
                - -c
                - |
                  #!/bin/bash
                  set -euo pipefail
                  # wait for the sidecar
                  exec app

            """)
        #expect(result.stderr == """
            \(file.path):1: Job "c2": moved "cloud-sql-proxy" to initContainers[0] with restartPolicy: Always
            \(file.path):1: Job "c2": added startupProbe to "cloud-sql-proxy" from the wait in "migrate": tcpSocket port 5432 every 2s, failureThreshold 15 (up to 30s), so later containers start once it answers
            \(file.path):1: Job "c2": removed poll-loop from "migrate" command[2]: "cloud-sql-proxy"'s startupProbe holds it now
            \(file.path):20: Pod "d1": moved "istio-proxy" to initContainers[0] with restartPolicy: Always
            \(file.path):20: Pod "d1": added startupProbe to "istio-proxy" from the wait in "app": httpGet http port 15021 path /healthz/ready every 2s, failureThreshold 15 (up to 30s), so later containers start once it answers
            \(file.path):20: Pod "d1": removed poll-loop from "app" args[1]: "istio-proxy"'s startupProbe holds it now

            """)
    }

    /// Three sidecars go to three places, and the report says which.
    @Test func severalSidecarsAreReportedAtTheirOwnIndices() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: example/app
              - name: cloud-sql-proxy
                image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
              - name: fluent-bit
                image: fluent/fluent-bit:3.0
              - name: istio-proxy
                image: docker.io/istio/proxyv2:1.22.0

            """)
        let result = try Tandem.run(["convert", file.path])
        #expect(result.status == 0)
        #expect(result.stderr == """
            \(file.path):1: Pod "p": moved "cloud-sql-proxy" to initContainers[0], "fluent-bit" to initContainers[1], "istio-proxy" to initContainers[2] with restartPolicy: Always

            """)
        #expect(result.stdout == """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              initContainers:
              - name: cloud-sql-proxy
                restartPolicy: Always
                image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
              - name: fluent-bit
                restartPolicy: Always
                image: fluent/fluent-bit:3.0
              - name: istio-proxy
                restartPolicy: Always
                image: docker.io/istio/proxyv2:1.22.0
              containers:
              - name: app
                image: example/app

            """)
    }

    @Test func badInputIsOneLineAndExitCode2() throws {
        let (_, invalidYAML) = try Tandem.manifest(named: "bad.yaml", "apiVersion: v1\nkind: Pod\nspec: [unclosed\n")
        let (_, unknownField) = try Tandem.manifest(named: "typo.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: x, imagePullPolicyy: Always}
            """)
        let cases: [([String], String)] = [
            (["convert", "does-not-exist.yaml"], "tandem: does-not-exist.yaml: No such file or directory"),
            (["convert", invalidYAML.path], "tandem: \(invalidYAML.path): invalid YAML"),
            (["convert", unknownField.path], "unknown field \"spec.containers[0].imagePullPolicyy\""),
            (["convert", "--sidecar", "nope", fixture("job-cloud-sql-proxy")],
             "tandem: no container named \"nope\" in tests/convert/job-cloud-sql-proxy.yaml"),
            (["convert", "--in-place", "-"], "tandem: --in-place cannot rewrite standard input"),
        ]
        for (arguments, message) in cases {
            let result = try Tandem.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    private func runWithInput(_ arguments: [String], input: String) throws -> Tandem.Result {
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = arguments
        process.currentDirectoryURL = Tandem.repository
        let stdin = Pipe()
        let out = Pipe()
        let err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Tandem.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                             stderr: String(decoding: stderr, as: UTF8.self))
    }
}
