import Foundation
import Glibc
import Testing

/// `tandem logs`/`describe`/`run --log-dir` against the breaker's findings 6, 7, 11 and 14, end to
/// end: the built binary in a private TMPDIR, whole outputs compared.
@Suite(.serialized) struct RecordsFindingsTests {
    typealias Sandbox = RecordsCommandTests.Sandbox

    static let quick = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: quick
          annotations: {a: "x\\r", b: "y"}
        spec:
          restartPolicy: Never
          containers:
          - name: app
            image: busybox
            command: ["sh", "-c", "echo hi; echo there", "arg\\r"]
        """

    @Test func logsAndDescribeTakeKubectlsArgumentsAndWords() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("quick.yaml", Self.quick)
        let run = try sandbox.tandem(["run", "--quiet", manifest])
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["quick", "pod/quick", "pods/quick", "po/quick", "Pod/quick"] {
            let logs = try sandbox.tandem(["logs", name])
            #expect(logs.stdout == "hi\nthere\n" && logs.stderr.isEmpty && logs.status == 0, "\(name)")
        }
        let prefixed = try sandbox.tandem(["logs", "pod/quick", "--prefix"])
        #expect(prefixed.stdout == "[pod/quick/app] hi\n[pod/quick/app] there\n")
        // 0 is no limit for kubectl; far past and far future --since-time are valid RFC 3339.
        let cases: [([String], String)] = [
            (["logs", "quick", "--limit-bytes", "0"], "hi\nthere\n"),
            (["logs", "quick", "--limit-bytes=4"], "hi\nt"),
            (["logs", "quick", "--since-time", "0001-01-01T00:00:00Z"], "hi\nthere\n"),
            (["logs", "quick", "--since-time", "2000-01-01T01:00:00+24:00"], "hi\nthere\n"),
            (["logs", "quick", "--since-time", "9999-12-31T23:59:59Z"], ""),
        ]
        for (arguments, stdout) in cases {
            let result = try sandbox.tandem(arguments)
            #expect(result.stdout == stdout && result.stderr.isEmpty && result.status == 0, "\(arguments)")
        }

        let described = try sandbox.tandem(["describe", "quick"])
        #expect(described.status == 0)
        for arguments in [["describe", "pod/quick"], ["describe", "po/quick"], ["describe", "pods", "quick"]] {
            let other = try sandbox.tandem(arguments)
            #expect(Self.masked(other.stdout) == Self.masked(described.stdout) && other.status == 0, "\(arguments)")
        }
        // Finding 6: a value ending in \r keeps its line break (escaped, as every user string).
        let lines = described.stdout.components(separatedBy: "\n")
        let annotations = try #require(lines.firstIndex { $0.hasPrefix("Annotations:") })
        #expect(Array(lines[annotations...(annotations + 1)]) == ["Annotations:  a: x\\r", "              b: y"])
        let command = try #require(lines.firstIndex(of: "    Command:"))
        #expect(Array(lines[command...(command + 5)]) == ["    Command:", "      sh", "      -c", "      echo hi; echo there", "      arg\\r", "    State:          Terminated"])

        let root = sandbox.environment["TMPDIR", default: ""] + "/tandem-\(getuid())"
        let failures: [([String], String, Int32)] = [
            (["logs", "ghost"], "tandem: Error from server (NotFound): pods \"ghost\" not found (no run under \(root) ran it in namespace \"default\")\n", 1),
            (["logs", "pod/ghost"], "tandem: Error from server (NotFound): pods \"ghost\" not found (no run under \(root) ran it in namespace \"default\")\n", 1),
            (["describe", "-n", "prod", "pod/quick"], "tandem: Error from server (NotFound): pods \"quick\" not found (no run under \(root) ran it in namespace \"prod\")\n", 1),
            (["logs", "deployment/quick"], "tandem: Error from server (NotFound): deployments.apps \"quick\" not found (no run under \(root) ran it in namespace \"default\")\n", 1),
            (["describe", "svc", "quick"], "tandem: describe shows pods only, not Services\n", 1),
            (["logs", "cronjob/quick"], "tandem: cannot get the logs from *v1.CronJob: selector for *v1.CronJob not implemented\n", 1),
            (["logs", "svc/quick"], "tandem: tandem runs keep no services: logs takes a pod, or a job, deployment, replicaset, statefulset or daemonset (TYPE/NAME)\n", 1),
            (["logs", "widget/quick"], "tandem: the server doesn't have a resource type \"widget\"\n", 1),
            (["logs", "pod/quick/app"], "tandem: arguments in resource/name form may not have more than one slash\n", 2),
            (["logs", "pod/"], "tandem: arguments in resource/name form must have a single resource and name\n", 2),
            (["describe", "pod,svc/quick"], "tandem: arguments in resource/name form must have a single resource and name\n", 2),
            (["logs", "quick", "--limit-bytes", "-1"], "tandem: --limit-bytes must be greater than 0 (see tandem logs --help)\n", 2),
            (["logs", "quick", "--since-time", "2026-11-30T06:00:00+25:00"],
             "tandem: parsing time \"2026-11-30T06:00:00+25:00\": time zone offset hour out of range (see tandem logs --help)\n", 2),
            (["logs", "quick", "--since-time", "yesterday"],
             "tandem: parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\" (see tandem logs --help)\n", 2),
            (["run", "--keep-runs", "-1", manifest], "tandem: --keep-runs must be at least 1 (see tandem run --help)\n", 2),
        ]
        for (arguments, stderr, status) in failures {
            let result = try sandbox.tandem(arguments)
            #expect(result.stderr == stderr, "\(arguments)")
            #expect(result.status == status && result.stdout.isEmpty, "\(arguments)")
        }
    }

    /// describe prints ages; two describes a second apart may differ there only.
    static func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #"\d+(ms|s|m)\b"#, with: "<age>", options: .regularExpression)
    }

    @Test func aReusedLogDirectoryShowsOnlyTheLastRun() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("quick.yaml", Self.quick)
        let logs = sandbox.directory.appendingPathComponent("keep").path
        for _ in 0..<2 {
            let run = try sandbox.tandem(["run", "--quiet", "--log-dir", logs, manifest])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let printed = try sandbox.tandem(["logs", "quick"])
        #expect(printed.stdout == "hi\nthere\n" && printed.status == 0)
        let byRun = try sandbox.tandem(["logs", "--run", logs, "quick"])
        #expect(byRun.stdout == "hi\nthere\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: logs + "/quick/app").sorted() == ["0.log", "0.termination-log"])
    }

    @Test func aLogDirectoryOfALiveRunIsRefused() throws {
        let sandbox = try Sandbox()
        let slow = try sandbox.write("slow.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: slow}
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "trap 'exit 0' TERM; echo up > @DIR@/up; while true; do sleep 0.1; done"]
            """)
        let quick = try sandbox.write("quick.yaml", Self.quick)
        let logs = sandbox.directory.appendingPathComponent("shared").path
        let first = Process()
        first.executableURL = Tandem.binary
        first.arguments = ["run", "--quiet", "--log-dir", logs, slow]
        first.environment = sandbox.environment
        try first.run()
        defer {
            first.terminate()
            first.waitUntilExit()
        }
        let up = sandbox.directory.appendingPathComponent("up").path
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: up), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let second = try sandbox.tandem(["run", "--quiet", "--log-dir", logs, quick])
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: logs + "/run.json"))) as? [String: Any]
        let started = manifest?["startTime"] as? String ?? ""
        #expect(second.stderr == "tandem: --log-dir \"\(logs)\": \(logs) is in use by a live tandem run (pid \(first.processIdentifier), started \(started))\n")
        #expect(second.status == 2 && second.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: logs + "/quick"))
    }

    @Test func aPlantedRootIsOneClearLine() throws {
        let sandbox = try Sandbox()
        let manifest = try sandbox.write("quick.yaml", Self.quick)
        let root = sandbox.environment["TMPDIR", default: ""] + "/tandem-\(getuid())"
        try FileManager.default.createSymbolicLink(atPath: root, withDestinationPath: "/tmp")
        let line = "\(root) is a symbolic link, not a directory of uid \(getuid()): remove it or set TMPDIR to another directory"
        let run = try sandbox.tandem(["run", "--quiet", manifest])
        #expect(run.stderr == "tandem: \(line)\n" && run.status == 2 && run.stdout.isEmpty)
        let logs = try sandbox.tandem(["logs", "quick"])
        #expect(logs.stderr == "tandem: \(line)\n" && logs.status == 1)
        // With --log-dir the run goes on, unindexed, and says so once.
        let directory = sandbox.directory.appendingPathComponent("out").path
        let logged = try sandbox.tandem(["run", "--quiet", "--log-dir", directory, manifest])
        #expect(logged.stderr == "tandem: warning: \(line); this run is not indexed (tandem logs --run \(directory))\n"
            + "tandem: logs and events of this run in \(directory)\n")
        #expect(logged.status == 0)
        let byRun = try sandbox.tandem(["logs", "--run", directory, "quick"])
        #expect(byRun.stdout == "hi\nthere\n")
    }
}
