import TandemAPI

/// Turns the events of a run into a `TimelinePicture`: the state of each container between the facts
/// of the events file (Started, SidecarStarted, ContainerReady, PreStopStarted, SignalSent,
/// ContainerExited, RestartScheduled, …), markers for signals, exits and probe failures, and the pod's
/// termination start and grace deadline.
///
/// Lanes follow the spec order when the pods are known (`--status-file`, the run's `pods.json`), else
/// the order containers first appear, init containers first (they start in spec order). Without a spec,
/// an init container is a sidecar when it reported `SidecarStarted` or was running when a main started.
/// Every line is an occurrence: a repeated event (aggregated with `count`) is drawn each time it was
/// written, at its own `eventTime`.
public enum TimelineBuilder {
    public static func picture(events: [TimelineEvent], pods: [Pod] = []) -> TimelinePicture {
        let ordered = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        guard let first = ordered.first, let last = ordered.last else {
            return TimelinePicture(origin: 0, span: 1_000_000_000, panels: [])
        }
        var groups: [String: [TimelineEvent]] = [:]
        var keys: [String] = []
        for event in ordered {
            let key = "\(event.objectKind)/\(event.namespace)/\(event.objectName)"
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(event)
        }
        var specs: [String: PodSpec] = [:]
        for pod in pods {
            guard let name = pod.metadata?.name, let spec = pod.spec else { continue }
            specs["Pod/\(pod.metadata?.namespace ?? "default")/\(name)"] = spec
        }
        let origin = first.at
        var panels: [TimelinePicture.Panel] = []
        for key in keys {
            let group = groups[key] ?? []
            var panel: TimelinePicture.Panel
            if group[0].objectKind == "Job" {
                panel = jobPanel(group, origin: origin)
            } else {
                var builder = PodPanelBuilder(events: group, spec: specs[key], origin: origin)
                panel = builder.build()
            }
            panel.namespace = group[0].namespace
            panels.append(panel)
        }
        var end = last.at - origin
        for panel in panels {
            for line in panel.lines { end = max(end, line.at) }
        }
        // The axis ends on a tick unless that would add more than a tenth.
        let span = max(end, 1_000_000)
        let step = TimeAxis.step(span: span)
        let rounded = (span + step - 1) / step * step
        return TimelinePicture(origin: origin, span: rounded - span <= span / 10 ? rounded : span, panels: panels)
    }

    static func jobPanel(_ events: [TimelineEvent], origin: Int64) -> TimelinePicture.Panel {
        var markers: [TimelinePicture.Marker] = []
        var phase: String?
        for event in events {
            markers.append(TimelinePicture.Marker(
                kind: .jobEvent, at: event.at - origin, label: event.reason,
                detail: "\(TimeText.format(event.at - origin)) \(event.reason): \(event.message)"))
            if ["Completed", "BackoffLimitExceeded", "DeadlineExceeded", "PodFailurePolicy",
                "MaxFailedIndexesExceeded", "FailedIndexes", "SuccessPolicy"].contains(event.reason) {
                phase = event.reason
            }
        }
        let lane = TimelinePicture.Lane(name: events[0].objectName, role: .controller, bars: [], markers: markers)
        return TimelinePicture.Panel(kind: "Job", name: events[0].objectName, namespace: events[0].namespace,
                                     phase: phase, lanes: [lane], lines: [],
                                     start: events[0].at - origin, end: (events.last?.at ?? 0) - origin)
    }
}

/// The lanes of one pod, built by replaying its events in time order.
struct PodPanelBuilder {
    struct LaneState {
        var name: String
        var isInit: Bool
        var state: TimelinePicture.State = .waiting
        var since: Int64
        var label: String?
        var bars: [TimelinePicture.Bar] = []
        var markers: [TimelinePicture.Marker] = []
        var sawSidecarStarted = false
        var aliveWhenMainStarted = false
        var restarts = 0
    }

    let events: [TimelineEvent]
    let spec: PodSpec?
    let origin: Int64
    var lanes: [LaneState] = []
    var index: [String: Int] = [:]
    var lines: [TimelinePicture.Line] = []
    var phase: String?

