import Foundation
import Testing
@testable import TandemOS

extension TandemOSTests {
    /// Spawns in namespaces. Needs root, or unprivileged user namespaces (then every request
    /// carries a user namespace); skipped with the probe's reason otherwise.
    @Suite struct ReactorIsolationTests {
        static let support = NamespaceSupport.probe()
        static var user: Bool { geteuid() != 0 }

        static func marker() -> String { "tandem-iso-\(getpid())-\(SystemClock.monotonicNanoseconds())" }

        @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
        func mainProcessIsPIDOneWithItsOwnProc() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            var request = sh("echo $$; readlink /proc/self")
            request.isolation = .newNamespaces(userNamespace: Self.user)
            let (exit, output) = try await run(request, on: reactor)
            #expect(exit == .exited(0))
            // The fresh /proc counts in this namespace: `readlink` is its second or third process.
            let lines = output.split(separator: "\n").map(String.init)
            #expect(lines.count == 2 && lines.first == "1" && (Int(lines.last ?? "") ?? 99) < 5)
        }

        @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
        func setsidEscapeeDiesWithTheMainProcess() async throws {
            let marker = Self.marker()
            let entry = "TANDEM_OS_TEST_MARKER=\(marker)"
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            var request = sh("setsid sleep 300 & sleep 300", environment: ["PATH=/usr/bin:/bin", entry])
            request.isolation = .newNamespaces(userNamespace: Self.user)
            // Not the group kill: the namespace alone must do it.
            request.killProcessGroupOnExit = false
            let exits = Recorder<ProcessExit>()
            let child = try reactor.spawn(request) { exits.append($0) }
            #expect(await eventually { ProcTable.livingProcesses(withEnvironment: entry).count == 3 })
            try Signals.send(SIGKILL, to: child.pid)
            #expect(await eventually { exits.count == 1 })
            let gone = await eventually(timeout: .seconds(10)) { ProcTable.livingProcesses(withEnvironment: entry).isEmpty }
            let left = ProcTable.livingProcesses(withEnvironment: entry)
            #expect(gone, "still alive: \(left)")
            for pid in left { kill(pid, SIGKILL) }
        }

        @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
        func sigtermToPIDOneWithoutHandlerIsIgnored() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            var request = SpawnRequest(executable: "/bin/sleep", arguments: ["sleep", "300"])
            request.isolation = .newNamespaces(userNamespace: Self.user)
            let exits = Recorder<ProcessExit>()
            let child = try reactor.spawn(request) { exits.append($0) }
            try Signals.send(SIGTERM, to: child.pid)
            try await Task.sleep(for: .milliseconds(300))
            #expect(exits.count == 0)
            try Signals.send(SIGKILL, to: child.pid)
            #expect(await eventually { exits.count == 1 })
            #expect(exits.all == [.signaled(SIGKILL, coreDumped: false)])
        }

        @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
        func joinedProcessSeesTheContainersNamespaces() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let volume = FileManager.default.temporaryDirectory.appendingPathComponent(Self.marker()).path
            try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: volume) }
            #expect(FileManager.default.createFile(atPath: volume + "/seen", contents: Data("volume\n".utf8)))
            let target = "/\(Self.marker())/mounted"
            var main = SpawnRequest(executable: "/bin/sleep", arguments: ["sleep", "300"],
                                    bindMounts: [BindMount(source: volume, target: target)])
            main.isolation = .newNamespaces(userNamespace: Self.user)
            let container = try reactor.spawn(main) { _ in }
            defer { kill(container.pid, SIGKILL) }

            var probe = sh("echo $$; tr '\\0' ' ' < /proc/1/cmdline; echo; cat \(target)/seen")
            probe.isolation = .join(pid: container.pid, userNamespace: Self.user, privateMounts: false)
            let (exit, output) = try await run(probe, on: reactor)
            #expect(exit == .exited(0))
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.count == 4)
            #expect(lines.first != "1" && (Int(lines.first ?? "") ?? 0) > 1)
            #expect(Array(lines.dropFirst()) == ["sleep 300 ", "volume", ""])
            // The mount point and its missing parent exist in the container's namespace only.
            #expect(!FileManager.default.fileExists(atPath: (target as NSString).deletingLastPathComponent))
        }

        @Test(.enabled(if: support.available, "namespaces unavailable: \(support)"))
        func missingMountPointsAreMadeInsideTheNamespaceOnly() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let marker = Self.marker()
            let volume = FileManager.default.temporaryDirectory.appendingPathComponent(marker).path
            try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: volume) }
            let before = try FileManager.default.contentsOfDirectory(atPath: "/").sorted()
            let etcBefore = try FileManager.default.contentsOfDirectory(atPath: "/etc").sorted()
            let mounts = [BindMount(source: volume, target: "/\(marker)/a/b"),
                          BindMount(source: volume, target: "/etc/\(marker)/proxy", readOnly: true)]
            var request = sh("ls / | grep -c '^\(marker)$'; test -f /etc/passwd && echo passwd; ls /proc/1 >/dev/null && echo proc; "
                             + "touch /\(marker)/a/b/x && echo rw; touch /etc/\(marker)/proxy/y 2>/dev/null || echo ro")
            request.bindMounts = mounts
            request.isolation = .newNamespaces(userNamespace: Self.user)
            let (exit, output) = try await run(request, on: reactor)
            #expect(exit == .exited(0))
            #expect(output == "1\npasswd\nproc\nrw\nro\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: "/").sorted() == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: "/etc").sorted() == etcBefore)
            #expect(FileManager.default.fileExists(atPath: volume + "/x"))
        }
    }
}
