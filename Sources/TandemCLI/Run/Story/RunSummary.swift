import TandemAPI
import TandemLifecycle

/// The table printed when a run ends: per container its role, last exit code and reason, restarts
/// and when it last started and finished (offsets from launch), then each pod's final phase with
/// its cause in words.
///
/// RESTARTS is the pod status's `restartCount` (what `--status-file` and `pods.json` say), not a
/// count of starts: a container that failed to start (StartError) was restarted without ever
/// running. A container that never ran shows its status's waiting reason when it names why
/// (`CreateContainerConfigError`), as the status does.
enum RunSummary {
    static func text(_ pods: [PodStory], clock: StoryClock) -> String {
        guard !pods.isEmpty else { return "" }
        var rows: [[String]] = [["POD", "CONTAINER", "ROLE", "EXIT", "REASON", "RESTARTS", "STARTED → FINISHED"]]
        for pod in pods {
            for container in pod.containers {
                let status = pod.containerStatus(named: container.name)
                let exit = container.exitCode.map { String($0) } ?? "-"
                var reason = container.reason ?? (container.running ? "Running" : (container.starts == 0 ? "NotStarted" : "-"))
                if container.reason == nil, !container.running, let waiting = status?.state?.waiting?.reason,
                   !["", "PodInitializing", "ContainerCreating"].contains(waiting) {
                    reason = waiting
                }
                if let signal = container.signal { reason += " (\(signal))" }
                let started = container.startedAt.map(clock.offset) ?? "-"
                let finished = container.finishedAt.map(clock.offset) ?? (container.running ? "running" : "-")
                rows.append([pod.name, container.name, container.role, exit, reason,
                             String(pod.restarts(of: container)), "\(started) → \(finished)"])
            }
        }
        if Set(pods.map(\.name)).count == 1 { rows = rows.map { Array($0.dropFirst()) } }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var text = "\n"
        for row in rows {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }
            text += GoQuoting.printable(cells.joined(separator: "  ")) + "\n"
        }
        for pod in pods {
            text += GoQuoting.printable("pod \(pod.name) \(pod.outcome)") + "\n"
        }
        return text
    }
}
