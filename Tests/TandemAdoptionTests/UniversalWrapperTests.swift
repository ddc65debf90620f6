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

        func start(_ argv: [String]) throws -> (SpawnedShell, Pipe) {
            let err = Pipe()
            return (try SpawnedShell(argv, stderr: err), err)
        }

        /// Runs one side to its end: (exit status, what it said on stderr).
        func run(_ argv: [String]) throws -> (Int32, String) {
            let (process, err) = try start(argv)
            let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return (process.wait(), said)
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
        #expect(fallback.wait() == 0)
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
        #expect(late.wait() == 0)
        #expect(said == "tandem-universal: the sidecar runs in container shipper-fallback; standing by\n")
        #expect(sides.ranBy == "ran\n")
    }
}

extension UniversalWrapperTests {
    @Test func aRecreatedPodSandboxStartsOverInsteadOfObeyingTheOldClaim() throws {
        let sides = try Sides(restartPolicy: "Always", wait: 1)
        // What an earlier sandbox left in the emptyDir: its network namespace and the fallback's claim.
        try "net:[1]\n".write(to: sides.directory.appendingPathComponent("init-ran"), atomically: true, encoding: .utf8)
        try "fallback\n".write(to: sides.directory.appendingPathComponent("fallback.id"), atomically: true, encoding: .utf8)
        try FileManager.default.linkItem(at: sides.directory.appendingPathComponent("fallback.id"), to: sides.directory.appendingPathComponent("claim"))
        // A main container of the new sandbox starting before the init container's first run: native.
        let (early, err) = try sides.start(sides.fallbackCommand)
        usleep(300_000)
        #expect(early.isRunning)
        early.terminate()
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                == "tandem-universal: the sidecar runs as native sidecar shipper; standing by\n")
        #expect(early.wait() == 0)
        // An old kubelet: the first run clears the old claim, and the fallback claims it again.
        #expect(try sides.run(sides.initCommand) == (0, "tandem-universal: first run: exit 0; a kubelet with native sidecars restarts this container, an older one goes on\n"))
        #expect(!FileManager.default.fileExists(atPath: sides.directory.appendingPathComponent("claim").path))
        #expect(try sides.run(sides.fallbackCommand) == (0, "tandem-universal: init container shipper was not restarted within 1s: no native sidecars here; running the sidecar here\n"))
        #expect(sides.ranBy == "ran\n")
    }
}

/// A child started as a container runtime starts one: no blocked signals, default dispositions.
/// (Foundation's Process passes on the launching thread's signal mask, and the test threads block
/// SIGTERM, which a shell cannot unblock, so its trap would never run.)
final class SpawnedShell {
    let pid: pid_t

    init(_ argv: [String], stderr: Pipe) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stderr.fileHandleForWriting.fileDescriptor, 2)
        posix_spawn_file_actions_addclose(&actions, stderr.fileHandleForReading.fileDescriptor)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, argv[0], &actions, &attributes, &cArguments, environ)
        try stderr.fileHandleForWriting.close()
        guard status == 0 else { throw InjectionError("posix_spawn \(argv[0]): \(status)") }
        pid = child
    }

    var isRunning: Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == 0
    }

    func terminate() {
        kill(pid, SIGTERM)
    }

    /// Waits for the exit; the exit status, or 128 + the signal.
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

extension JSONValue {
    var array: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }
}
