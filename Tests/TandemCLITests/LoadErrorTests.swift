import Foundation
import Testing

/// Manifests that do not load, and `tandem run`'s output paths, through the built binary: every
/// problem of every file in one run, in file order, with suggestions; one JSON shape for them
/// with `-o json`; paths checked before anything starts.
@Suite struct LoadErrorTests {
    /// Three typos in two documents, and a second file with a repeated key and a wrong type.
    static let typos = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          lables: {app: web}
        spec:
          containers:
          - name: app
            image: busybox
            comand: ["sleep", "1"]
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: once
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                imagePullPolicyy: Always

        """

    static let second = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: other
        spec:
          terminationGracePeriodSeconds: soon
          containers:
          - name: app
            image: busybox
            image: busybox:2
            ports: [{containerPort: 80, protocl: TCP}]

        """

    static let expectedLines = """
        tandem: typos.yaml: unknown field "metadata.lables" (line 5, column 3); did you mean "labels"?
        tandem: typos.yaml: unknown field "spec.containers[0].comand" (line 10, column 5); did you mean "command"?
        tandem: typos.yaml: unknown field "spec.template.spec.containers[0].imagePullPolicyy" (line 23, column 9); did you mean "imagePullPolicy"?
        tandem: z-second.yaml: spec.terminationGracePeriodSeconds: expected int64, got string "soon" (line 6, column 34)
        tandem: z-second.yaml: duplicate field "spec.containers[0].image" (line 10, column 5)
        tandem: z-second.yaml: unknown field "spec.containers[0].ports[0].protocl" (line 11, column 33); did you mean "protocol"?

        """

