import Foundation
import Testing

/// Hostile input to the adoption commands (lint, convert, inject, feature-check,
/// check-admission), through the built binary: each ends quickly with one clear line or its
/// normal output, never a trap, and prints nothing a terminal would act on.
/// `tests/fuzz/adoption.sh` runs the same kinds of input in bulk.
@Suite struct AdoptionHostileInputTests {
    /// Runs tandem with its output in files (convert writes a long report on stderr before its
    /// stdout: pipes read one after the other would block it), killed after 60 s.
    static func run(_ arguments: [String]) throws -> (result: Tandem.Result, elapsed: Double) {
        let directory = try Tandem.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let start = Date()
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: killer)
        process.waitUntilExit()
        killer.cancel()
        let elapsed = Date().timeIntervalSince(start)
        let result = Tandem.Result(status: process.terminationStatus,
                                   stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                                   stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
        return (result, elapsed)
    }

    // MARK: - Absurd numbers

    /// Grace periods, hook sleeps and probe timings at their types' maxima go through lint's
    /// start-up sum and the termination simulation: `Instant + Duration` used to trap on overflow.
    @Test func absurdNumbersDoNotTrap() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: huge}
            spec:
              terminationGracePeriodSeconds: 9223372036854775807
              initContainers:
              - name: envoy
                image: envoyproxy/envoy:v1.30
                restartPolicy: Always
                startupProbe: {tcpSocket: {port: 9901}, initialDelaySeconds: 2147483647, periodSeconds: 2147483647, failureThreshold: 2147483647}
                lifecycle: {postStart: {sleep: {seconds: 9223372036854775807}}, preStop: {exec: {command: [sleep, "999999999"]}}}
                resources: {requests: {cpu: 10m, memory: 8Mi}, limits: {memory: 8Mi}}
              containers:
              - name: app
                image: busybox
                lifecycle: {postStart: {sleep: {seconds: 9223372036854775807}}, preStop: {sleep: {seconds: 9223372036854775806}}}
                resources: {requests: {cpu: 10m, memory: 8Mi}}
            """)
        let (result, elapsed) = try Self.run(["lint", file.path])
        #expect(result.status == 1)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            Pod/huge
            \(file.path):11:17: warning startup-budget: start-up can be held back 9223372036854775807s, over the 30s budget: \
            "envoy" startupProbe 2147483647+2147483647×2147483647=4611686016279904256s + "envoy" postStart 9223372036854775807s + "app" postStart 9223372036854775807s
                fix: shorten the probes' periods or failure thresholds, or the hooks; or raise thresholds.startupBudgetSeconds
            \(file.path):11:69: warning shutdown-hack: sidecar "envoy" outlives the main containers with a preStop that only sleeps ("sleep 999999999")
                fix: remove the preStop: the kubelet stops native sidecars only after every main container has exited

            2 findings: 2 warnings

            """)
        #expect(elapsed < 5)
    }

    /// The same arithmetic in `tandem run`: the pod's termination deadline (start + grace) trapped.
    @Test func runWithTheLargestGracePeriodDoesNotTrap() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: g}
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 9223372036854775807
              initContainers:
              - {name: s, image: busybox, restartPolicy: Always, command: ["sh", "-c", "trap 'exit 0' TERM; sleep 1000 & wait"]}
              containers:
              - {name: app, image: busybox, command: [sh, -c, "exit 0"]}
            """)
        let (result, elapsed) = try Self.run(["run", "--quiet", file.path])
        #expect(result.status == 0)
        #expect(elapsed < 10)
    }

    // MARK: - Size: work must grow with the input, not its square or cube

    /// 1,500 containers, each waiting for its own port: convert's planner matched every waiter
    /// with every sidecar's ports (cubic, 16 s), lint's simulation looked at every container on
    /// every event (quadratic, 10 s). Both now take about a second in a debug build.
    @Test func manyContainersEndQuickly() throws {
        var text = "apiVersion: v1\nkind: Pod\nmetadata: {name: many}\nspec:\n  containers:\n"
        for index in 0..<1500 {
            text += "  - {name: c\(index), image: envoyproxy/envoy, ports: [{containerPort: \(1000 + index)}], "
                + "command: [sh, -c, 'until nc -z localhost \(1000 + index); do sleep 1; done']}\n"
        }
        let (_, file) = try Tandem.manifest(text)
        let (converted, convertTime) = try Self.run(["convert", file.path])
        #expect(converted.status == 0)
        #expect(converted.stdout.hasPrefix("apiVersion: v1\nkind: Pod\nmetadata:\n  name: many\nspec:\n  initContainers:\n  - name: c1\n    restartPolicy: Always\n"))
        #expect(convertTime < 6)
        let (linted, lintTime) = try Self.run(["lint", file.path])
        #expect(linted.status == 1)
        // 1,499 legacy sidecars; c0, left as the main, waits for a port only it declares: its own
        // server, no helper's, so no startup-wait-hack.
        #expect(linted.stdout.hasSuffix("\n1499 findings: 1499 warnings\n"))
        #expect(lintTime < 6)
    }

    // MARK: - Aliases

    /// A hundred documents, each just under the alias limit: convert decoded them one by one,
    /// each with a budget of its own (4.5 million values, 6 s); the file now shares one budget.
    @Test func convertSharesOneAliasBudgetPerFile() throws {
        var text = ""
        for index in 0..<100 {
            text += "---\napiVersion: v1\nkind: Pod\nmetadata: {name: b\(index)}\nspec:\n  containers: [{name: a, image: b}]\n  affinity:\n"
            text += "    a0: &a0 [" + Array(repeating: "x", count: 40).joined(separator: ", ") + "]\n"
            for level in 1...3 {
                text += "    a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
            }
        }
        let (_, file) = try Tandem.manifest(text)
        for command in ["convert", "validate", "lint"] {
            let (result, elapsed) = try Self.run([command, file.path])
            #expect(result.status == 2)
            #expect(result.stderr == "tandem: \(file.path): invalid YAML: document contains excessive aliasing "
                + "(aliases expand 6800 values to 4569800) (line 10, column 9)\n", "\(command)")
            #expect(elapsed < 2)
        }
    }

    /// lint's configuration file was read with `Yams.load`, which expands aliases without bound.
    @Test func lintConfigurationAliasBombIsRefused() throws {
        let bomb = HostileInputTests.aliasBomb(tail: "")
            .replacingOccurrences(of: "apiVersion: v1\nkind: Pod\nspec:\n", with: "disable: []\nx:\n")
        let (_, config) = try Tandem.manifest(named: "lint.yaml", bomb)
        let (result, elapsed) = try Self.run(["lint", "--config", config.path, Tandem.repository.appendingPathComponent("tests/lint/fixtures/clean-native-sidecar.yaml").path])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "tandem: \(config.path): invalid YAML: document contains excessive aliasing "
            + "(aliases expand 37 values to 12345679027) (line 12, column 9)\n")
        #expect(elapsed < 2)
    }

    // MARK: - Escaping

    /// The object line of lint's text report printed the name raw (an SGR sequence, an RTL override).
    @Test func lintTextEscapesEveryName() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: "a\\e[31mRED\\u202e"}
            spec:
              containers:
              - {name: app, image: busybox}
            """)
        let (result, _) = try Self.run(["lint", file.path])
        #expect(result.status == 1)
        #expect(result.stdout == """
            Pod/a\\x1b[31mRED\\u202e
            \(file.path):3:12: error invalid: metadata.name: Invalid value: "a\\x1b[31mRED\\u202e": a lowercase RFC 1123 subdomain must \
            consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. \
            'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
                fix: correct the field as the message says

            1 finding: 1 error

            """)
    }

    /// feature-check and check-admission escaped their errors by hand (C0, DEL, C1 only): a
    /// bidi override in a file name reached the terminal.
    @Test func checkErrorsUseGoEscaping() throws {
        let (directory, _) = try Tandem.manifest("{}\n")
        let file = directory.appendingPathComponent("nodes\u{202e}.json")
        try "{}\n".write(to: file, atomically: true, encoding: .utf8)
        let (result, _) = try Self.run(["feature-check", "--nodes", file.path])
        #expect(result.status == 2)
        #expect(result.stderr == "tandem: feature-check: \(directory.path)/nodes\\u202e.json: kind: expected \"List\", \"NodeList\" or \"Node\" "
            + "(the output of kubectl get nodes -o json)\n")
    }

    // MARK: - Files

    /// A second `-` read standard input again, at its end: every command now refuses it.
    @Test(arguments: ["validate", "resources", "lint", "convert"])
    func standardInputIsReadOnce(command: String) throws {
        let result = try Tandem.run(["-c", "\"$0\" \(command) - - < tests/lint/fixtures/deployment-fluent-bit.yaml", Tandem.binary.path],
                                    shell: true)
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix("tandem: -: standard input can be read only once\n"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// An empty node list said "native sidecars work on all 0 components given" and exit 0.
    @Test func anEmptyNodeListIsAnError() throws {
        let (result, _) = try Self.run(["feature-check", "--nodes", "/dev/null"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "tandem: feature-check: /dev/null: no objects found (expected the output of kubectl get nodes -o json)\n")
    }
}
