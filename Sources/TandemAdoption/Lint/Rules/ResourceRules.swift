import TandemAPI

/// `sidecar-without-requests`, `sidecar-without-memory-limit`, `sidecar-dominates-requests`: a native
/// sidecar's resources count for the pod's whole life (the effective request adds them to every main).
enum ResourceRules {
    static func check(_ pod: PodContext, into findings: inout [RawFinding]) {
        for (index, sidecar) in pod.sidecars {
            let path = pod.initPath(index)
            let requests = sidecar.resources?.requests ?? [:]
            let missing = ["cpu", "memory"].filter { requests[$0] == nil }
            if !missing.isEmpty {
                findings.append(RawFinding(
                    LintRules.sidecarWithoutRequests, "\(path).resources",
                    "sidecar \(pod.quoted(sidecar)) has no \(missing.joined(separator: " or ")) request; it runs beside every main container, so the pod's effective request undercounts it"))
            }
            if sidecar.resources?.limits?["memory"] == nil {
                findings.append(RawFinding(
                    LintRules.sidecarWithoutMemoryLimit, "\(path).resources",
                    "sidecar \(pod.quoted(sidecar)) has no memory limit"))
            }
            for resource in ["cpu", "memory"] {
                guard let own = requests[resource] else { continue }
                let mains = pod.containers.compactMap { $0.resources?.requests?[resource] }
                guard let largest = mains.max(), own > largest else { continue }
                findings.append(RawFinding(
                    LintRules.sidecarDominatesRequests, "\(path).resources.requests.\(resource)",
                    "sidecar \(pod.quoted(sidecar)) requests \(resource) \(own), more than the largest main container (\(largest))"))
            }
        }
    }
}