    init(events: [TimelineEvent], spec: PodSpec?, origin: Int64) {
        self.events = events
        self.spec = spec
        self.origin = origin
        let start = (events.first?.at ?? origin) - origin
        for container in spec?.initContainers ?? [] { addLane(container.name ?? "", isInit: true, start) }
        for container in spec?.containers ?? [] { addLane(container.name ?? "", isInit: false, start) }
    }

    mutating func addLane(_ name: String, isInit: Bool, _ start: Int64) {
        let key = (isInit ? "i/" : "m/") + name
        guard index[key] == nil else { return }
        index[key] = lanes.count
        lanes.append(LaneState(name: name, isInit: isInit, since: start))
    }

    mutating func build() -> TimelinePicture.Panel {
        let start = (events.first?.at ?? origin) - origin
        let end = (events.last?.at ?? origin) - origin
        for event in events {
            let at = event.at - origin
            guard let container = event.container else {
                podEvent(event, at)
                continue
            }
            addLane(container.name, isInit: container.isInit, start)
            guard let lane = index[(container.isInit ? "i/" : "m/") + container.name] else { continue }
            containerEvent(event, lane, at)
        }
        var result: [TimelinePicture.Lane] = []
        // Spec order when known; else init containers (in order of appearance) before the mains.
        let order = spec == nil ? lanes.indices.filter { lanes[$0].isInit } + lanes.indices.filter { !lanes[$0].isInit }
            : Array(lanes.indices)
        for position in order {
            var lane = lanes[position]
            close(&lane, end)
            let role = self.role(lane, position)
            if role == .initContainer {
                for bar in lane.bars.indices where lane.bars[bar].state == .starting {
                    lane.bars[bar].state = .started
                    lane.bars[bar].detail = lane.bars[bar].detail.replacingFirst("starting", with: "running")
                }
            }
            result.append(TimelinePicture.Lane(name: lane.name, role: role, bars: lane.bars, markers: lane.markers))
        }
        let name = events.first?.objectName ?? ""
        return TimelinePicture.Panel(kind: "Pod", name: name, namespace: events.first?.namespace ?? "default",
                                     phase: phase, lanes: result, lines: lines, start: start, end: end)
    }

    func role(_ lane: LaneState, _ position: Int) -> TimelinePicture.Role {
        guard lane.isInit else { return .main }
        if let spec {
            let restartable = (spec.initContainers ?? []).first { $0.name == lane.name }?.isRestartable ?? false
            return restartable ? .sidecar : .initContainer
        }
        return lane.sawSidecarStarted || lane.aliveWhenMainStarted ? .sidecar : .initContainer
    }

    mutating func podEvent(_ event: TimelineEvent, _ at: Int64) {
        switch event.reason {
        case "PodTerminating":
            lines.append(TimelinePicture.Line(kind: .terminationStart, at: at,
                                              detail: "\(TimeText.format(at)) \(event.message)"))
            if let deadline = event.annotations["tandem.dev/grace-deadline"].flatMap(RFC3339.nanoseconds) {
                let grace = event.annotations["tandem.dev/grace-period-seconds"].map { " (grace \($0)s)" } ?? ""
                lines.append(TimelinePicture.Line(kind: .graceDeadline, at: deadline - origin,
                                                  detail: "\(TimeText.format(deadline - origin)) grace deadline\(grace)"))
            }
        case "PodPhase":
            phase = event.annotations["tandem.dev/phase"] ?? phase
        default:
            break
        }
    }

    static func isAlive(_ state: TimelinePicture.State) -> Bool {
        [.starting, .started, .ready, .terminating].contains(state)
    }

