import Foundation
import TandemAPI
import TandemLifecycle

/// The lines of the live block: per pod a summary line with `kubectl get pods`' STATUS and READY,
/// then one line per container in spec order — role, state, ready, restarts and what it waits for.
enum LiveBlock {
    /// - Parameter usage: a running container's `kubectl top` figures (`cpu 12m  mem 3Mi`) by pod and container name.
    static func lines(_ pods: [(PodStory, PodSpec?)], clock: StoryClock, columns: Int, rows: Int,
                      usage: (_ pod: String, _ container: String) -> String? = { _, _ in nil }) -> [String] {
        var lines: [String] = []
        let nameWidth = pods.flatMap { $0.0.containers.map(\.name.count) }.max() ?? 0
        for (pod, spec) in pods {
            let status = pod.status ?? PodStatus(phase: pod.phase)
            let terminating = pod.deletedBy != nil && !pod.finished
            let words = PodStatusWords.words(spec: spec, status: status, terminating: terminating)
            let restarts = pod.containers.reduce(0) { $0 + pod.restarts(of: $1) }
            var summary = "\u{1B}[1mpod \(pod.name)\u{1B}[0m  \(words.status)  READY \(words.ready)  RESTARTS \(restarts)"
            if let deadline = pod.graceDeadline, terminating {
                summary += "  grace \(pod.graceSeconds ?? "?")s, ends \(clock.offset(deadline))"
            }
            lines.append(summary)
            let statuses = byName(status)
            for (index, container) in pod.containers.enumerated() {
                let state = stateText(statuses[container.name])
                let ready = container.ready ? "ready" : "-"
                let name = container.name + String(repeating: " ", count: max(0, nameWidth - container.name.count))
                let role = container.role + String(repeating: " ", count: max(0, 7 - container.role.count))
                let waits = waitingFor(container, index: index, in: pod, status: statuses[container.name], clock: clock)
                let stateCell = state + String(repeating: " ", count: max(0, 22 - state.count))
                lines.append("  \(name)  \(role)  \(stateCell)  \(ready.padding(toLength: 5, withPad: " ", startingAt: 0))"
                             + "  \(pod.restarts(of: container))" + (waits.isEmpty ? "" : "  \(waits)")
                             + (usage(pod.name, container.name).map { "  \($0)" } ?? ""))
            }
        }
        // Leave a line for the cursor; a block taller than the terminal could not be erased.
        let limit = max(1, rows - 1)
        if lines.count > limit {
            let hidden = lines.count - (limit - 1)
            lines = Array(lines.prefix(limit - 1)) + ["  … \(hidden) more lines (enlarge the terminal to see them)"]
        }
        return lines.map { cut($0, to: max(1, columns - 1)) }
    }

    static func byName(_ status: PodStatus) -> [String: ContainerStatus] {
        var result: [String: ContainerStatus] = [:]
        for container in (status.initContainerStatuses ?? []) + (status.containerStatuses ?? []) {
            if let name = container.name { result[name] = container }
        }
        return result
    }

    static func stateText(_ status: ContainerStatus?) -> String {
        guard let state = status?.state else { return "Waiting" }
        if let waiting = state.waiting { return "Waiting: \(waiting.reason ?? "")" }
        if state.running != nil { return "Running" }
        if let terminated = state.terminated {
            return "Terminated: \(terminated.exitCode ?? 0) \(terminated.reason ?? "")"
        }
        return "Waiting"
    }

    /// What a container waits for, in words; empty when it waits for nothing.
    static func waitingFor(_ container: PodStory.ContainerStory, index: Int, in pod: PodStory,
                           status: ContainerStatus?, clock: StoryClock) -> String {
        if let since = container.preStopSince {
            return "preStop running since \(clock.offset(since))" + (pod.graceSeconds.map { " (grace \($0)s)" } ?? "")
        }
        if let backOff = container.backOff, !container.running { return backOff }
        if container.running, pod.deletedBy != nil || pod.phase != "Running" && pod.phase != "Pending" {
            if container.terminateSent {
                return pod.graceDeadline.map { "stopping; SIGKILL at \(clock.offset($0)) if still running" } ?? "stopping"
            }
            if container.role == "sidecar", pod.deletedBy != nil {
                let later = pod.containers[pod.initCount...].filter(\.running).map(\.name)
                    + pod.containers[(index + 1)..<pod.initCount].filter { $0.role == "sidecar" && $0.running }.map(\.name)
                if !later.isEmpty { return "waiting for \(later.joined(separator: ", ")) to exit before SIGTERM" }
            }
        }
        if container.running, container.role == "sidecar", !container.started {
            return "waiting: startupProbe of \(container.name)" + (container.lastProbeFailure.map { " (\(GoQuoting.printable($0)))" } ?? "")
        }
        if !container.running, container.starts == 0, pod.deletedBy == nil {
            if index < pod.initCount, index > 0 { return "waiting for \(pod.containers[index - 1].name)" }
            if index >= pod.initCount, pod.initCount > 0 { return "waiting for init containers" }
        }
        return ""
    }

    /// The first `columns` characters (escape sequences count as nothing), with a reset at the end.
    static func cut(_ line: String, to columns: Int) -> String {
        var out = ""
        var visible = 0
        var inEscape = false
        for character in line {
            if inEscape {
                out.append(character)
                if character.isLetter { inEscape = false }
                continue
            }
            if character == "\u{1B}" {
                inEscape = true
                out.append(character)
                continue
            }
            guard visible < columns else { break }
            out.append(character)
            visible += 1
        }
        return out + "\u{1B}[0m"
    }
}
