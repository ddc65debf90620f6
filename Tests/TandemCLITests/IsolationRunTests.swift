import Foundation
import Testing

/// Containment and volumes through the built binary: every container is PID 1 of its own PID
/// namespace, so nothing it starts outlives it or tandem, and mount points exist only inside
/// the container's mount namespace. Skipped with the reason when this machine cannot do it.
@Suite(.serialized) struct IsolationRunTests {
    static let isRoot = geteuid() == 0
    /// What tandem's own probe tries (new PID and mount namespaces, a user namespace unless
    /// root, a fresh /proc), tried with util-linux's `unshare`.
    static let support: NamespaceProbe = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = (isRoot ? [] : ["-U", "--map-current-user"]) + ["-m", "-p", "-f", "--mount-proc", "true"]
        let err = Pipe()
        process.standardError = err
        guard (try? process.run()) != nil else { return NamespaceProbe(available: false, reason: "no /usr/bin/unshare") }
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return NamespaceProbe(available: process.terminationStatus == 0, reason: text)
    }()

    struct NamespaceProbe: CustomStringConvertible {
        var available: Bool
        var reason: String
        var description: String { available ? "available" : reason }
    }
    /// `setpriv` runs tandem as nobody (as root only) for the rootless cases.
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var rootlessPossible: Bool {
        guard isRoot, setpriv != nil else { return false }
        // Whether nobody may create user namespaces here: the same probe, as nobody.
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: setpriv ?? "")
        probe.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "unshare", "-U", "-m", "-p", "-f",
                           "--map-current-user", "--mount-proc", "true"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    static func marker() -> String { "TANDEM_ISO_\(UUID().uuidString.prefix(8))" }

    /// A pod whose container double-forks and calls setsid, as the reproduction.
    static func escapingPod(_ marker: String, mainSeconds: Int = 300) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: escapee}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
          - name: app
            image: busybox
            env: [{name: MARK, value: "\(marker)"}]
            command: ["sh", "-c", "setsid sleep 300 & (sleep 300 &) ; sleep \(mainSeconds)"]
        """
    }

    static func waitForExit(_ process: Process, seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
    }

    static func noneLeft(_ marker: String, within seconds: Double = 10) -> [Int32] {
        let deadline = Date().addingTimeInterval(seconds)
        var left = Tandem.processes(carrying: marker)
        while !left.isEmpty && Date() < deadline {
            usleep(50_000)
            left = Tandem.processes(carrying: marker)
        }
        for pid in left { kill(pid, SIGKILL) }
        return left
    }

    @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
    func nothingLeftAfterTheContainerEnds() throws {
        let marker = Self.marker()
        let (_, file) = try Tandem.manifest(Self.escapingPod(marker, mainSeconds: 1))
        let result = try Tandem.run(["run", "--quiet", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.noneLeft(marker, within: 2) == [])
    }

    @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
    func nothingLeftAfterSIGTERMToTandem() throws {
        let marker = Self.marker()
        let (_, file) = try Tandem.manifest(Self.escapingPod(marker))
        let (process, seen) = try Tandem.startRun(file, untilProcessesCarry: marker, count: 4)
        #expect(seen == 4)
        kill(process.processIdentifier, SIGTERM)
        // PID 1 (`sh`) has no TERM handler, so it ignores SIGTERM as in a real container:
        // the 1 s grace (2 s kubelet minimum) passes, then SIGKILL.
        Self.waitForExit(process, seconds: 15)
        #expect(!process.isRunning)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(Self.noneLeft(marker, within: 2) == [])
    }

    @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
    func nothingLeftAfterKill9OfTandem() throws {
        let marker = Self.marker()
        let (_, file) = try Tandem.manifest(Self.escapingPod(marker))
        let (process, seen) = try Tandem.startRun(file, untilProcessesCarry: marker, count: 4)
        #expect(seen == 4)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(Self.noneLeft(marker) == [])
    }

    @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
    func nothingLeftAfterKill9OfTheSentinelThenOfTandem() throws {
        let marker = Self.marker()
        let (_, file) = try Tandem.manifest(Self.escapingPod(marker))
        let (process, seen) = try Tandem.startRun(file, untilProcessesCarry: marker, count: 4)
        #expect(seen == 4)
        let sentinel = try #require(Self.child(of: process.processIdentifier, named: "tandem-sentinel"))
        kill(sentinel, SIGKILL)
        usleep(100_000)
        // Without the sentinel the containers' init processes still die with tandem's reactor
        // thread (PR_SET_PDEATHSIG), and with each init its whole PID namespace.
        #expect(Tandem.processes(carrying: marker).count == 4)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(Self.noneLeft(marker) == [])
    }

    @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
    func sharedProcessNamespaceReapsZombiesUnderThePauseInit() throws {
        let (directory, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: shared}
            spec:
              restartPolicy: Never
              shareProcessNamespace: true
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "sh -c 'sleep 0.2 & exit 0'; sleep 1; echo zombies=$(ps -e -o stat= | grep -c Z); echo init=$(cat /proc/1/comm); echo self=$$$$"]
              - name: other
                image: busybox
                command: ["sh", "-c", "sleep 0.5; echo sleeps=$(ps -e -o comm= | grep -c '^sleep')"]
            """)
        let logs = directory.appendingPathComponent("logs").path
        let result = try Tandem.run(["run", "--log-dir", logs, file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init).filter { !$0.contains("self=") }.sorted()
        // `other` sees the `sleep 1` of `app` (one namespace); the orphan was reaped by
        // PID 1, which is tandem's pause init.
        #expect(lines == ["app   | init=tandem-pause", "app   | zombies=0", "other | sleeps=1"])
        #expect(!result.stdout.contains("self=1\n"))
    }

    @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
    func hooksAndExecProbesEnterTheContainersPIDNamespace() throws {
        let directory = try Tandem.temporaryDirectory()
        let out = directory.appendingPathComponent("seen").path
        let file = directory.appendingPathComponent("pod.yaml")
        try """
            apiVersion: v1
            kind: Pod
            metadata: {name: hooked}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "sleep 2"]
                lifecycle:
                  postStart:
                    exec: {command: ["sh", "-c", "echo hook $(cat /proc/1/comm) $$ >> \(out)"]}
                readinessProbe:
                  periodSeconds: 1
                  exec: {command: ["sh", "-c", "echo probe $(cat /proc/1/comm) >> \(out)"]}
            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try Tandem.run(["run", "--quiet", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let seen = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        // PID 1 is the container's `sh` (the host's is something else), the hook's shell a
        // small pid of that namespace; the probe sees the same init.
        let hostInit = try String(contentsOfFile: "/proc/1/comm", encoding: .utf8)
        #expect(hostInit != "sh\n")
        // The first readiness probe may run while the postStart hook does: lines in either order.
        let hooks = seen.filter { $0.hasPrefix("hook ") }
        #expect(hooks.count == 1, "\(seen)")
        let hook = hooks.first?.split(separator: " ").map(String.init) ?? []
        #expect(hook.count == 3 && hook[0] == "hook" && hook[1] == "sh" && (Int(hook[2]) ?? 99) < 20)
        let probes = seen.filter { !$0.hasPrefix("hook ") }
        #expect(!probes.isEmpty)
        #expect(probes.allSatisfy { $0 == "probe sh" }, "\(seen)")
    }

    @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
    func withoutIsolationTheContainerIsNotPIDOne() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: plain}
            spec:
              restartPolicy: Never
              containers:
              - {name: app, image: busybox, command: ["sh", "-c", "echo pid=$$$$"]}
            """)
        let isolated = try Tandem.run(["run", file.path])
        #expect(isolated.stdout == "app | pid=1\n")
        let plain = try Tandem.run(["run", "--no-isolation", file.path])
        #expect(plain.stdout.hasPrefix("app | pid=") && plain.stdout != "app | pid=1\n")
    }

    // MARK: volumes: the docs' log-shipper sidecar over an emptyDir

    static func logShipperPod(mountPath: String) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: myapp}
        spec:
          restartPolicy: Never
          initContainers:
          - name: logshipper
            image: alpine:latest
            restartPolicy: Always
            command: ['sh', '-c', 'trap "exit 0" TERM; until test -e \(mountPath)/logs.txt; do sleep 0.1; done; tail -f \(mountPath)/logs.txt & wait']
            volumeMounts: [{name: data, mountPath: \(mountPath)}]
          containers:
          - name: myapp
            image: alpine:latest
            command: ['sh', '-c', 'echo "logging" > \(mountPath)/logs.txt; sleep 2']
            volumeMounts: [{name: data, mountPath: \(mountPath)}]
          volumes:
          - name: data
            emptyDir: {}
        """
    }

    /// Names in `/`, `/etc` and `/var` (where mount points would have been made before).
    static func hostListing() -> [String] {
        ["/", "/etc", "/var", "/var/log"].flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).map { "\(directory)/\($0)" }
        }.sorted()
    }

    func runLogShipper(asNobody: Bool) throws {
        let marker = "tandem-\(UUID().uuidString.prefix(8).lowercased())"
        let mountPath = "/\(marker)/opt"
        let (directory, file) = try Tandem.manifest(Self.logShipperPod(mountPath: mountPath))
        // Readable by nobody: the manifest's directory is made 0700 by default on some systems.
        chmod(directory.path, 0o755)
        chmod(file.path, 0o644)
        let before = Self.hostListing()
        var arguments = ["run", file.path]
        if asNobody {
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Tandem.binary.path] + arguments
        }
        let result = asNobody
            ? try Tandem.run(arguments, environment: ["PATH": "/usr/bin:/bin", "TMPDIR": "/tmp"], executable: Self.setpriv ?? "")
            : try Tandem.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "logshipper | logging\n")
        #expect(!result.stderr.contains("warning"))
        #expect(Self.hostListing() == before)
        #expect(!FileManager.default.fileExists(atPath: "/\(marker)"))
    }

    @Test(.enabled(if: support.available && isRoot, "needs root and namespaces: \(support)"))
    func logShipperSidecarOverEmptyDirAsRoot() throws {
        try runLogShipper(asNobody: false)
    }

    @Test(.enabled(if: rootlessPossible, "needs root (to become nobody with setpriv) and unprivileged user namespaces"))
    func logShipperSidecarOverEmptyDirAsAnOrdinaryUser() throws {
        try runLogShipper(asNobody: true)
    }

    @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
    func relativeLogDirectoryWorksWithVolumes() throws {
        let directory = try Tandem.temporaryDirectory()
        let file = directory.appendingPathComponent("pod.yaml")
        try Self.logShipperPod(mountPath: "/tandem-rel-\(UUID().uuidString.prefix(8).lowercased())")
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try Tandem.run(["run", "--quiet", "--log-dir", "runs/x", "pod.yaml"], currentDirectory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        // The shipper read what myapp wrote: the emptyDir under the relative run directory was
        // bind-mounted into both containers. Volumes go with the pod at the end of the run (as
        // the kubelet removes an emptyDir with its pod); the logs stay.
        let pod = directory.appendingPathComponent("runs/x/myapp")
        let shipped = try String(contentsOf: pod.appendingPathComponent("logshipper/0.log"), encoding: .utf8)
        let lines = shipped.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            // Mask the CRI timestamp, the only varying part of a log line.
            line.split(separator: " ", maxSplits: 1).dropFirst().joined()
        }
        #expect(lines == ["stdout F logging", ""], "\(shipped)")
        #expect(!FileManager.default.fileExists(atPath: pod.appendingPathComponent("volumes").path))
        #expect(!FileManager.default.fileExists(atPath: "/runs/x"))
    }

    /// The sentinel: a child of tandem whose name (prctl) is `name`.
    static func child(of parent: Int32, named name: String) -> Int32? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).first { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return false }
            let comm = stat[stat.index(after: open)..<close]
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            return comm == name && fields.count > 1 && Int32(fields[1]) == parent
        }
    }
}