    mutating func containerEvent(_ event: TimelineEvent, _ lane: Int, _ at: Int64) {
        let stamp = TimeText.format(at)
        switch event.reason {
        case "Started":
            if lanes[lane].state == .exited || lanes[lane].state == .backOff { lanes[lane].restarts += 1 }
            let restart = lanes[lane].restarts > 0 ? " (restart \(lanes[lane].restarts))" : ""
            move(lane, to: lanes[lane].isInit ? .starting : .started, at, label: nil)
            lanes[lane].label = restart.isEmpty ? nil : "restart \(lanes[lane].restarts)"
            if !lanes[lane].isInit {
                for other in lanes.indices where lanes[other].isInit && Self.isAlive(lanes[other].state) {
                    lanes[other].aliveWhenMainStarted = true
                }
            }
        case "SidecarStarted":
            lanes[lane].sawSidecarStarted = true
            if lanes[lane].state == .starting { move(lane, to: .started, at, label: nil) }
        case "ContainerReady":
            if [.starting, .started].contains(lanes[lane].state) { move(lane, to: .ready, at, label: nil) }
        case "ContainerNotReady":
            if lanes[lane].state == .ready { move(lane, to: .started, at, label: nil) }
        case "PreStopStarted":
            if Self.isAlive(lanes[lane].state) { move(lane, to: .terminating, at, label: "preStop") }
        case "PreStopFinished":
            lanes[lane].markers.append(.init(kind: .preStopFinished, at: at, label: nil,
                                             detail: "\(stamp) \(event.message)"))
            // The hook's part of the terminating bar ends here (its own hover text, its label kept inside it).
            if lanes[lane].state == .terminating { move(lane, to: .terminating, at, label: nil) }
        case "SignalSent":
            let signal = event.annotations["tandem.dev/signal"] ?? (event.message.contains("SIGKILL") ? "SIGKILL" : "SIGTERM")
            let cause = event.annotations["tandem.dev/cause"].map { " (cause: \($0))" } ?? ""
            let detail = "\(stamp) \(event.message)\(cause)"
            if signal == "SIGKILL" {
                lanes[lane].markers.append(.init(kind: .sigkill, at: at, label: nil, detail: detail))
            } else {
                lanes[lane].markers.append(.init(kind: .sigterm, at: at, label: signal == "SIGTERM" ? nil : signal,
                                                 detail: detail))
                if Self.isAlive(lanes[lane].state), lanes[lane].state != .terminating {
                    move(lane, to: .terminating, at, label: nil)
                }
            }
        case "ContainerExited":
            let code = event.annotations["tandem.dev/exit-code"]
            lanes[lane].markers.append(.init(kind: .exit, at: at, label: code, detail: "\(stamp) \(event.message)"))
            move(lane, to: .exited, at, label: nil)
        case "RestartScheduled":
            let seconds = event.annotations["tandem.dev/back-off-seconds"]
            if !Self.isAlive(lanes[lane].state) {
                move(lane, to: .backOff, at, label: seconds.map { "back-off \($0)s" } ?? "back-off")
            }
        case "Unhealthy":
            lanes[lane].markers.append(.init(kind: .probeFailure, at: at, label: nil, detail: "\(stamp) \(event.message)"))
        case "Failed", "FailedPostStartHook", "FailedPreStopHook":
            lanes[lane].markers.append(.init(kind: .failed, at: at, label: nil,
                                             detail: "\(stamp) \(event.reason): \(event.message)"))
        default:
            break
        }
    }

    mutating func move(_ lane: Int, to state: TimelinePicture.State, _ at: Int64, label: String?) {
        close(&lanes[lane], at)
        lanes[lane].state = state
        lanes[lane].since = at
        lanes[lane].label = label
    }

    func close(_ lane: inout LaneState, _ at: Int64) {
        guard at > lane.since else { return }
        let words: String
        switch lane.state {
        case .waiting: words = "waiting"
        case .backOff: words = "waiting in crash-loop back-off"
        case .starting: words = "starting (not started yet)"
        case .started: words = "running, not ready"
        case .ready: words = "ready"
        case .terminating: words = lane.label == "preStop" ? "terminating: preStop hook running" : "terminating"
        case .exited: words = "exited"
        }
        let detail = "\(lane.name): \(words) from \(TimeText.format(lane.since)) to \(TimeText.format(at))"
            + " (\(TimeText.format(at - lane.since)))"
        lane.bars.append(TimelinePicture.Bar(state: lane.state, from: lane.since, to: at, label: lane.label, detail: detail))
        lane.since = at
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
