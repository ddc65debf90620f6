import Foundation
import Testing
import TandemOS

/// Whether these end-to-end tests can enforce anything here: root, and a hierarchy with the
/// memory, cpu and pids controllers.
enum CgroupsHere {
    static let usable: Bool = {
        guard geteuid() == 0, case .success(let system) = CgroupDetection.detect() else { return false }
        return system.controllers.isSuperset(of: [.memory, .cpu, .pids])
    }()
    static let reason: Comment = "needs root and the memory, cpu and pids cgroup controllers"

    /// Directories named `tandem-<pid>-*` anywhere in the cgroup filesystems (tandem nests
    /// under its own cgroup, a few levels down at most).
    static func leftovers(of pid: Int32) -> [String] {
        let find = Process()
        find.executableURL = URL(fileURLWithPath: "/usr/bin/find")
        find.arguments = ["/sys/fs/cgroup", "-maxdepth", "6", "-type", "d", "-name", "tandem-\(pid)-*"]
        let out = Pipe()
        find.standardOutput = out
        find.standardError = FileHandle.nullDevice
        guard (try? find.run()) != nil else { return ["find failed"] }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        find.waitUntilExit()
        return text.split(separator: "\n").map(String.init)
    }

    /// The shell lines a container runs to print its own cpu.stat, v1 or v2.
    static let printOwnCPUStat = #"""
        m=$(awk '$3=="cgroup" && $4 ~ /(^|,)cpu(,|$)/ {print $2; exit}' /proc/mounts)
        if [ -n "$m" ]; then p=$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ {print $3}' /proc/self/cgroup)
        else m=$(awk '$3=="cgroup2" {print $2; exit}' /proc/mounts); p=$(awk -F: '$1=="0" {print $3}' /proc/self/cgroup); fi
        cat "$m$p/cpu.stat"
        """#
}

@Suite(.serialized, .enabled(if: CgroupsHere.usable, CgroupsHere.reason))
struct CgroupRunTests {
    struct Outcome {
        var result: Tandem.Result
        var pod: [String: Any]
        var status: [String: Any]
        var directory: URL
    }

    func run(_ manifest: String, _ extra: [String] = []) throws -> Outcome {
        let (directory, file) = try Tandem.manifest(manifest)
        let statusFile = directory.appendingPathComponent("status.json")
        let result = try Tandem.run(["run", "--initial-backoff", "0.2", "--log-dir", directory.appendingPathComponent("logs").path,
                                     "--status-file", statusFile.path] + extra + [file.path])
        let pod = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: statusFile)) as? [String: Any],
                               "\(result.stderr)")
        let status = try #require(pod["status"] as? [String: Any])
        return Outcome(result: result, pod: pod, status: status, directory: directory)
    }

    func container(_ name: String, in status: [String: Any]) -> [String: Any]? {
        let all = (status["initContainerStatuses"] as? [[String: Any]] ?? []) + (status["containerStatuses"] as? [[String: Any]] ?? [])
        return all.first { $0["name"] as? String == name }
    }

    func terminated(_ state: Any?) -> [String: Any]? {
        (state as? [String: Any])?["terminated"] as? [String: Any]
    }

    /// The lines of the run's events file with this reason, when the run directory has one.
    func events(in directory: URL) -> [[String: Any]]? {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("logs/events.jsonl").path) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func aSidecarOverItsMemoryLimitIsOOMKilledAndRestartedUnderRestartPolicyNever() throws {
        let flag = try Tandem.temporaryDirectory().appendingPathComponent("ran-once").path
        let outcome = try run("""
            apiVersion: v1
            kind: Pod
            metadata: {name: leaky}
            spec:
              restartPolicy: Never
              initContainers:
              - name: proxy
                image: envoy
                restartPolicy: Always
                resources: {limits: {memory: 24Mi}}
                command: ["/bin/sh", "-c", "if [ -e \(flag) ]; then exec sleep 60; fi; touch \(flag); exec tail /dev/zero"]
              containers:
              - name: app
                image: app
                command: ["/bin/sh", "-c", "sleep 2"]
            """)
        #expect(outcome.result.status == 0, "\(outcome.result.stderr)")
        #expect(outcome.status["phase"] as? String == "Succeeded")
        let proxy = try #require(container("proxy", in: outcome.status))
        #expect(proxy["restartCount"] as? Int == 1)
        let last = try #require(terminated(proxy["lastState"]), "\(proxy)")
        #expect(last["reason"] as? String == "OOMKilled")
        #expect(last["exitCode"] as? Int == 137)
        // The restarted proxy was stopped with the pod (SIGTERM): an ordinary Error, not an OOM.
        #expect(terminated(proxy["state"])?["reason"] as? String == "Error")
        if let events = events(in: outcome.directory) {
            #expect(events.contains { event in
                (event["metadata"] as? [String: Any]).flatMap { $0["annotations"] as? [String: String] }?["tandem.dev/termination-reason"] == "OOMKilled"
            }, "no event says OOMKilled")
        }
    }

    @Test func aRegularContainerOOMKilledIsRestartedOnFailureAndTheKillIsNotGuessedFrom137() throws {
        let scratch = try Tandem.temporaryDirectory()
        let flag = scratch.appendingPathComponent("ran-once").path
        let killedFlag = scratch.appendingPathComponent("killed-once").path
        let outcome = try run("""
            apiVersion: v1
            kind: Pod
            metadata: {name: batch}
            spec:
              restartPolicy: OnFailure
              containers:
              - name: work
                image: work
                resources: {limits: {memory: 24Mi, cpu: 500m}}
                command: ["/bin/sh", "-c", "if [ -e \(flag) ]; then exit 0; fi; touch \(flag); exec tail /dev/zero"]
              - name: killed
                image: work
                resources: {limits: {memory: 24Mi}}
                command: ["/bin/sh", "-c", "if [ -e \(killedFlag) ]; then exit 0; fi; touch \(killedFlag); sh -c 'kill -9 $$$$'; exit $?"]
            """)
        #expect(outcome.result.status == 0, "\(outcome.result.stderr)")
        let work = try #require(container("work", in: outcome.status))
        #expect(work["restartCount"] as? Int == 1)
        #expect(terminated(work["lastState"])?["reason"] as? String == "OOMKilled")
        #expect(terminated(work["lastState"])?["exitCode"] as? Int == 137)
        #expect(terminated(work["state"])?["reason"] as? String == "Completed")
        // SIGKILL from elsewhere is exit code 137 too, but no OOM: reason Error. The shell is PID 1
        // of its namespace, which ignores a SIGKILL sent from inside it (pid_namespaces(7)), as in
        // a real container: so a child shell kills itself and the main one exits with its 137.
        // (`$$$$` is the shell's `$$` after the kubelet's `$(VAR)` expansion turned `$$` into `$`.)
        let killed = try #require(container("killed", in: outcome.status))
        #expect(terminated(killed["lastState"])?["exitCode"] as? Int == 137)
        #expect(terminated(killed["lastState"])?["reason"] as? String == "Error")
    }

    /// The bomb runs in a subshell: started from the container's own shell, the bomb's first children could
    /// fill the limit between that shell's two forks of `b | b &`, and dash exits 2 when it cannot fork (seen
    /// once in CI under load: "Container bomb exited with code 2" 8 ms after it started).
    @Test func aForkBombIsHeldByThePodPidsLimitAndTheRestRuns() throws {
        let marker = "TANDEM_FORKBOMB_\(UUID().uuidString.prefix(8))"
        let (directory, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: bomb}
            spec:
              restartPolicy: Never
              initContainers:
              - name: steady
                image: x
                restartPolicy: Always
                env: [{name: MARK, value: "\(marker)"}]
                command: ["sleep", "60"]
              containers:
              - name: bomb
                image: x
                env: [{name: MARK, value: "\(marker)"}]
                command: ["/bin/sh", "-c", "sleep 3 & s=$!; (b() { b | b & }; b); wait $s; echo survived"]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: neighbour}
            spec:
              restartPolicy: Never
              containers:
              - name: busy
                image: x
                env: [{name: MARK, value: "\(marker)"}]
                command: ["/bin/sh", "-c", "sleep 1; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do /bin/true || exit 1; done"]
            """)
        let statusFile = directory.appendingPathComponent("status.json")
        let logs = directory.appendingPathComponent("logs")
        let result = try Tandem.run(["run", "--pod-pids-limit", "48", "--log-dir", logs.path, "--status-file", statusFile.path, file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: statusFile)) as? [String: Any])
        let pods = try #require(list["items"] as? [[String: Any]])
        for pod in pods {
            let status = try #require(pod["status"] as? [String: Any])
            #expect(status["phase"] as? String == "Succeeded", "\(pod)")
        }
        let bombPod = try #require(pods.first { ($0["metadata"] as? [String: Any])?["name"] as? String == "bomb" })
        let bombStatus = try #require(bombPod["status"] as? [String: Any])
        let steady = try #require(container("steady", in: bombStatus))
        // The sidecar ran through the bomb untouched and was only stopped with the pod.
        #expect(steady["restartCount"] as? Int == 0)
        let bombLog = try String(contentsOf: logs.appendingPathComponent("bomb/bomb/0.log"), encoding: .utf8)
        #expect(bombLog.contains("survived"))
        #expect(bombLog.lowercased().contains("fork"), "the bomb never hit the limit: \(bombLog.prefix(500))")
        #expect(Tandem.processes(carrying: marker).isEmpty)
    }

    @Test func aCPULimitThrottlesMeasurably() throws {
        let outcome = try run("""
            apiVersion: v1
            kind: Pod
            metadata: {name: spin}
            spec:
              restartPolicy: Never
              containers:
              - name: spin
                image: x
                resources: {limits: {cpu: 100m}}
                command:
                - /bin/sh
                - -c
                - |
                  timeout 1 sh -c 'while :; do :; done'
            \(CgroupsHere.printOwnCPUStat.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
            """)
        #expect(outcome.result.status == 0, "\(outcome.result.stderr)")
        let log = try String(contentsOf: outcome.directory.appendingPathComponent("logs/spin/spin/0.log"), encoding: .utf8)
        let throttled = log.split(separator: "\n").compactMap { line -> Int? in
            guard let range = line.range(of: "nr_throttled ") else { return nil }
            return Int(line[range.upperBound...].trimmingCharacters(in: .whitespaces))
        }.first
        // 1 s of spinning under 10 ms per 100 ms period: throttled in nearly every period.
        #expect((throttled ?? 0) >= 5, "\(log)")
    }

    @Test func aDoubleForkedSetsidProcessDiesWithItsContainerAndNoCgroupIsLeft() throws {
        let marker = "TANDEM_ESCAPE_\(UUID().uuidString.prefix(8))"
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: escape}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: x
                env: [{name: MARK, value: "\(marker)"}]
                command: ["/bin/sh", "-c", "(setsid sleep 300 &) ; sleep 0.5"]
            """)
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = ["run", "--quiet", file.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Tandem.processes(carrying: marker).isEmpty)
        #expect(CgroupsHere.leftovers(of: process.processIdentifier).isEmpty)
    }

    /// A pod name may have 253 characters; its cgroup `pod-<name>` then has 257 bytes, past
    /// `struct dirent`'s 256-byte `d_name`, which cgroupfs allows. The run's cgroups must all go.
    @Test func aPodWithTheLongestNameLeavesNoCgroup() throws {
        let label = String(repeating: "a", count: 63)
        let name = [label, label, label, String(repeating: "d", count: 61)].joined(separator: ".")
        #expect(name.count == 253)
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: \(name)}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: x
                command: ["/bin/sh", "-c", "exit 0"]
            """)
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = ["run", "--quiet", file.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(CgroupsHere.leftovers(of: process.processIdentifier) == [])
    }

    @Test func theCgroupsOfAKilledTandemAreCleanedByTheNextOne() throws {
        let marker = "TANDEM_STALE_\(UUID().uuidString.prefix(8))"
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: stale}
            spec:
              containers:
              - name: app
                image: x
                env: [{name: MARK, value: "\(marker)"}]
                command: ["/bin/sh", "-c", "setsid sleep 300 & exec sleep 300"]
            """)
        let (process, seen) = try Tandem.startRun(file, untilProcessesCarry: marker, count: 2)
        #expect(seen >= 2)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(!CgroupsHere.leftovers(of: process.processIdentifier).isEmpty, "nothing left to clean up")
        let next = try Tandem.run(["run", "--quiet", "examples/job-with-log-shipper.yaml"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(CgroupsHere.leftovers(of: process.processIdentifier).isEmpty)
        #expect(Tandem.processes(carrying: marker).isEmpty)
    }

    /// Finding 3 of the breaker pass: without namespaces no PID namespace takes a `setsid`ed
    /// grandchild along when tandem is SIGKILLed; the orphan sentinel kills the run's cgroups.
    @Test func aSetsidGrandchildDiesWithAKilledTandemWithoutIsolation() throws {
        let marker = "TANDEM_SETSID_\(UUID().uuidString.prefix(8))"
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: loose}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: x
                env: [{name: MARK, value: "\(marker)"}]
                command: ["/bin/sh", "-c", "setsid sh -c 'sleep 30' & sleep 30"]
            """)
        // sh, the setsid'ed sh and its sleep, and the main sleep.
        let (process, seen) = try Tandem.startRun(file, untilProcessesCarry: marker, count: 4, options: ["--no-isolation"])
        #expect(seen >= 4)
        let escaped = Tandem.processes(carrying: marker).filter { getsid($0) == $0 }
        #expect(!escaped.isEmpty, "nothing left its session: the test proves nothing")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        var left = Tandem.processes(carrying: marker)
        for _ in 0..<100 where !left.isEmpty {
            usleep(50_000)
            left = Tandem.processes(carrying: marker)
        }
        #expect(left.isEmpty, "left behind: \(left)")
        for pid in left { kill(pid, SIGKILL) }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs setpriv to drop root"))
    func withoutADelegatedCgroupLimitsAreAOneLineWarningNotAnError() throws {
        let (_, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: rootless}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: x
                command: ["true"]
                resources: {limits: {memory: 20Mi}}
            """)
        // As nobody: no cgroup of root's is writable, as for a user without a delegated one.
        let result = try Tandem.run(["-c", "exec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups "
                                     + "env TMPDIR=/tmp \"$0\" run --quiet \"$1\"", Tandem.binary.path, file.path], shell: true)
        #expect(result.status == 0, "\(result.stderr)")
        // The warning, then --quiet's one start line (where this run's logs and events go).
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("tandem: warning: limits.memory will not be enforced: mkdir /sys/fs/cgroup/") == true)
        #expect(lines.first?.hasSuffix("Permission denied (rootless without a delegated cgroup: run as root, or under systemd-run --user --scope -p Delegate=yes)") == true,
                "\(result.stderr)")
        // Masked: the run directory's time and pid.
        let start = lines.dropFirst().first.map(String.init) ?? ""
        #expect(start.wholeMatch(of: #/tandem: logs and events of this run in /tmp/tandem-65534/runs/\d{8}-\d{6}\.\d{3}-\d+/#) != nil,
                "\(result.stderr)")
    }

    @Test func noCgroupsRunsWithoutThemAndLimitsAreNotEnforced() throws {
        let outcome = try run("""
            apiVersion: v1
            kind: Pod
            metadata: {name: free}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: x
                resources: {limits: {memory: 8Mi}}
                command: ["/bin/sh", "-c", "cat /proc/self/cgroup"]
            """, ["--no-cgroups"])
        #expect(outcome.result.status == 0, "\(outcome.result.stderr)")
        let log = try String(contentsOf: outcome.directory.appendingPathComponent("logs/free/app/0.log"), encoding: .utf8)
        #expect(!log.contains("tandem-"), "\(log)")
    }
}
