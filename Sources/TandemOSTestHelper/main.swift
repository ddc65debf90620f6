// tandem-os-testhelper: a stand-in for a tandem process, used by TandemOSTests
// to prove that SIGKILLing tandem leaves no container process behind.
//
// Usage: tandem-os-testhelper <marker> <count> [v2|v1 <group>]
// Spawns <count> `sh -c 'sleep 300 & sleep 300'` children whose environment
// carries TANDEM_OS_TEST_MARKER=<marker>, prints "ready" and waits forever.
// With `v2 <group>` or `v1 <group>` it first makes the cgroup <group> (under its
// own, in the detected hierarchy; `v1` ignores a v2 tree beside the v1 ones, so
// the sentinel must freeze and kill), guards it with the orphan sentinel, and
// the children join it and run `setsid sleep 300 & sleep 300`: the setsid'ed
// sleep leaves their process group, only the cgroup still holds it.
import TandemOS
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 3 || arguments.count == 5, let count = Int(arguments[2]) else {
    print("usage: tandem-os-testhelper <marker> <count> [v2|v1 <group>]")
    exit(2)
}
do {
    var procsFiles: [String] = []
    var script = "sleep 300 & sleep 300"
    if arguments.count == 5 {
        guard case .success(var system) = CgroupDetection.detect() else {
            print("tandem-os-testhelper: no cgroups")
            exit(1)
        }
        if arguments[3] == "v1", let v1 = system as? CgroupV1System {
            system = CgroupV1System(bases: v1.bases, unified: nil)
        }
        let group = arguments[4]
        try system.create(group, limits: CgroupLimits(), leaf: true)
        try OrphanSentinel.guardCgroup(system.sentinelTarget(group))
        procsFiles = system.procsFiles(group)
        script = "setsid sleep 300 & sleep 300"
    }
    let reactor = try Reactor()
    for _ in 0..<count {
        var request = SpawnRequest(executable: "/bin/sh", arguments: ["sh", "-c", script],
                                   environment: ["TANDEM_OS_TEST_MARKER=\(arguments[1])", "PATH=/usr/bin:/bin"])
        request.cgroupProcsFiles = procsFiles
        _ = try reactor.spawn(request, onExit: { _ in })
    }
    // Unbuffered, so the test sees it although stdout is a pipe.
    let line = Array("ready\n".utf8)
    _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    while true { pause() }
} catch {
    print("tandem-os-testhelper: \(error)")
    exit(1)
}
