import TandemAPI
import TandemTimeline

/// `tandem simulate`'s text: each pod's predicted timeline in plain words, read from the same events
/// the picture and `-o json` show — when each container starts, when the mains start, each sidecar's
/// SIGTERM and why it came then, what is SIGKILLed and why — and a summary line per pod.
struct SimulationText {
    let events: [TimelineEvent]
    let pods: [Pod]

    func render(header: [String]) -> String {
        var out = header.map { $0 + "\n" }.joined()
        let origin = events.map(\.at).min() ?? 0
        var byObject: [String: [TimelineEvent]] = [:]
        var order: [String] = []
        for event in events.sorted(by: { $0.at < $1.at }) {
            let key = "\(event.objectKind) \(event.objectName)"
            if byObject[key] == nil { order.append(key) }
            byObject[key, default: []].append(event)
        }
        for key in order {
            out += "\n\(GoQuoting.printable(key))\n"
            let group = byObject[key] ?? []
            let roles = self.roles(for: group.first?.objectName ?? "")
            var state = PodWords(roles: roles)
            for event in group {
                guard let words = state.words(event) else { continue }
                let time = TimeText.format(event.at - origin)
                out += "  " + time.padding(toLength: max(9, time.count + 1), withPad: " ", startingAt: 0) + words + "\n"
            }
            if group.first?.objectKind == "Pod", let summary = state.summary(origin: origin) { out += "  → \(summary)\n" }
        }
        return out
    }

    func roles(for pod: String) -> [String: String] {
        var roles: [String: String] = [:]
        for candidate in pods where candidate.metadata?.name == pod {
            for container in candidate.spec?.initContainers ?? [] {
                roles[container.name ?? ""] = container.isRestartable ? "sidecar" : "init"
            }
            for container in candidate.spec?.containers ?? [] { roles[container.name ?? ""] = "main" }
        }
        return roles
    }
}

/// What one pod's events say so far, to word the next one (why a SIGKILL came) and the summary.
struct PodWords {
    let roles: [String: String]
    var starts: [String: Int] = [:]
    var mainsStarted: [Int64] = []
    var sigterm: [String: Int64] = [:]
    var preStopRunning: Set<String> = []
    var preStopRan: Set<String> = []
    var killed: [String] = []
    var phase: String?
    var lastAt: Int64 = 0
    var firstAt: Int64?
    var deletedAt: Int64?

    init(roles: [String: String]) {
        self.roles = roles
    }

    func who(_ name: String) -> String {
        let role = roles[name].map { " (\($0))" } ?? ""
        return GoQuoting.printable(name) + role
    }

    mutating func words(_ event: TimelineEvent) -> String? {
        lastAt = event.at
        if firstAt == nil { firstAt = event.at }
        let message = GoQuoting.printable(event.message)
        guard let container = event.container?.name else {
            switch event.reason {
            case "PodTerminating":
                deletedAt = event.at
                return message
            case "PodPhase":
                phase = event.annotations["tandem.dev/phase"]
                return "pod is \(GoQuoting.printable(phase ?? "?"))"
            case "SuccessfulCreate", "SuccessfulDelete", "RetryScheduled", "Completed", "Created", "Started":
                return message
            default:
                return event.type == "Warning" || event.objectKind == "Job" ? "\(event.reason): \(message)" : nil
            }
        }
        let name = who(container)
        let cause = event.annotations["tandem.dev/cause"]
        switch event.reason {
        case "Started":
            starts[container, default: 0] += 1
            if roles[container] == "main" || event.container?.isInit == false { mainsStarted.append(event.at) }
            return starts[container, default: 0] > 1 ? "\(name) restarts" : "\(name) starts"
        case "SidecarStarted":
            return "\(name) counts as started (\(cause.map(Self.startCause) ?? "started")); the next container may start"
        case "ContainerReady": return "\(name) is ready"
        case "ContainerNotReady": return "\(name) is not ready"
        case "PreStopStarted":
            preStopRunning.insert(container)
            preStopRan.insert(container)
            return "\(name): preStop hook starts"
        case "PreStopFinished":
            preStopRunning.remove(container)
            return "\(name): preStop hook finished"
        case "SignalSent":
            let signal = event.annotations["tandem.dev/signal"] ?? "SIGTERM"
            if signal == "SIGKILL" {
                killed.append(container)
                return "\(name) is SIGKILLed: \(killReason(container, cause, event.at))"
            }
            sigterm[container] = event.at
            preStopRunning.remove(container)
            return "\(name) gets \(signal)\(termReason(container, cause))"
        case "ContainerExited":
            let code = event.annotations["tandem.dev/exit-code"] ?? "?"
            let reason = event.annotations["tandem.dev/termination-reason"].map { ", \($0)" } ?? ""
            return "\(name) exits with code \(code)\(reason)"
        case "RestartScheduled":
            let seconds = event.annotations["tandem.dev/back-off-seconds"].map { " in \($0)s" } ?? ""
            return "\(name) will restart\(seconds) (crash-loop back-off)"
        case "Unhealthy", "Failed", "FailedPostStartHook", "FailedPreStopHook":
            return "\(name): \(message)"
        default:
            return nil
        }
    }

    static func startCause(_ cause: String) -> String {
        switch cause {
        case "startupProbe": "startupProbe passed"
        case "postStart": "postStart hook finished"
        case "settle": "running, no startupProbe"
        default: GoQuoting.printable(cause)
        }
    }

    func termReason(_ container: String, _ cause: String?) -> String {
        switch cause {
        case "deletion"?, "job"?, "completion"?:
            if roles[container] == "sidecar" { return " (its turn: the mains and the sidecars declared after it have exited)" }
            return preStopRan.contains(container) ? " (preStop hook finished)" : " (pod terminating)"
        case "deadline"?: return " (the grace period ran out)"
        case "probe"?: return " (probe failed)"
        case let other?: return " (\(GoQuoting.printable(other)))"
        case nil: return ""
        }
    }

    func killReason(_ container: String, _ cause: String?, _ at: Int64) -> String {
        let what = cause == "deadline" || cause == nil ? "the grace deadline was reached" : "cause \(GoQuoting.printable(cause ?? ""))"
        if preStopRunning.contains(container) { return "\(what) while its preStop hook still ran" }
        if let term = sigterm[container] {
            return "\(what), still running \(TimeText.format(at - term)) after its SIGTERM"
        }
        return what
    }

    func summary(origin: Int64) -> String? {
        guard firstAt != nil else { return nil }
        var parts: [String] = []
        if let main = mainsStarted.first { parts.append("main containers start at \(TimeText.format(main - origin))") }
        if let phase { parts.append("ends \(GoQuoting.printable(phase)) at \(TimeText.format(lastAt - origin))") }
        if let deletedAt { parts.append("shutdown took \(TimeText.format(lastAt - deletedAt))") }
        parts.append(killed.isEmpty ? "nothing SIGKILLed" : "SIGKILLed: " + killed.map { GoQuoting.printable($0) }.joined(separator: ", "))
        return parts.joined(separator: "; ")
    }
}
