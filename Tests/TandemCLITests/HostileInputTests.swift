import Foundation
import Testing

/// Hostile input through the built binary: every run must end quickly with one clear line,
/// and nothing from a manifest or a container may reach the terminal as a control sequence.
@Suite struct HostileInputTests {
    /// Runs tandem, killing it after `seconds`; `elapsed` says how long it took.
    static func run(_ arguments: [String], timeout seconds: Double = 10) throws -> (result: Tandem.Result, elapsed: Double) {
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let start = Date()
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: killer)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        let result = Tandem.Result(status: process.terminationStatus,
                                   stdout: String(decoding: stdout, as: UTF8.self),
                                   stderr: String(decoding: stderr, as: UTF8.self))
        return (result, Date().timeIntervalSince(start))
    }

    static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }
    }

    // MARK: - Item 7: control characters

    @Test func resourcesEscapesNamesGoStyle() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: "a\\e[31mRED\\e[0m\\rX"
            spec:
              containers:
              - name: app
                image: busybox
                resources: {requests: {memory: 1Mi}}
            """)
        let (result, _) = try Self.run(["resources", file.path])
        #expect(result.status == 0)
        #expect(result.stdout == """
            KIND   NAME                     RESOURCE   REQUEST   LIMIT   SET BY
            Pod    a\\x1b[31mRED\\x1b[0m\\rX   memory     1Mi       -       containers + sidecars running

            """)
        #expect(result.stderr == "tandem: \(file.path): warning: Pod \"a\\x1b[31mRED\\x1b[0m\\rX\" is invalid (1 error; see `tandem validate \(file.path)`)\n")
    }

    @Test func runEscapesNamesInItsRefusal() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: "a\\e[31mRED\\e[0m\\rX"
            spec:
              containers:
              - {name: app, image: busybox}
            """)
        let (result, _) = try Self.run(["run", file.path])
        #expect(result.status == 2)
        #expect(!Self.hasControlCharacters(result.stderr))
        #expect(result.stderr.hasPrefix("\(file.path): The Pod \"a\\x1b[31mRED\\x1b[0m\\rX\" is invalid: metadata.name: Invalid value: \"a\\x1b[31mRED\\x1b[0m\\rX\": "))
    }

    @Test func runEscapesProbeOutputInEvents() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: esc
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "sleep 2.5"]
                readinessProbe: {periodSeconds: 1, timeoutSeconds: 10, exec: {command: ["sh", "-c", "printf '\\\\033[33mPROBE\\\\r'; exit 1"]}}
            """)
        let (result, _) = try Self.run(["run", file.path])
        #expect(result.status == 0)
        #expect(!Self.hasControlCharacters(result.stderr))
        // Every failure event carries the probe's whole output, escaped (the result waits for
        // the output: it used to race the reaping and come out empty).
        let unhealthy = result.stderr.split(separator: "\n").filter { $0.contains("Unhealthy") }
        #expect(!unhealthy.isEmpty)
        for line in unhealthy {
            #expect(line.hasSuffix("Readiness probe failed: \\x1b[33mPROBE\\r"), "\(line)")
        }
    }

    @Test func argumentErrorsAreEscaped() throws {
        let (result, _) = try Self.run(["validate", "--output", "\u{1b}[31mjson", "x.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr == "tandem: The value '\\x1b[31mjson' is invalid for '--output <output>'. Please provide one of 'text' and 'json'. (see tandem validate --help)\n")
    }

    // MARK: - Item 5: aliases

    /// Nine levels of ten aliases each under `spec.affinity`, then `extra` (a duplicate key, a
    /// merge, a key) where the attack needs it: each used to walk 10^9 nodes.
    static func aliasBomb(levels: Int = 9, value: String = "[x, x, x, x, x, x, x, x, x, x]", tail: String) -> String {
        var text = "apiVersion: v1\nkind: Pod\nspec:\n  affinity:\n    a0: &a0 \(value)\n"
        for level in 1...levels {
            text += "    a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return text + tail
    }

    @Test(arguments: [
        // Both problems of the file, in file order; the repeated key is still named by its path.
        ("metadata: {name: a, name: b}\n", "invalid YAML: document contains excessive aliasing (aliases expand 45 values to 12345679035) (line 13, column 9)\n"
            + "tandem: FILE: duplicate field \"metadata.name\" (line 15, column 21)"),
        ("    m: {<<: [*a9, *a9]}\n", "invalid YAML: document contains excessive aliasing (aliases expand 43 values to 34567901255) (line 14, column 9)"),
        ("    k: {*a9: 1}\n", "field names must be strings, got an object or list (line 15, column 9)"),
    ])
    func aliasesEndQuickly(tail: String, message: String) throws {
        let (_, file) = try Tandem.manifest(Self.aliasBomb(tail: tail))
        for command in ["validate", "resources", "run"] {
            let (result, elapsed) = try Self.run([command, file.path])
            #expect(result.status == 2)
            #expect(result.stderr == "tandem: \(file.path): \(message.replacingOccurrences(of: "FILE", with: file.path))\n")
            #expect(elapsed < 2)
        }
    }

    @Test func mergeKeysOfMergeKeysAreBounded() throws {
        var text = "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers: [{name: a, image: b}]\n  affinity:\n    m0: &m0 {k0: 1}\n"
        for level in 1...12 {
            text += "    m\(level): &m\(level) {<<: [" + Array(repeating: "*m\(level - 1)", count: 10).joined(separator: ", ") + "], k\(level): 1}\n"
        }
        let (_, file) = try Tandem.manifest(text)
        let (result, elapsed) = try Self.run(["validate", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("tandem: \(file.path): invalid YAML: document contains excessive aliasing"))
        #expect(elapsed < 2)
    }

    @Test func aListSharesOneBudget() throws {
        var text = "apiVersion: v1\nkind: List\nmetadata: {x0: &a0 [x, x, x, x, x, x, x, x, x, x]"
        for level in 1...4 {
            text += ", x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]"
        }
        text += "}\nitems:\n"
        for index in 0..<100 {
            text += "- {apiVersion: v1, kind: Pod, metadata: {name: p\(index)}, spec: {containers: [{name: a, image: b}], affinity: {x: *a4}}}\n"
        }
        let (_, file) = try Tandem.manifest(text)
        let (result, elapsed) = try Self.run(["validate", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("tandem: \(file.path): invalid YAML: document contains excessive aliasing"))
        #expect(elapsed < 2)
    }

    // MARK: - Item 6: quantities

    @Test func aHugeExponentIsRefusedByEveryCommand() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: q}
            spec:
              containers:
              - name: app
                image: busybox
                resources: {requests: {memory: "1e999999999"}}
            """)
        for command in ["validate", "resources", "run"] {
            let (result, elapsed) = try Self.run([command, file.path])
            #expect(result.status == 2)
            #expect(result.stderr == "tandem: \(file.path): spec.containers[0].resources.requests.memory: quantity out of range: "
                + "at most 10000 digits and magnitudes below 10^10000 are supported, got \"1e999999999\" (line 8, column 36)\n")
            #expect(elapsed < 2)
        }
    }

    @Test func largeQuantitiesAreSummedExactlyAndQuickly() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: q}
            spec:
              initContainers:
              - {name: s, image: busybox, restartPolicy: Always, resources: {requests: {memory: "1e9990"}}}
              containers:
              - {name: app, image: busybox, resources: {requests: {memory: "1e-999999999"}}}
            """)
        let (result, elapsed) = try Self.run(["resources", "-o", "json", file.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"memory\": \"1" + String(repeating: "0", count: 9998) + "1e-9\""))
        #expect(elapsed < 2)
    }

    // MARK: - Item 8: files

    static let validPod = "apiVersion: v1\nkind: Pod\nmetadata: {name: NAME}\nspec:\n  containers: [{name: app, image: busybox}]\n"

    @Test func devNullHasNoObjects() throws {
        for command in ["validate", "resources", "run"] {
            let (result, _) = try Self.run([command, "/dev/null"])
            #expect(result.status == 2)
            #expect(result.stderr == "tandem: /dev/null: no objects found\n")
        }
    }

    @Test func aFIFOIsReadAsAStream() throws {
        let directory = try Tandem.temporaryDirectory()
        let fifo = directory.appendingPathComponent("pod.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(Self.validPod.replacingOccurrences(of: "NAME", with: "piped").utf8))
                try? handle.close()
            }
        }
        writer.start()
        let (result, _) = try Self.run(["validate", fifo])
        #expect(result.status == 0)
        #expect(result.stdout == "\(fifo): Pod \"piped\" is valid\n")
    }

    @Test func aDirectoryIsReadLikeKubectl() throws {
        let directory = try Tandem.temporaryDirectory()
        let sub = directory.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        for (name, pod) in [("b.yaml", "b"), ("a.yml", "a"), ("c.json.txt", "ignored")] {
            try Self.validPod.replacingOccurrences(of: "NAME", with: pod)
                .write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try Self.validPod.replacingOccurrences(of: "NAME", with: "deep")
            .write(to: sub.appendingPathComponent("d.yaml"), atomically: true, encoding: .utf8)
        let dir = directory.path
        let flat = try Self.run(["validate", dir]).result
        #expect(flat.status == 0)
        #expect(flat.stdout == "\(dir)/a.yml: Pod \"a\" is valid\n\(dir)/b.yaml: Pod \"b\" is valid\n")
        // As filepath.Walk: a link to a directory is not entered (a link back up read everything again and
        // again), a link to a manifest file is read.
        #expect(symlink("..", sub.appendingPathComponent("up").path) == 0)
        #expect(symlink("d.yaml", sub.appendingPathComponent("e.yaml").path) == 0)
        let deep = try Self.run(["validate", "-R", dir]).result
        #expect(deep.stdout == "\(dir)/a.yml: Pod \"a\" is valid\n\(dir)/b.yaml: Pod \"b\" is valid\n"
            + "\(dir)/sub/d.yaml: Pod \"deep\" is valid\n\(dir)/sub/e.yaml: Pod \"deep\" is valid\n")
        let resources = try Self.run(["resources", dir]).result
        #expect(resources.status == 0)
        #expect(resources.stdout == "KIND   NAME   RESOURCE   REQUEST   LIMIT   SET BY\nPod    a      <none>     -         -       -\nPod    b      <none>     -         -       -\n")
        let hollow = directory.appendingPathComponent("hollow").path
        try FileManager.default.createDirectory(atPath: hollow, withIntermediateDirectories: true)
        let empty = try Self.run(["validate", hollow]).result
        #expect(empty.status == 2)
        #expect(empty.stderr == "tandem: \(hollow): no manifest files in directory: recognized file extensions are "
            + ".json .yaml .yml (use -R to include subdirectories)\n")
    }

    @Test func validateReportsEveryFile() throws {
        let (directory, first) = try Tandem.manifest(named: "a.yaml", Self.validPod.replacingOccurrences(of: "NAME", with: "a"))
        let last = directory.appendingPathComponent("b.yaml")
        try Self.validPod.replacingOccurrences(of: "NAME", with: "b").write(to: last, atomically: true, encoding: .utf8)
        let missing = directory.appendingPathComponent("missing\u{1b}[31m.yaml").path
        let (result, _) = try Self.run(["validate", first.path, missing, last.path])
        #expect(result.status == 2)
        #expect(result.stdout == "\(first.path): Pod \"a\" is valid\n\(last.path): Pod \"b\" is valid\n")
        #expect(result.stderr == "tandem: \(directory.path)/missing\\x1b[31m.yaml: No such file or directory\n")
    }

    // MARK: - Item 9: one defaulting

    /// `validate` defaults the whole Pod first, as the API server and `tandem run` do: a bad
    /// limit is also a bad (defaulted) request, and both commands say so identically.
    @Test func validateDefaultsFirstLikeRun() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: neg}
            spec:
              containers:
              - name: app
                image: busybox
                resources: {limits: {cpu: "-1"}}
            """)
        let expected = """
            \(file.path): The Pod "neg" is invalid: \n\
            * spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0
            * spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0

            """
        let validate = try Self.run(["validate", file.path]).result
        #expect(validate.status == 2)
        #expect(validate.stdout == expected)
        let run = try Self.run(["run", file.path]).result
        #expect(run.status == 2)
        #expect(run.stderr == expected.replacingOccurrences(of: "invalid: \n", with: "invalid:\n"))
    }
}
