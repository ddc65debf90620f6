import Foundation
import Testing
@testable import TandemOS

extension TandemOSTests {
    @Suite struct ExecutableResolverTests {
        @Test func searchesThePathInOrder() {
            #expect(resolveExecutable("sh", path: "/nonexistent:/bin:/usr/bin") == "/bin/sh")
            #expect(resolveExecutable("sh", path: "/usr/bin/:/bin") == "/usr/bin/sh")
        }

        @Test func namesWithASlashAreTakenAsIs() {
            #expect(resolveExecutable("./run.sh", path: "/bin") == "./run.sh")
            #expect(resolveExecutable("/no/such", path: nil) == "/no/such")
        }

        @Test func directoriesAndMissingProgramsDoNotMatch() {
            #expect(resolveExecutable("definitely-not-a-program", path: "/bin:/usr/bin") == nil)
            #expect(resolveExecutable("bin", path: "/") == nil)
            #expect(resolveExecutable("", path: "/bin") == nil)
        }

        @Test func defaultPathIsUsedWhenNoneIsGiven() {
            // The first directory of the default search path that holds an executable `sh`.
            let expected = defaultExecutableSearchPath.split(separator: ":").map { "\($0)/sh" }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
            #expect(expected != nil)
            #expect(resolveExecutable("sh", path: nil) == expected)
        }
    }

    @Suite struct ProcessExitTests {
        @Test func exitCodesFollowTheShellConvention() {
            #expect(ProcessExit.exited(3).exitCode == 3)
            #expect(ProcessExit.signaled(9, coreDumped: false).exitCode == 137)
            #expect(ProcessExit.signaled(15, coreDumped: true).signal == 15)
            #expect(ProcessExit.exited(0).signal == nil)
        }

        @Test func errorsSayWhichStepFailedOnWhat() {
            #expect(SpawnError(step: .setuid, errno: 1, subject: "1000").description == "setuid 1000 failed: Operation not permitted")
            #expect(OSError("pipe2", errno: 24).description == "pipe2 failed: Too many open files")
        }
    }
}
