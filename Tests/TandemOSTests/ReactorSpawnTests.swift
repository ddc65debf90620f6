import Foundation
import Testing
@testable import TandemOS

extension TandemOSTests {
    @Suite struct ReactorSpawnTests {
        @Test func exitCodeIsReported() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let result = try await run(sh("exit 7"), on: reactor)
            #expect(result.exit == .exited(7))
            #expect(result.exit?.exitCode == 7)
        }

        @Test func deathBySignalIsReportedAsSignal() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let result = try await run(sh("kill -9 $$"), on: reactor)
            #expect(result.exit == .signaled(9, coreDumped: false))
            #expect(result.exit?.exitCode == 137)
        }

        @Test func missingProgramNamesIt() throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            #expect {
                _ = try reactor.spawn(SpawnRequest(executable: "/usr/bin/envoy-does-not-exist")) { _ in }
            } throws: { error in
                let error = try #require(error as? SpawnError)
                return error.step == .exec && error.errno == ENOENT
                    && error.description == "exec /usr/bin/envoy-does-not-exist failed: No such file or directory"
            }
        }

        @Test func chdirFailureIsReported() throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            var request = sh("exit 0")
            request.workingDirectory = "/nope"
            #expect {
                _ = try reactor.spawn(request) { _ in }
            } throws: { error in
                (error as? SpawnError)?.description == "chdir /nope failed: No such file or directory"
            }
        }

        @Test func failedSpawnsLeaveNoZombie() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            for _ in 0..<20 {
                _ = try? reactor.spawn(SpawnRequest(executable: "/nonexistent/program")) { _ in }
            }
            // Other test targets may have short-lived children of their own; a
            // leak of ours would persist, so wait it out rather than sample once.
            #expect(await eventually(timeout: .seconds(5)) { ProcTable.ourZombies().isEmpty })
        }

        @Test func workingDirectoryAndEnvironmentAreHonoured() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            var request = sh("echo \"$(pwd) $GREETING\"", environment: ["GREETING=hello world"])
            request.workingDirectory = "/tmp"
            let result = try await run(request, on: reactor)
            #expect(result.exit == .exited(0))
            #expect(result.output == "/tmp hello world\n")
        }

        @Test func environmentIsExactlyTheRequestedOne() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let request = SpawnRequest(executable: "/usr/bin/env", arguments: ["env"], environment: ["A=1", "B=two"])
            let result = try await run(request, on: reactor)
            #expect(result.output == "A=1\nB=two\n")
        }

        @Test func argv0DefaultsToTheExecutable() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let result = try await run(SpawnRequest(executable: "/bin/echo"), on: reactor)
            #expect(result.output == "\n")
            let withArguments = try await run(SpawnRequest(executable: "/bin/echo", arguments: ["echo", "a", "b c"]), on: reactor)
            #expect(withArguments.output == "a b c\n")
        }

        @Test func childStartsWithCleanSignalsDescriptorsAndOwnGroup() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            // Programs exec'ed directly: a shell would show its own masks.
            let signals = try await run(SpawnRequest(executable: "/bin/grep",
                                                     arguments: ["grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"]), on: reactor)
            #expect(signals.output == "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n")
            // Descriptors tandem has open (pipe read ends, the reactor's epoll,
            // the sentinel socket) must not reach the child: ls shows the three
            // streams and the directory it is reading.
            let descriptors = try await run(SpawnRequest(executable: "/bin/ls", arguments: ["ls", "/proc/self/fd"]), on: reactor)
            #expect(descriptors.output == "0\n1\n2\n3\n")
            let group = try await run(sh("echo $(ps -o pgid= -p $$) $$"), on: reactor)
            let ids = group.output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            #expect(ids.count == 2 && ids.first == ids.last)
        }

        @Test func stdoutAndStderrCanBeSeparatePipes() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let out = OutputCollector(), err = OutputCollector()
            var request = sh("echo to-out; echo to-err >&2")
            request.stdout = try out.attach(to: reactor)
            request.stderr = try err.attach(to: reactor)
            let exits = Recorder<ProcessExit>()
            _ = try reactor.spawn(request) { exits.append($0) }
            request.stdout.map(closeDescriptor)
            request.stderr.map(closeDescriptor)
            #expect(await eventually { out.reachedEOF && err.reachedEOF && exits.count == 1 })
            #expect(out.text == "to-out\n")
            #expect(err.text == "to-err\n")
        }

        @Test(.enabled(if: geteuid() == 0, "needs root to switch user"))
        func userAndGroupsAreSwitched() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            var request = SpawnRequest(executable: "/usr/bin/id", arguments: ["id"])
            request.user = 65534
            request.group = 65533
            request.supplementaryGroups = [65532]
            let result = try await run(request, on: reactor)
            #expect(result.exit == .exited(0))
            #expect(result.output.hasPrefix("uid=65534"))
            #expect(result.output.contains("gid=65533"))
            #expect(result.output.contains("groups=65533,65532\n"))
            #expect(!result.output.contains("groups=0"))
        }

        @Test(.enabled(if: geteuid() == 0, "needs root to switch user"))
        func chdirHappensWithTheContainersRights() throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-os-\(getpid())-private").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var request = sh("exit 0")
            request.user = 65534
            request.group = 65534
            request.workingDirectory = directory
            #expect {
                _ = try reactor.spawn(request) { _ in }
            } throws: { error in
                (error as? SpawnError)?.description == "chdir \(directory) failed: Permission denied"
            }
        }

        @Test(.enabled(if: geteuid() == 0, "needs CAP_SYS_ADMIN for mount namespaces"))
        func bindMountsAreVisibleOnlyToTheChild() async throws {
            let reactor = try Reactor()
            defer { reactor.shutdown() }
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-os-\(getpid())-mount").path
            let source = base + "/source", target = base + "/a/b/target"
            try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: base) }
            try "mounted\n".write(toFile: source + "/file", atomically: false, encoding: .utf8)
            var request = sh("cat \(target)/file")
            request.bindMounts = [BindMount(source: source, target: target)]
            let result = try await run(request, on: reactor)
            #expect(result.exit == .exited(0))
            #expect(result.output == "mounted\n")
            // The mount point and its missing parents were made inside the child's namespace only.
            #expect(!FileManager.default.fileExists(atPath: base + "/a"))
        }
    }
}
