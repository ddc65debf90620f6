import TandemAPI

/// `sidecar-without-startup-probe` and `init-uses-later-sidecar`: who connects to which sidecar's port,
/// against the order in which the kubelet starts them.
enum OrderingRules {
    static func check(_ pod: PodContext, into findings: inout [RawFinding]) {
        let all = pod.allContainers
        let sidecars = all.enumerated().filter { $0.element.isSidecar }
        guard !sidecars.isEmpty else { return }
        let served = sidecars.map { PortReferences.served(by: $0.element.container) }
        var used: [Set<Int>] = []
        used.reserveCapacity(all.count)
        for entry in all { used.append(PortReferences.used(by: entry.container)) }

        let universal = pod.universalSidecarNames
        for (slot, sidecar) in sidecars.enumerated() where !served[slot].isEmpty {
            let position = sidecar.offset
            // The init side of tandem's universal pair carries no startupProbe on purpose (an API
            // server without native sidecars rejects probes on init containers): a later container
            // that waits for its port by hand is held by that wait, and only one that does not is
            // told to.
            let isUniversal = universal.contains(sidecar.element.container.name ?? "")
            func waitsForIt(_ index: Int) -> Bool {
                guard let target = StartupWaitHack.find(in: all[index].container)?.target, target.isLocal else { return false }
                return served[slot].contains(target.port)
            }
            // Later containers that use it, and whether it has a startupProbe to gate them.
            if sidecar.element.container.startupProbe == nil,
               let user = all.indices.first(where: {
                   $0 > position && !used[$0].isDisjoint(with: served[slot]) && !(isUniversal && waitsForIt($0))
               }) {
                let port = used[user].intersection(served[slot]).min() ?? 0
                let name = pod.quoted(sidecar.element.container)
                findings.append(RawFinding(
                    LintRules.sidecarWithoutStartupProbe, sidecar.element.path,
                    "sidecar \(name) has no startupProbe, but \(pod.quoted(all[user].container)) declared after it connects to its port \(port) and may start before it listens",
                    fix: isUniversal
                        ? "make \(pod.quoted(all[user].container)) wait for port \(port) before it connects: \(name) is the init side of tandem's universal pair, which carries no startupProbe (an API server without native sidecars rejects it on init containers)"
                        : "add a startupProbe (httpGet or tcpSocket on port \(port)) to \(name)"))
            }
            // Earlier init containers that use it: it is not running yet when they run.
            for earlier in 0..<position where !used[earlier].isDisjoint(with: served[slot]) {
                let port = used[earlier].intersection(served[slot]).min() ?? 0
                findings.append(RawFinding(
                    LintRules.initUsesLaterSidecar, all[earlier].path,
                    "init container \(pod.quoted(all[earlier].container)) connects to port \(port) of sidecar \(pod.quoted(sidecar.element.container)), which is declared after it and not started yet",
                    fix: "move \(pod.quoted(sidecar.element.container)) before \(pod.quoted(all[earlier].container)) in initContainers"))
            }
        }
    }
}
