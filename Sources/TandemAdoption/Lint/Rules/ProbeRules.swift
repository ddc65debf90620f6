import TandemAPI

/// The probe mistakes that bite sidecars: identical liveness and readiness, timeouts that are not below
/// the period, single-failure restarts.
enum ProbeRules {
    static func check(_ pod: PodContext, into findings: inout [RawFinding]) {
        for entry in pod.allContainers {
            let container = entry.container
            // Startup probes are left alone: they are often polled every second, and a slow attempt there
            // only delays the next one.
            let probes: [(String, Probe?)] = [
                ("livenessProbe", container.livenessProbe), ("readinessProbe", container.readinessProbe),
            ]
            for (field, probe) in probes {
                guard let probe else { continue }
                let timeout = probe.timeoutSeconds ?? 1
                let period = probe.periodSeconds ?? 10
                if timeout >= period {
                    findings.append(RawFinding(
                        LintRules.probeTimeoutNotBelowPeriod, "\(entry.path).\(field).timeoutSeconds",
                        "\(field) of \(pod.quoted(container)) has timeoutSeconds \(timeout), not below periodSeconds \(period)"))
                }
            }
            guard entry.isSidecar else { continue }
            if let liveness = container.livenessProbe, liveness == container.readinessProbe {
                findings.append(RawFinding(
                    LintRules.probeLivenessEqualsReadiness, "\(entry.path).livenessProbe",
                    "sidecar \(pod.quoted(container)) has a livenessProbe identical to its readinessProbe: one slow moment restarts it instead of marking it unready"))
            }
            for (field, probe) in [("livenessProbe", container.livenessProbe), ("startupProbe", container.startupProbe)] {
                guard let probe, (probe.failureThreshold ?? 3) <= 1 else { continue }
                findings.append(RawFinding(
                    LintRules.probeSingleFailureRestart, "\(entry.path).\(field).failureThreshold",
                    "\(field) of sidecar \(pod.quoted(container)) restarts it after a single failure"))
            }
        }
    }
}
