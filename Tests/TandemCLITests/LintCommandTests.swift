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
            (["lint"], "tandem: lint: give at least one FILE, DIR or -\n"),
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
