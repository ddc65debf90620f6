import TandemAPI
import TandemSimulation

/// `startup-budget` and `termination-budget`: how long sidecar start-up and the shutdown chain take at
/// worst, against the threshold and the grace period.
enum BudgetRules {
    static func check(_ pod: PodContext, into findings: inout [RawFinding]) {
        checkStartUp(pod, into: &findings)
        checkTermination(pod, into: &findings)
    }

    /// Sidecars start one after another, each held until its startupProbe passes (at worst
    /// initialDelay + period × failureThreshold) and its postStart hook returns; mains' postStart hooks
    /// are run one after another as the kubelet starts them.
    static func checkStartUp(_ pod: PodContext, into findings: inout [RawFinding]) {
        let assumptions = assumptions(pod.configuration)
        var parts: [(path: String, text: String, seconds: Int64)] = []
        for entry in pod.allContainers where entry.isSidecar || !entry.path.contains(".initContainers[") {
            let container = entry.container
            if entry.isSidecar, let probe = container.startupProbe {
                let delay = Int64(max(0, probe.initialDelaySeconds ?? 0))
                let period = Int64(max(1, probe.periodSeconds ?? 10))
                let failures = Int64(max(1, probe.failureThreshold ?? 3))
                let total = delay + period * failures
                parts.append(("\(entry.path).startupProbe",
                              "\(pod.quoted(container)) startupProbe \(delay)+\(period)×\(failures)=\(total)s", total))
            }
            if let hook = container.lifecycle?.postStart {
                let seconds = assumptions.hookDuration(hook).components.seconds
                parts.append(("\(entry.path).lifecycle.postStart", "\(pod.quoted(container)) postStart \(seconds)s", seconds))
            }
        }
        let total = parts.reduce(0) { $0 + $1.seconds }
        let threshold = pod.configuration.startupBudgetSeconds
        guard total > threshold, let largest = parts.max(by: { $0.seconds < $1.seconds }) else { return }
        findings.append(RawFinding(
            LintRules.startupBudget, largest.path,
            "start-up can be held back \(total)s, over the \(threshold)s budget: \(parts.map(\.text).joined(separator: " + "))"))
    }

    /// Simulates deleting the pod with the kubelet's rules; a SIGKILL in the chain is a finding.
    static func checkTermination(_ pod: PodContext, into findings: inout [RawFinding]) {
        let subject = Pod(apiVersion: "v1", kind: "Pod", metadata: ObjectMeta(name: "lint"), spec: pod.spec)
        let simulation = PodSimulation(pod: subject, assumptions: assumptions(pod.configuration))
        guard let trace = simulation.deletion(), !trace.killed.isEmpty || !trace.preStopsCutShort.isEmpty else { return }
        let needed = simulation.deletion(gracePeriodSeconds: 86_400).map { trace in
            let (seconds, attoseconds) = trace.finishedAfter.components
            return seconds + (attoseconds > 0 ? 1 : 0)
        }
        let grace = trace.gracePeriod.components.seconds
        var losses: [String] = []
        if !trace.preStopsCutShort.isEmpty {
            losses.append("preStop of \(trace.preStopsCutShort.map { GoQuoting.quote($0) }.joined(separator: ", ")) cut short")
        }
        if !trace.killed.isEmpty {
            losses.append("\(trace.killed.map { GoQuoting.quote($0) }.joined(separator: ", ")) SIGKILLed")
        }
        let needs = needed.map { ", needs \($0)s" } ?? ""
        var message = "shutdown does not fit terminationGracePeriodSeconds \(grace)\(needs): \(losses.joined(separator: "; ")); \(trace.chain)"
        if pod.configuration.kubernetesMinor < 29, !pod.sidecars.isEmpty {
            message += " (ordered sidecar termination needs Kubernetes 1.29)"
        }
        let path = pod.spec.terminationGracePeriodSeconds == nil ? pod.specPath : "\(pod.specPath).terminationGracePeriodSeconds"
        findings.append(RawFinding(
            LintRules.terminationBudget, path, message,
            fix: needed.map { "set terminationGracePeriodSeconds to at least \($0), or shorten the preStop hooks" }))
    }

    static func assumptions(_ configuration: LintConfiguration) -> TimingAssumptions {
        TimingAssumptions(exitAfterTerminate: .seconds(configuration.assumedExitSeconds),
                          unknownHook: .seconds(configuration.assumedHookSeconds))
    }
}
