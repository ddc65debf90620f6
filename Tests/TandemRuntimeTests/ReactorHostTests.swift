import Glibc
import Testing
import TandemOS
@testable import TandemRuntime

@Suite struct ReactorHostTests {
    /// The host's error keeps the operating system's: the failed step and errno, not just words.
    @Test func aSpawnFailureCarriesTheSpawnError() throws {
        let host = try ReactorHost()
        defer { host.shutdown() }
        let spec = ProcessSpec(executable: "/nonexistent/tandem-program", arguments: ["tandem-program"], environment: [])
        #expect(throws: HostError(SpawnError(step: .exec, errno: ENOENT, subject: "/nonexistent/tandem-program"))) {
            _ = try host.spawn(spec, onOutput: { _, _ in }, onOutputEnd: {}, onExit: { _ in })
        }
    }
}
