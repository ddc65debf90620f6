import Foundation
import Testing

/// Unusual but legitimate input to the manifest commands, through the built binary: what
/// kubectl accepts (or how it refuses) decides what tandem does.
@Suite struct ManifestEdgeInputTests {
    /// Writes `bytes` as `name` in a new temporary directory.
    static func file(_ name: String, bytes: [UInt8]) throws -> URL {
        let directory = try Tandem.temporaryDirectory()
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    static let sidecar = "name: shipper\nimage: fluent-bit\n"

    // MARK: - JSON streams read as encoding/json reads them

    /// kubectl reads a stream starting with `{` with Go's encoding/json: a surrogate pair escape
    /// (Python's `json.dumps` writes one for every character above U+FFFF) is its character, a
    /// lone surrogate escape and a byte that is not UTF-8 inside a string are U+FFFD each.
    /// libyaml refused every surrogate escape and the file's bytes as a whole.
    @Test func jsonStreamsReadSurrogateEscapesAndBadBytesAsGoDoes() throws {
        var json = Array(#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "annotations": {"#.utf8)
        json += Array(#""pair": "caf\u00e9 \ud83d\ude00", "lone": "\ud800x", "low": "\udc00", "bytes": "a"#.utf8)
        json += [0xFF, UInt8(ascii: "b"), 0xE2, 0x82, UInt8(ascii: "c")]
        json += Array(#""}}, "spec": {"containers": [{"name": "app", "image": "nginx"}]}}"#.utf8) + [0x0A]
        let manifest = try Self.file("pod.json", bytes: json)
        let sidecar = manifest.deletingLastPathComponent().appendingPathComponent("sidecar.yaml")
        try Self.sidecar.write(to: sidecar, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: manifest.deletingLastPathComponent()) }

        let injected = try Tandem.run(["inject", manifest.path, "--sidecar", sidecar.path])
        #expect(injected.stderr == "")
        #expect(injected.status == 0)
        // libyaml's emitter writes a character above U+FFFF as a \U escape (it reads back the same).
        #expect(injected.stdout == """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              annotations:
                pair: "café \\U0001F600"
                lone: \u{FFFD}x
                low: \u{FFFD}
                bytes: a\u{FFFD}b\u{FFFD}\u{FFFD}c
                sidecar.tandem.dev/shipper: native
            spec:
              containers:
              - name: app
                image: nginx
              initContainers:
              - name: shipper
                image: fluent-bit
                restartPolicy: Always

            """)
        for command in ["validate", "lint"] {
            let result = try Tandem.run([command, manifest.path])
            #expect(result.stderr == "", "\(command)")
            #expect(result.status == 0, "\(command)")
        }
    }

    /// Columns after a rewritten escape stay those of the file (a surrogate pair is 12
    /// characters, its `\U` escape 10); a YAML file's surrogate escapes are still refused, as
    /// go-yaml refuses them (`found invalid Unicode character escape code`).
    @Test func jsonColumnsStayAndYAMLStillRefusesSurrogateEscapes() throws {
        let line = #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "annotations": {"a": "\ud83d\ude00\ud83d\ude00\udc00"}}, "spec": {"containers": [{"name": "app", "image": "nginx", "bogus": 1}]}}"#
        let json = try Self.file("pod.json", bytes: Array((line + "\n").utf8))
        defer { try? FileManager.default.removeItem(at: json.deletingLastPathComponent()) }
        let column = line.distance(from: line.startIndex, to: line.range(of: #""bogus""#)!.lowerBound) + 1
        let validated = try Tandem.run(["validate", json.path])
        #expect(validated.status == 2)
        #expect(validated.stderr == "tandem: \(json.path): unknown field \"spec.containers[0].bogus\" (line 1, column \(column))\n")

        let yaml = try Self.file("pod.yaml", bytes: Array("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations: {a: \"\\ud83d\\ude00\"}\n".utf8))
        defer { try? FileManager.default.removeItem(at: yaml.deletingLastPathComponent()) }
        let refused = try Tandem.run(["validate", yaml.path])
        #expect(refused.status == 2)
        #expect(refused.stderr == "tandem: \(yaml.path): invalid YAML: found invalid Unicode character escape code (while parsing a quoted scalar at line 5) (line 5, column 23)\n")
    }

    // MARK: - convert --in-place on what is not a plain file

    static let legacy = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
          - name: istio-proxy
            image: istio/proxyv2

        """

    /// A UTF-8 byte order mark before the first document (Windows editors write one) is skipped,
    /// as go-yaml skips it, with LF or CRLF line ends; it was read as a character ("did not find
    /// expected <document start>").
    @Test func aByteOrderMarkIsSkipped() throws {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - {name: c, image: x}\n"
        for (name, text) in [("bom.yaml", pod), ("bom-crlf.yaml", pod.replacingOccurrences(of: "\n", with: "\r\n"))] {
            let file = try Self.file(name, bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
            defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
            let result = try Tandem.run(["validate", file.path])
            #expect(result.status == 0, "\(name)")
            #expect(result.stdout == "\(file.path): Pod \"a\" is valid\n", "\(name)")
            #expect(result.stderr == "", "\(name)")
        }
    }

    /// A FIFO (or a device) is refused before anything is read: the rename put a regular file
    /// in its place (and reading emptied the FIFO). The other file is not rewritten either.
    @Test func convertInPlaceRefusesAFIFO() throws {
        let directory = try Tandem.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("fifo.yaml").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let plain = directory.appendingPathComponent("plain.yaml")
        try Self.legacy.write(to: plain, atomically: true, encoding: .utf8)
        let (result, _) = try AdoptionHostileInputTests.run(["convert", "--in-place", plain.path, fifo])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "tandem: \(fifo): cannot rewrite in place: a FIFO, not a regular file\n")
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
        #expect(try String(contentsOf: plain, encoding: .utf8) == Self.legacy)
        let device = try AdoptionHostileInputTests.run(["convert", "--in-place", "/dev/null"]).result
        #expect(device.stderr == "tandem: /dev/null: cannot rewrite in place: a character device, not a regular file\n")
        #expect(device.status == 2)
    }

    /// A symbolic link's target is rewritten with the target's permissions, and the link stays:
    /// the link used to be replaced by a regular file with the link's own mode (0777).
    @Test func convertInPlaceRewritesALinksTarget() throws {
        let directory = try Tandem.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("pod.yaml")
        try Self.legacy.write(to: target, atomically: true, encoding: .utf8)
        #expect(chmod(target.path, 0o640) == 0)
        let link = directory.appendingPathComponent("link.yaml").path
        #expect(symlink("pod.yaml", link) == 0)
        let expected = try AdoptionHostileInputTests.run(["convert", target.path]).result.stdout
        let (result, _) = try AdoptionHostileInputTests.run(["convert", "--in-place", link])
        #expect(result.status == 0)
        #expect(result.stdout == "")
        #expect(result.stderr == "\(link):1: Pod \"web\": moved \"istio-proxy\" to initContainers[0] with restartPolicy: Always\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "pod.yaml")
        #expect(try String(contentsOf: target, encoding: .utf8) == expected)
        #expect(expected != Self.legacy)
        var status = stat()
        #expect(stat(target.path, &status) == 0 && status.st_mode & 0o7777 == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["link.yaml", "pod.yaml"])
    }

    // MARK: - resources -o json

    /// `-o json` names the phase that sets each value, as the table's SET BY column does.
    @Test func resourcesJSONSaysWhatSetsEachValue() throws {
        let (directory, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              initContainers:
              - {name: init, image: busybox, resources: {requests: {cpu: "2", memory: 1Gi}}}
              - {name: proxy, image: envoy, restartPolicy: Always, resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}}
              containers:
              - {name: app, image: nginx, resources: {requests: {cpu: 500m, memory: 256Mi}}}
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = try Tandem.run(["resources", file.path])
        #expect(table.stdout == """
            KIND   NAME   RESOURCE   REQUEST   LIMIT   SET BY
            Pod    web    cpu        2         -       init container init
            Pod    web    memory     1Gi       128Mi   init container init; limit: containers + sidecars running

            """)
        let json = try Tandem.run(["resources", "-o", "json", file.path])
        #expect(json.status == 0)
        #expect(json.stdout == """
            {
              "items": [
                {
                  "kind": "Pod",
                  "name": "web",
                  "requests": {
                    "cpu": "2",
                    "memory": "1Gi"
                  },
                  "limits": {
                    "memory": "128Mi"
                  },
                  "setBy": {
                    "requests": {
                      "cpu": "init container init",
                      "memory": "init container init"
                    },
                    "limits": {
                      "memory": "containers + sidecars running"
                    }
                  }
                }
              ]
            }

            """)
    }

    // MARK: - Huge pod counts

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: app, image: busybox, command: [sleep, "1"]}
        """

    static func job(parallelism: String, completions: String) -> String {
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: pi}
        spec:
          parallelism: \(parallelism)
          completions: \(completions)
          template:
            spec:
              restartPolicy: Never
              containers:
              - {name: app, image: busybox, command: [sleep, "1"]}
        """
    }

    static func tooMany(_ file: URL, _ object: String, hint: String = "") -> String {
        "tandem: \(file.path): \(object) would run 2147483647 pods at once; one node runs at most 110 (the kubelet's "
            + "default maxPods) and a cluster would leave the rest Pending (\"0/1 nodes are available: 1 Too many pods.\")\(hint)\n"
    }

    /// More pods at once than a node holds is refused before anything starts: `run` built an
    /// array of 2147483647 pods (abort, or all memory) and `simulate` never ended.
    @Test func morePodsAtOnceThanANodeHoldsIsRefused() throws {
        let (directory, deployment) = try Tandem.manifest(named: "deploy.yaml", Self.deployment)
        defer { try? FileManager.default.removeItem(at: directory) }
        let replicas = try Tandem.run(["run", "--quiet", "--replicas", "2147483647", deployment.path], deadline: 60)
        #expect(replicas.status == 2)
        #expect(replicas.stdout == "")
        #expect(replicas.stderr == Self.tooMany(deployment, "Deployment \"web\"", hint: "; --replicas N runs fewer"))
        // simulate runs a workload's pods as run does, and refuses as many.
        let huge = directory.appendingPathComponent("huge.yaml")
        try Self.deployment.replacingOccurrences(of: "replicas: 3", with: "replicas: 2147483647")
            .write(to: huge, atomically: true, encoding: .utf8)
        let simulated = try Tandem.run(["simulate", huge.path], deadline: 60)
        #expect(simulated.status == 2)
        #expect(simulated.stdout == "")
        #expect(simulated.stderr == Self.tooMany(huge, "Deployment \"web\""))

        let job = directory.appendingPathComponent("job.yaml")
        try Self.job(parallelism: "2147483647", completions: "2147483647").write(to: job, atomically: true, encoding: .utf8)
        for command in ["run", "simulate"] {
            let result = try Tandem.run([command, job.path], deadline: 60)
            #expect(result.status == 2, "\(command)")
            #expect(result.stdout == "", "\(command)")
            #expect(result.stderr == Self.tooMany(job, "Job \"pi\""), "\(command)")
        }
    }

    /// A Job of endless completions one at a time stops at the simulation's pod bound, saying
    /// so; finished pods are no longer scanned on every step (it ran for minutes).
    @Test func simulateStopsAJobOfEndlessCompletionsAtItsBound() throws {
        let (directory, job) = try Tandem.manifest(named: "job.yaml", Self.job(parallelism: "1", completions: "2147483647"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Tandem.run(["simulate", job.path], deadline: 60)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.prefix(5).joined(separator: "\n") == """
            Simulated with tandem run's state machine on a virtual clock (nothing was run).
            Assumed unless --assume says otherwise: processes start and pass their probes at once, exit 1s after SIGTERM; init containers run 1s; mains of Jobs and Never/OnFailure pods run 5s and exit 0.
            The simulation stopped at its bound (24h, 200,000 decisions or 1,000 pods) with containers still running.

            Job pi
            """)
        // Pods are made until there are more than 1,000: the 1,001st is the last.
        #expect(result.stdout.components(separatedBy: "Created pod: ").count - 1 == 1_001)
    }
}