    /// Runs the binary in `directory` (relative paths are relative to it).
    static func run(_ arguments: [String], in directory: URL) throws -> Tandem.Result {
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Tandem.Result(status: process.terminationStatus,
                             stdout: String(decoding: stdout, as: UTF8.self),
                             stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func typoDirectory() throws -> URL {
        let (directory, _) = try Tandem.manifest(named: "typos.yaml", typos)
        try second.write(to: directory.appendingPathComponent("z-second.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test func everyProblemOfEveryFileInOneRunInFileOrder() throws {
        let directory = try Self.typoDirectory()
        for command in ["validate", "resources", "lint"] {
            let result = try Self.run([command, "typos.yaml", "z-second.yaml"], in: directory)
            #expect(result.status == 2, "\(command)")
            #expect(result.stdout == "", "\(command)")
            #expect(result.stderr == Self.expectedLines, "\(command)")
        }
        // `run` starts nothing and says the same; so does a directory given instead of the files.
        let run = try Self.run(["run", "--quiet", "."], in: directory)
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr == Self.expectedLines.replacingOccurrences(of: "tandem: ", with: "tandem: ./"))
    }

    @Test func jsonCarriesTheSameProblemsInOneShape() throws {
        let directory = try Self.typoDirectory()
        let loadErrors = #"""
            "loadErrors":[{"file":"typos.yaml","line":5,"column":3,"message":"unknown field \"metadata.lables\"","field":"metadata.lables","suggestion":"labels"},\#
            {"file":"typos.yaml","line":10,"column":5,"message":"unknown field \"spec.containers[0].comand\"","field":"spec.containers[0].comand","suggestion":"command"},\#
            {"file":"typos.yaml","line":23,"column":9,"message":"unknown field \"spec.template.spec.containers[0].imagePullPolicyy\"","field":"spec.template.spec.containers[0].imagePullPolicyy","suggestion":"imagePullPolicy"},\#
            {"file":"z-second.yaml","line":6,"column":34,"message":"spec.terminationGracePeriodSeconds: expected int64, got string \"soon\"","field":null,"suggestion":null},\#
            {"file":"z-second.yaml","line":10,"column":5,"message":"duplicate field \"spec.containers[0].image\"","field":"spec.containers[0].image","suggestion":null},\#
            {"file":"z-second.yaml","line":11,"column":33,"message":"unknown field \"spec.containers[0].ports[0].protocl\"","field":"spec.containers[0].ports[0].protocl","suggestion":"protocol"},\#
            {"file":"empty.yaml","line":null,"column":null,"message":"no objects found","field":null,"suggestion":null}]
            """#
        try "".write(to: directory.appendingPathComponent("empty.yaml"), atomically: true, encoding: .utf8)
        try "apiVersion: v1\nkind: Pod\nmetadata: {name: fine}\nspec:\n  containers: [{name: app, image: busybox}]\n"
            .write(to: directory.appendingPathComponent("fine.yaml"), atomically: true, encoding: .utf8)
        let files = ["typos.yaml", "z-second.yaml", "empty.yaml"]
        // validate still validates the file that loaded, beside the problems.
        let validate = try Self.run(["validate", "-o", "json"] + files + ["fine.yaml"], in: directory)
        #expect(validate.status == 2)
        #expect(validate.stderr == "")
        #expect(validate.stdout == #"{"items":[{"file":"fine.yaml","kind":"Pod","name":"fine","valid":true,"errors":[]}],"#
            + loadErrors + "}\n")
        for command in ["resources", "lint"] {
            let result = try Self.run([command, "-o", "json"] + files, in: directory)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr == "", "\(command)")
            #expect(result.stdout == "{" + loadErrors + "}\n", "\(command)")
        }
    }

    @Test func emptyInputsAreOneLineAndExit2ForEveryCommand() throws {
        let (directory, _) = try Tandem.manifest(named: "empty.yaml", "# nothing here\n")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("none"), withIntermediateDirectories: true)
        try "x".write(to: directory.appendingPathComponent("none/readme.txt"), atomically: true, encoding: .utf8)
        try "name: proxy\nimage: envoy\n".write(to: directory.appendingPathComponent("sidecar.yml.txt"), atomically: true, encoding: .utf8)
        let commands: [[String]] = [["run"], ["validate"], ["resources"], ["lint"], ["convert"],
                                    ["inject", "--sidecar", "sidecar.yml.txt"]]
        for command in commands {
            let empty = try Self.run(command + ["empty.yaml"], in: directory)
            #expect(empty.status == 2, "\(command)")
            #expect(empty.stdout == "", "\(command)")
            #expect(empty.stderr == "tandem: empty.yaml: no objects found\n", "\(command)")
            let none = try Self.run(command + ["none"], in: directory)
            #expect(none.status == 2, "\(command)")
            #expect(none.stderr == "tandem: none: no manifest files in directory: recognized file extensions are "
                + ".json .yaml .yml (use -R to include subdirectories)\n", "\(command)")
        }
    }

    static let pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          restartPolicy: Never
          volumes: [{name: data, emptyDir: {}}]
          containers:
          - name: app
            image: busybox
            workingDir: /
            command: ["sh", "-c", "echo stored > /data/file; cat /data/file"]
            volumeMounts: [{name: data, mountPath: /data}]

        """

    @Test func badOutputPathsStopTheRunBeforeAnythingStarts() throws {
        let (directory, _) = try Tandem.manifest(named: "pod.yaml", Self.pod)
        try "".write(to: directory.appendingPathComponent("plain"), atomically: true, encoding: .utf8)
        let base = directory.path
        let cases: [(arguments: [String], line: String)] = [
            (["--status-file", "missing/status.json"],
             #"tandem: --status-file "\#(base)/missing/status.json": directory "\#(base)/missing": No such file or directory"#),
            (["--status-file", "."], #"tandem: --status-file "\#(base)": is a directory"#),
            (["--status-file", "plain/status.json"], #"tandem: --status-file "\#(base)/plain/status.json": "\#(base)/plain" is not a directory"#),
            (["--log-dir", "plain/logs"], #"tandem: --log-dir "\#(base)/plain/logs": "\#(base)/plain" is not a directory"#),
        ]
        for (index, (arguments, line)) in cases.enumerated() {
            // A good --log-dir beside the bad path: had a container started, its log would be there.
            let logs = arguments.contains("--log-dir") ? [] : ["--log-dir", "logs-\(index)"]
            let result = try Self.run(["run", "--quiet"] + logs + arguments + ["pod.yaml"], in: directory)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr == line + "\n", "\(arguments)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("logs-\(index)").path))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("missing").path))
        // A manifest problem and a path problem are reported together.
        try LoadErrorTests.typos.write(to: directory.appendingPathComponent("typos.yaml"), atomically: true, encoding: .utf8)
        let both = try Self.run(["run", "--status-file", ".", "typos.yaml"], in: directory)
        #expect(both.status == 2)
        #expect(both.stderr == Self.expectedLines.split(separator: "\n").prefix(3).map { $0 + "\n" }.joined()
            + #"tandem: --status-file "\#(base)": is a directory"# + "\n")
    }

    @Test(.enabled(if: geteuid() == 0, "emptyDir volumes need root"))
    func relativeLogDirectoryAndStatusFileWork() throws {
        let (directory, _) = try Tandem.manifest(named: "pod.yaml", Self.pod)
        let result = try Self.run(["run", "--quiet", "--log-dir", "runs/first", "--status-file", "out.json", "pod.yaml"],
                                  in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        // What the container wrote to its emptyDir and read back, in its log (timestamp masked); the
        // volume itself is torn down with the pod, as the kubelet does, while the log stays.
        let log = try String(contentsOfFile: directory.appendingPathComponent("runs/first/web/app/0.log").path, encoding: .utf8)
        #expect(log.replacingOccurrences(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z "#, with: "<ts> ",
                                         options: .regularExpression) == "<ts> stdout F stored\n")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("runs/first/web/volumes").path))
        #expect(!FileManager.default.fileExists(atPath: "/data/file"), "the write went to the host, not to the volume")
        let status = try String(contentsOfFile: directory.appendingPathComponent("out.json").path, encoding: .utf8)
        #expect(status.contains(#""phase" : "Succeeded""#))
        #expect(!FileManager.default.fileExists(atPath: "/runs/first"))
    }
}
