import TandemAPI
import TandemLifecycle

/// What the terminal knows of one pod, folded from its narrated events and published statuses:
/// enough for the live block, the summary table and the final phase's cause in words.
struct PodStory: Sendable {
    struct ContainerStory: Sendable {
        var name: String
        /// `init`, `sidecar` or `main`.
        var role: String
        var starts = 0
        var startedAt: Instant?
        var finishedAt: Instant?
        var exitCode: Int32?
        var reason: String?
        var signal: String?
        var running = false
        var ready = false
        var started = false
        var preStopSince: Instant?
        var terminateSent = false
        var backOff: String?
        var lastProbeFailure: String?
    }

    var name: String
    var containers: [ContainerStory]
    var initCount: Int
    var phase = "Pending"
    var status: PodStatus?
    /// `deletion`, `job` once the pod is being deleted.
    var deletedBy: String?
    var graceSeconds: String?
    var graceDeadline: Instant?
    var deadlineExceeded = false
    var finished = false

    init(pod: Pod) {
        name = pod.metadata?.name ?? ""
        let inits = pod.spec?.initContainers ?? []
        initCount = inits.count
        containers = inits.map { ContainerStory(name: $0.name ?? "", role: $0.isRestartable ? "sidecar" : "init") }
            + (pod.spec?.containers ?? []).map { ContainerStory(name: $0.name ?? "", role: "main") }
    }

    mutating func apply(_ event: NarratedEvent) {
        if event.reason == "PodPhase", let phase = event.annotations[NarratedEvent.Key.phase] { self.phase = phase }
        if event.reason == "PodTerminating" {
            deletedBy = deletedBy ?? event.annotations[NarratedEvent.Key.cause] ?? "deletion"
            graceSeconds = event.annotations[NarratedEvent.Key.gracePeriodSeconds]
            graceDeadline = graceDeadline ?? event.at + .seconds(Int64(graceSeconds ?? "") ?? 0)
        }
        if event.reason == "DeadlineExceeded", event.fieldPath == nil { deadlineExceeded = true }
        guard let name = event.container, let index = containers.firstIndex(where: { $0.name == name }) else { return }
        var container = containers[index]
        switch event.reason {
        case "Started" where event.source == .kubelet:
            container.starts += 1
            container.startedAt = event.at
            container.finishedAt = nil
            container.running = true
            container.backOff = nil
            container.terminateSent = false
            container.preStopSince = nil
        case "ContainerExited":
            container.running = false
            container.ready = false
            container.started = false
            container.finishedAt = event.at
            container.exitCode = event.annotations[NarratedEvent.Key.exitCode].flatMap { Int32($0) }
            container.reason = event.annotations[NarratedEvent.Key.terminationReason]
            container.signal = event.annotations[NarratedEvent.Key.signal]
            // An attempt that could not start never ran: its start is not an earlier attempt's.
            if container.reason == "StartError" { container.startedAt = nil }
            container.preStopSince = nil
        case "ContainerReady": container.ready = true
        case "ContainerNotReady": container.ready = false
        case "SidecarStarted": container.started = true
        case "PreStopStarted": container.preStopSince = event.at
        case "PreStopFinished": container.preStopSince = nil
        case "SignalSent": container.terminateSent = true
        case "RestartScheduled":
            let seconds = event.annotations[NarratedEvent.Key.backOffSeconds] ?? "0"
            container.backOff = seconds == "0" ? nil : "back-off \(seconds)s"
        case "Unhealthy": container.lastProbeFailure = event.message
        default: break
        }
        containers[index] = container
    }

    /// The published status of container `name` (init or main), if the pod published one.
    func containerStatus(named name: String) -> ContainerStatus? {
        ((status?.initContainerStatuses ?? []) + (status?.containerStatuses ?? [])).first { $0.name == name }
    }

    /// The status's `restartCount` of `container` (attempts that could not start count, as the
    /// kubelet counts them); before a status, its starts after the first.
    func restarts(of container: ContainerStory) -> Int {
        containerStatus(named: container.name)?.restartCount.map { Int($0) } ?? max(0, container.starts - 1)
    }

    /// The final phase with its cause in words: `Failed: app exited 143 (SIGTERM) (pod deleted)`.
    var outcome: String {
        let mains = containers[initCount...]
        var because: [String] = []
        if deadlineExceeded {
            because.append("active deadline exceeded")
        } else if let failedInit = containers[..<initCount].first(where: { $0.role == "init" && ($0.exitCode ?? 0) != 0 }) {
            because.append("init container \(failedInit.name) exited \(failedInit.exitCode ?? 0)")
        } else if mains.allSatisfy({ $0.starts == 0 }) {
            because.append("no main container ran")
        } else {
            let failed = mains.filter { ($0.exitCode ?? 0) != 0 || $0.exitCode == nil }
            let described = (phase == "Succeeded" ? Array(mains) : failed).map { container -> String in
                guard let code = container.exitCode else { return "\(container.name) did not exit" }
                return "\(container.name) exited \(code)" + (container.signal.map { " (\($0))" } ?? "")
            }
            because.append(described.joined(separator: ", "))
        }
        switch deletedBy {
        case "deletion": because.append("(pod deleted)")
        case "job": because.append("(pod deleted by the Job controller)")
        default: break
        }
        return "\(phase): " + because.joined(separator: " ")
    }
}
