import Foundation
import TandemAPI
import TandemAdoption
import TandemManifest
import Testing

/// `tandem inject` through the built binary, on tests/inject/workloads.yaml (a Deployment with an
/// init container and an unknown field, a CronJob, a Service that passes through).
@Suite struct InjectCommandTests {
    static let directory = Tandem.repository.appendingPathComponent("tests/inject")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    static func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    static let notes = """
        tandem: note: \(path("workloads.yaml")): Deployment "web": universal: the sidecar's resources are requested twice (init container "shipper" and container "shipper-fallback")
        tandem: note: \(path("workloads.yaml")): CronJob "nightly": universal: the sidecar's resources are requested twice (init container "shipper" and container "shipper-fallback")

        """

    @Test(arguments: [("native", "yaml", "native.yaml"), ("native", "jsonpatch", "native.jsonpatch"),
                      ("universal", "yaml", "universal.yaml"), ("universal", "jsonpatch", "universal.jsonpatch")])
    func wholeOutputs(mode: String, output: String, golden: String) throws {
        let result = try Tandem.run(["inject", Self.path("workloads.yaml"), "--sidecar", Self.path("shipper-sidecar.yaml"),
                                     "--mode", mode, "-o", output])
        #expect(result.status == 0)
        #expect(result.stdout == (try Self.text(golden)))
        #expect(result.stderr == (mode == "universal" ? Self.notes : ""))
    }

    @Test(arguments: ["native", "universal"])
    func thePatchAppliedToTheInputGivesTheYAMLOutput(mode: String) throws {
        let originals = try RawManifest.decode(text: Self.text("workloads.yaml"), file: "workloads.yaml")
        let injected = try RawManifest.decode(text: Self.text("\(mode).yaml"), file: "\(mode).yaml")
        let patches = try Self.text("\(mode).jsonpatch").split(separator: "\n").map { line in
            try JSONDecoder().decode([JSONPatchOperation].self, from: Data(line.utf8))
        }
        #expect(patches.count == originals.count && injected.count == originals.count)
        for (index, original) in originals.enumerated() {
            #expect(try JSONPatchOperation.apply(patches[index], to: original.json) == injected[index].json)
            // Only additions, never a replace or a remove.
            #expect(patches[index].allSatisfy { $0.op == .add })
        }
        #expect(patches[2] == [])
    }

    @Test(arguments: ["native", "universal"])
    func injectingTheOutputAgainChangesNothing(mode: String) throws {
        let yaml = try Tandem.run(["inject", Self.path("\(mode).yaml"), "--sidecar", Self.path("shipper-sidecar.yaml"), "--mode", mode])
        #expect(yaml.status == 0)
        #expect(yaml.stdout == (try Self.text("\(mode).yaml")))
        let patch = try Tandem.run(["inject", Self.path("\(mode).yaml"), "--sidecar", Self.path("shipper-sidecar.yaml"), "--mode", mode, "-o", "jsonpatch"])
        #expect(patch.stdout == "[]\n[]\n[]\n")
    }

    @Test(arguments: ["native", "universal"])
    func injectedWorkloadsPassValidation(mode: String) throws {
        // `tandem validate` knows Pods and workloads, not Services: check the first two documents.
        let documents = try RawManifest.decode(text: Self.text("\(mode).yaml"), file: "\(mode).yaml")
        let (directory, file) = try Tandem.manifest(RawManifest.yaml(Array(documents.prefix(2))))
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Tandem.run(["validate", file.path])
        #expect(result.status == 0)
        #expect(result.stderr == "")
    }

    @Test func afterPutsTheSidecarBehindANamedInitContainerAndStdinWorks() throws {
        let deployment = try RawManifest.yaml(Array(RawManifest.decode(text: Self.text("workloads.yaml"), file: "w").prefix(1)))
        let (directory, file) = try Tandem.manifest(deployment)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Tandem.run(["-c", "exec \"$0\" inject - --sidecar \"$1\" --after migrate -o jsonpatch < \"$2\"",
                                     Tandem.binary.path, Self.path("shipper-sidecar.yaml"), file.path], shell: true)
        #expect(result.status == 0)
        #expect(result.stdout == """
            [{"op":"add","path":"/spec/template/spec/initContainers/1","value":{"args":["-c","/etc/shipper/shipper.conf"],"command":["/fluent-bit/bin/fluent-bit"],"image":"fluent/fluent-bit:3.1","name":"shipper","resources":{"requests":{"cpu":"50m","memory":"32Mi"}},"restartPolicy":"Always","volumeMounts":[{"mountPath":"/etc/shipper","name":"shipper-config"}]}},\
            {"op":"add","path":"/spec/template/spec/volumes","value":[{"configMap":{"name":"shipper-config"},"name":"shipper-config"}]},\
            {"op":"add","path":"/spec/template/metadata/annotations","value":{"sidecar.tandem.dev/shipper":"native"}}]

            """)
    }

    @Test func badInputIsOneLineAndExit2() throws {
        let (directory, conflict) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec: {containers: [{name: shipper, image: "x\\u001b[31m"}]}
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("bad.yaml")
        try "a: [\n".write(to: bad, atomically: true, encoding: .utf8)
        let noCommand = directory.appendingPathComponent("nocommand.yaml")
        try "{name: s, image: i}\n".write(to: noCommand, atomically: true, encoding: .utf8)
        let sidecar = Self.path("shipper-sidecar.yaml")
        let cases: [([String], String)] = [
            ([conflict.path], "tandem: --sidecar FILE is required (see tandem inject --help)"),
            (["--sidecar", sidecar], "tandem: no manifest files given (see tandem inject --help)"),
            ([conflict.path, "--sidecar", sidecar, "--mode", "auto\u{1b}"], "tandem: The value 'auto\\x1b' is invalid for '--mode <mode>'. Please provide one of 'native' and 'universal'. (see tandem inject --help)"),
            ([conflict.path, "--sidecar", sidecar, "-o", "json"], "tandem: The value 'json' is invalid for '-o <output>'. Please provide one of 'yaml' and 'jsonpatch'. (see tandem inject --help)"),
            ([conflict.path, "--sidecar", "/nonexistent.yaml"], "tandem: sidecar: /nonexistent.yaml: No such file or directory"),
            ([conflict.path, "--sidecar", sidecar], "tandem: \(conflict.path): Pod \"p\": container \"shipper\" already exists in containers (use --replace to replace it)"),
            ([conflict.path, "--sidecar", noCommand.path, "--mode", "universal"],
             "tandem: \(conflict.path): Pod \"p\": universal mode needs the sidecar's \"command\": the wrapper replaces the image's entrypoint, which tandem cannot know (container \"s\")"),
            ([bad.path, "--sidecar", sidecar], "tandem: \(bad.path): invalid YAML: did not find expected node content (while parsing a flow node at line 2) (line 2, column 1)"),
            (["-", "--sidecar", "-"], "tandem: standard input (-) can be read only once"),
        ]
        for (arguments, line) in cases {
            let result = try Tandem.run(["inject"] + arguments)
            #expect(result.status == 2)
            #expect(result.stdout == "")
            #expect(result.stderr == line + "\n")
        }
    }
}
