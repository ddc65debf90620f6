import TandemAPI
@testable import TandemLifecycle

let t0 = Instant(nanosecondsSinceEpoch: 1_795_000_000_000_000_000)

func probe(delay: Int32 = 0, period: Int32 = 1, success: Int32 = 1, failure: Int32 = 1, grace: Int64? = nil) -> Probe {
    Probe(exec: ExecAction(command: ["true"]), initialDelaySeconds: delay, timeoutSeconds: 1, periodSeconds: period,
          successThreshold: success, failureThreshold: failure, terminationGracePeriodSeconds: grace)
}

func container(_ name: String, sidecar: Bool = false, postStart: Bool = false, preStop: Bool = false,
               startup: Probe? = nil, liveness: Probe? = nil, readiness: Probe? = nil) -> Container {
    var result = Container(name: name, image: "busybox")
    if sidecar { result.restartPolicy = "Always" }
    let hook = LifecycleHandler(exec: ExecAction(command: ["true"]))
    if postStart || preStop {
        result.lifecycle = Lifecycle(postStart: postStart ? hook : nil, preStop: preStop ? hook : nil)
    }
    result.startupProbe = startup
    result.livenessProbe = liveness
    result.readinessProbe = readiness
    return result
}

func pod(_ initContainers: [Container] = [], _ mains: [Container], policy: String = "Always",
         grace: Int64 = 30) -> Pod {
    Pod(metadata: ObjectMeta(name: "web", namespace: "default", uid: "u1"),
        spec: PodSpec(initContainers: initContainers.isEmpty ? nil : initContainers, containers: mains,
                      restartPolicy: policy, terminationGracePeriodSeconds: grace))
}

func run(_ name: String, _ attempt: Int = 0) -> ContainerRun { ContainerRun(name, attempt: attempt) }

/// A pod state machine driven by a manual clock, reading like a transcript.
struct Transcript {
    var machine: PodStateMachine
    var now = t0
    var all: [PodAction] = []

    init(_ pod: Pod, options: LifecycleOptions = LifecycleOptions(sidecarSettle: .zero)) {
        machine = PodStateMachine(pod: pod, options: options)
    }

    @discardableResult
    mutating func send(_ event: PodEvent) -> [PodAction] {
        let actions = machine.handle(event, at: now)
        all += actions
        return actions
    }

    @discardableResult
    mutating func advance(_ duration: Duration, then event: PodEvent = .timerFired) -> [PodAction] {
        now = now + duration
        return send(event)
    }

    /// Starts a container run and reports it running.
    @discardableResult
    mutating func started(_ name: String, _ attempt: Int = 0) -> [PodAction] {
        send(.containerStarted(run(name, attempt)))
    }

    @discardableResult
    mutating func exited(_ name: String, _ attempt: Int = 0, code: Int32 = 0) -> [PodAction] {
        send(.containerExited(run(name, attempt), ContainerExit(exitCode: code)))
    }

    /// The line of a `wake` action `delay` from now.
    func wake(in delay: Duration) -> String {
        [PodAction.wake(at: now + delay)].lines[0]
    }

    func containerStatus(_ name: String) -> ContainerStatus? {
        let status = machine.status
        return ((status.initContainerStatuses ?? []) + (status.containerStatuses ?? [])).first { $0.name == name }
    }

    func condition(_ type: String) -> PodCondition? {
        machine.status.conditions?.first { $0.type == type }
    }
}

extension Array where Element == PodAction {
    var starts: [String] {
        compactMap { if case .startContainer(let run) = $0 { return run.description } else { return nil } }
    }
    var signals: [String] {
        compactMap {
            if case .signal(let run, let signal) = $0 { return "\(run.name) \(signal == .terminate ? "TERM" : "KILL")" }
            return nil
        }
    }
    var hooks: [String] {
        compactMap { if case .runHook(let run, let kind) = $0 { return "\(run.name) \(kind.rawValue)" } else { return nil } }
    }
    var probes: [String] {
        compactMap { if case .runProbe(let run, let kind) = $0 { return "\(run.name) \(kind.rawValue)" } else { return nil } }
    }
    var wakes: [Instant] {
        compactMap { if case .wake(let at) = $0 { return at } else { return nil } }
    }
    var events: [String] {
        compactMap { if case .record(let event) = $0 { return "\(event.reason): \(event.message)" } else { return nil } }
    }
    var finished: String? {
        for action in self { if case .finished(let phase) = action { return phase } }
        return nil
    }
    var publishes: Int {
        filter { if case .publish = $0 { return true } else { return false } }.count
    }
}

extension Array where Element == PodAction {
    /// The whole action list, one line per action in order, so that a test comparing it sees
    /// every action (an unexpected extra one fails). Wakes are relative to `t0`; a publish shows
    /// its phase (tests check the published status itself through `machine.status`, which is
    /// always the last one published); events show type, reason, object and message.
    var lines: [String] {
        map { action in
            switch action {
            case .startContainer(let run): return "start \(run)"
            case .runHook(let run, let kind): return "hook \(run) \(kind.rawValue)"
            case .runProbe(let run, let kind): return "probe \(run) \(kind.rawValue)"
            case .signal(let run, let signal): return "\(signal == .terminate ? "TERM" : "KILL") \(run)"
            case .wake(let at): return "wake \(milliseconds(at - t0))"
            case .publish(let status): return "publish \(status.phase ?? "-")"
            case .record(let event):
                let object = event.fieldPath.map { " " + $0 } ?? ""
                return "\(event.type) \(event.reason)\(object): \(event.message)"
            case .finished(let phase): return "finished \(phase)"
            }
        }
    }

    private func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return total % 1000 == 0 ? "\(total / 1000)s" : "\(total)ms"
    }
}
