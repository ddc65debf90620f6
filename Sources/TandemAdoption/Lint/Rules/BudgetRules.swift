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
                let total = delay + period * failures  // below 2^63: each is below 2^31
                parts.append(("\(entry.path).startupProbe",
                              "\(pod.quoted(container)) startupProbe \(delay)+\(period)×\(failures)=\(total)s", total))
            }
            if let hook = container.lifecycle?.postStart {
                let seconds = assumptions.hookDuration(hook).components.seconds
                parts.append(("\(entry.path).lifecycle.postStart", "\(pod.quoted(container)) postStart \(seconds)s", seconds))
            }
        }
        // Saturating: a sleep hook may say Int64.max seconds.
        let total = parts.reduce(Int64(0)) { sum, part in
            let (next, overflow) = sum.addingReportingOverflow(part.seconds)
            return overflow ? .max : next
        }
        let threshold = pod.configuration.startupBudgetSeconds
        guard total > threshold, let largest = parts.max(by: { $0.seconds < $1.seconds }) else { return }
        findings.append(RawFinding(
            LintRules.startupBudget, largest.path,
            "start-up can be held back \(total)s, over the \(threshold)s budget: \(parts.map(\.text).joined(separator: " + "))"))
    }

    /// Simulates deleting the pod with the kubelet's rules: once with all the time it needs, and when that is
    /// more than the grace period, again with the real grace period to show what happens instead.
    static func checkTermination(_ pod: PodContext, into findings: inout [RawFinding]) {
        let subject = Pod(apiVersion: "v1", kind: "Pod", metadata: ObjectMeta(name: "lint"), spec: pod.spec)
        let simulation = PodSimulation(pod: subject, assumptions: assumptions(pod.configuration))
        // A chain that ends before the deadline never met it: the unbounded run would be the same.
        guard let trace = simulation.deletion(), trace.finishedAfter >= trace.gracePeriod,
              let unbounded = simulation.deletion(gracePeriodSeconds: 86_400),
              unbounded.finishedAfter > trace.gracePeriod else { return }
        let (seconds, attoseconds) = unbounded.finishedAfter.components
        let needed = seconds + (attoseconds > 0 ? 1 : 0)
        let grace = trace.gracePeriod.components.seconds
        var losses: [String] = []
        if !trace.preStopsCutShort.isEmpty {
            losses.append("preStop of \(quotedList(trace.preStopsCutShort)) cut short")
        }
        let early = sidecarsStoppedEarly(trace, pod)
        if !early.isEmpty {
            losses.append("\(quotedList(early)) stopped before the main containers ended")
        }
        if !trace.killed.isEmpty {
            losses.append("\(quotedList(trace.killed)) SIGKILLed")
        }
        let what = losses.isEmpty ? "" : " (\(losses.joined(separator: "; ")))"
        var message = "shutdown needs \(needed)s, terminationGracePeriodSeconds is \(grace)\(what): \(trace.chain)"
        if pod.configuration.kubernetesMinor < 29, !pod.sidecars.isEmpty {
            message += " (ordered sidecar termination needs Kubernetes 1.29)"
        }
        let path = pod.spec.terminationGracePeriodSeconds == nil ? pod.specPath : "\(pod.specPath).terminationGracePeriodSeconds"
        findings.append(RawFinding(
            LintRules.terminationBudget, path, message,
            fix: "set terminationGracePeriodSeconds to at least \(needed), or shorten the preStop hooks"))
    }

    /// Native sidecars whose stop signal came while a main container was still running (at the deadline).
    static func sidecarsStoppedEarly(_ trace: ShutdownTrace, _ pod: PodContext) -> [String] {
        let sidecars = Set(pod.sidecars.compactMap(\.container.name))
        let mains = Set(pod.containers.compactMap(\.name))
        var mainsLeft = mains
        var early: [String] = []
        for step in trace.steps {
            switch step.kind {
            case .exited where mains.contains(step.container):
                mainsLeft.remove(step.container)
            case .terminate where sidecars.contains(step.container) && !mainsLeft.isEmpty:
                early.append(step.container)
            default:
                break
            }
        }
        return early
    }

    static func quotedList(_ names: [String]) -> String {
        names.map { GoQuoting.quote($0) }.joined(separator: ", ")
    }

    static func assumptions(_ configuration: LintConfiguration) -> TimingAssumptions {
        TimingAssumptions(exitAfterTerminate: .seconds(configuration.assumedExitSeconds),
                          unknownHook: .seconds(configuration.assumedHookSeconds))
    }
}
