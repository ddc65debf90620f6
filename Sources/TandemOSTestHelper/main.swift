// tandem-os-testhelper: a stand-in for a tandem process, used by TandemOSTests
// to prove that SIGKILLing tandem leaves no container process behind.
//
// Usage: tandem-os-testhelper <marker> <count>
// Spawns <count> `sh -c 'sleep 300 & sleep 300'` children whose environment
// carries TANDEM_OS_TEST_MARKER=<marker>, prints "ready" and waits forever.
import TandemOS
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 3, let count = Int(arguments[2]) else {
    print("usage: tandem-os-testhelper <marker> <count>")
    exit(2)
}
do {
    let reactor = try Reactor()
    for _ in 0..<count {
        _ = try reactor.spawn(SpawnRequest(executable: "/bin/sh",
                                           arguments: ["sh", "-c", "sleep 300 & sleep 300"],
                                           environment: ["TANDEM_OS_TEST_MARKER=\(arguments[1])", "PATH=/usr/bin:/bin"]),
                              onExit: { _ in })
    }
    // Unbuffered, so the test sees it although stdout is a pipe.
    let line = Array("ready\n".utf8)
    _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    while true { pause() }
} catch {
    print("tandem-os-testhelper: \(error)")
    exit(1)
}
