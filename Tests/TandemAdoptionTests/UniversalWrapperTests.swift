import Foundation
import TandemAPI
import TandemAdoption
import Testing

/// Runs the injected wrappers with /bin/sh in the orders a native and an old kubelet produce,
/// the shared emptyDir being a temporary directory; the "sidecar" appends its side to a file.
@Suite struct UniversalWrapperTests {
    struct Sides {
        var initCommand: [String]
        var fallbackCommand: [String]
        let directory: URL
        var runs: URL { directory.appendingPathComponent("runs") }

        init(restartPolicy: String, wait: Int = 1) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-universal-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let sidecar = try SidecarDefinition(parsing: json("""
                container: {name: shipper, image: i, command: [/bin/sh, -c], args: ['echo "$0" >> \(directory.path)/runs', ran]}
                universal: {restartWaitSeconds: \(wait)}
                """))
            let spec = try json("{restartPolicy: \(restartPolicy), containers: [{name: app, image: a}]}")
            let patched = try JSONPatchOperation.apply(
                try SidecarInjector(sidecar: sidecar, mode: .universal).patch(podSpec: spec, at: "").operations, to: spec)
            initCommand = try Self.argv(patched, "initContainers", 0, directory: directory)
            fallbackCommand = try Self.argv(patched, "containers", 1, directory: directory)
        }

        static func argv(_ patched: JSONValue, _ list: String, _ index: Int, directory: URL) throws -> [String] {
                let container = try #require(patched.object?[list]?.array?[index].object)
                return try (#require(container["command"]?.array) + #require(container["args"]?.array)).map { value in
                    guard case .string(var text) = value else { throw InjectionError("not a string") }
                    text = text.replacingOccurrences(of: "d=/tandem-universal", with: "d=\(directory.path)")
                    return text
                }
        }

        func start(_ argv: [String]) throws -> (Process, Pipe) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: argv[0])
            process.arguments = Array(argv.dropFirst())
            let err = Pipe()
            process.standardError = err
            try process.run()
            return (process, err)
        }

        /// Runs one side to its end: (exit status, what it said on stderr).
        func run(_ argv: [String]) throws -> (Int32, String) {
            let (process, err) = try start(argv)
            let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, said)
        }

        var ranBy: String { (try? String(contentsOf: runs, encoding: .utf8)) ?? "" }
    }

    @Test func nativeKubeletRunsItInTheRestartedInitContainer() throws {
        let sides = try Sides(restartPolicy: "Never")
        #expect(try sides.run(sides.initCommand) == (0, "tandem-universal: first run: exit 0; a kubelet with native sidecars restarts this container, an older one goes on\n"))
        #expect(try sides.run(sides.initCommand) == (0, "tandem-universal: restarted: native sidecars work; running the sidecar here\n"))
        #expect(try sides.run(sides.fallbackCommand) == (0, "tandem-universal: the sidecar runs as native sidecar shipper; exiting\n"))
        // A crash of the native sidecar: its restart runs it again.
        #expect(try sides.run(sides.initCommand) == (0, "tandem-universal: restarted: native sidecars work; running the sidecar here\n"))
        #expect(sides.ranBy == "ran\nran\n")
    }

    @Test func aMainContainerStartingBeforeTheFirstRunEndedProvesNative() throws {
        let sides = try Sides(restartPolicy: "Never", wait: 30)
        let started = Date()
        #expect(try sides.run(sides.fallbackCommand) == (0, "tandem-universal: the sidecar runs as native sidecar shipper; exiting\n"))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(sides.ranBy == "")
    }

    @Test func oldKubeletRunsItOnceInTheRegularContainer() throws {
        let sides = try Sides(restartPolicy: "Always", wait: 1)
        #expect(try sides.run(sides.initCommand).0 == 0)
        #expect(try sides.run(sides.fallbackCommand) == (0, "tandem-universal: init container shipper was not restarted within 1s: no native sidecars here; running the sidecar here\n"))
        // The regular container restarted (pod restartPolicy Always) runs it again.
        #expect(try sides.run(sides.fallbackCommand) == (0, "tandem-universal: running the sidecar here again\n"))
        #expect(sides.ranBy == "ran\nran\n")
    }

    @Test func aRestartDuringTheFallbacksWaitWinsAndTheFallbackStepsAside() throws {
        let sides = try Sides(restartPolicy: "Never", wait: 20)
        #expect(try sides.run(sides.initCommand).0 == 0)
        let (fallback, err) = try sides.start(sides.fallbackCommand)
        usleep(300_000)
        #expect(try sides.run(sides.initCommand) == (0, "tandem-universal: restarted: native sidecars work; running the sidecar here\n"))
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        fallback.waitUntilExit()
        #expect(fallback.terminationStatus == 0)
        #expect(said == "tandem-universal: the sidecar runs as native sidecar shipper; exiting\n")
        #expect(sides.ranBy == "ran\n")
    }

    @Test func aRestartSlowerThanTheWaitStandsByUntilSIGTERM() throws {
        let sides = try Sides(restartPolicy: "Always", wait: 1)
        #expect(try sides.run(sides.initCommand).0 == 0)
        #expect(try sides.run(sides.fallbackCommand).0 == 0)
        let (late, err) = try sides.start(sides.initCommand)
        usleep(300_000)
        #expect(late.isRunning)
        late.terminate()
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        late.waitUntilExit()
        #expect(late.terminationStatus == 0)
        #expect(said == "tandem-universal: the sidecar runs in container shipper-fallback; standing by\n")
        #expect(sides.ranBy == "ran\n")
    }
}

extension JSONValue {
    var array: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }
}
