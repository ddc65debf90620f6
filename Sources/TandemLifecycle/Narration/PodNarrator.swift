import TandemAPI

/// Tells what happens to one pod as events (docs/events.md): the kubelet's own events, passed through,
/// and tandem's lifecycle facts — a sidecar *started* and why, ready/unready, preStop started and
/// finished, each signal with its cause, each exit with code and reason, each restart with its
/// back-off, the deletion with its grace deadline and each phase change.
///
/// Pure and deterministic like `PodStateMachine`, which it follows without changing: it reads what
/// the machine was given (the `PodEvent` and its instant) and what it returned (the actions, the
/// statuses it published, its decided restarts), so `tandem run` and `tandem simulate` tell the
/// same story. Feed it every `handle` call, in order:
/// ```swift
/// let actions = machine.handle(event, at: now)
/// let told = narrator.narrate(event, at: now, actions: actions, machine: machine)
/// ```
public struct PodNarrator: Sendable {
    struct ContainerInfo: Sendable {
        var name: String
        var fieldPath: String
        var sidecar: Bool
        var hasStartupProbe: Bool
        var hasPostStart: Bool
        var stopSignal: String
        /// The attempt of the newest instance the machine started; -1 before the first.
        var attempt = -1
        var exited = false
        var preStopRunning = false
        var terminateSent = false
        /// Why the current instance is being killed, once decided (`probe`, `postStart`, pod-level causes).
        var killCause: String?
    }

    public let podName: String
    let podGrace: Int64
    let settle: Duration
    var containers: [String: ContainerInfo] = [:]
    var order: [String] = []
    var lastStatus = PodStatus()
    /// Why the pod terminates, once it does (`deletion`, `job`, `completion`, `activeDeadline`, `initFailure`).
    var podCause: String?
    var announcedDeadline: Instant?
    /// What a deletion is attributed to: `deletion` (Ctrl-C, SIGTERM, an API delete) or `job`
    /// (the Job controller deleted the pod). Set before the `deletionRequested` event.
    public var deletionCause = "deletion"

    public init(pod: Pod, options: LifecycleOptions = .init()) {
        podName = pod.metadata?.name ?? ""
        let spec = pod.spec ?? PodSpec()
        podGrace = max(0, spec.terminationGracePeriodSeconds ?? 30)
        settle = options.sidecarSettle
        for container in spec.initContainers ?? [] {
            add(container, fieldPath: "spec.initContainers", sidecar: container.isRestartable)
        }
        for container in spec.containers ?? [] {
            add(container, fieldPath: "spec.containers", sidecar: false)
        }
        lastStatus.phase = "Pending"
    }

    private mutating func add(_ container: Container, fieldPath: String, sidecar: Bool) {
        let name = container.name ?? ""
        guard containers[name] == nil else { return }
        order.append(name)
        let stop = container.lifecycle?.stopSignal.map { $0.hasPrefix("SIG") ? $0 : "SIG" + $0 } ?? "SIGTERM"
        containers[name] = ContainerInfo(
            name: name, fieldPath: "\(fieldPath){\(name)}", sidecar: sidecar,
            hasStartupProbe: sidecar && container.startupProbe != nil,
            hasPostStart: container.lifecycle?.postStart != nil, stopSignal: stop)
    }

    /// The events one `handle` call tells, in the order they happened.
    /// - Parameters:
    ///   - event, now: what `PodStateMachine.handle` was given.
    ///   - actions: what it returned.
    ///   - machine: the machine after the call (its decided restarts and grace deadline are read).
    ///   - probeExitCode: for an exec probe failure, the command's exit code when the runtime knows it
    ///     (it completes a `… probe failed: ` message that would otherwise end with nothing).
    public mutating func narrate(_ event: PodEvent, at now: Instant, actions: [PodAction], machine: PodStateMachine,
                                 probeExitCode: Int32? = nil) -> [NarratedEvent] {
        var told: [NarratedEvent] = []
        tellInput(event, now, actions, machine, &told)
        for action in actions {
            switch action {
            case .startContainer(let run):
                containers[run.name]?.attempt = run.attempt
                containers[run.name]?.exited = false
                containers[run.name]?.preStopRunning = false
                containers[run.name]?.terminateSent = false
                containers[run.name]?.killCause = nil
            case .runHook(let run, .preStop):
                guard let info = containers[run.name] else { continue }
                containers[run.name]?.preStopRunning = true
                told.append(fact("PreStopStarted", "PreStop hook of \(run.name) started", info, now))
            case .runHook, .runProbe, .wake, .finished:
                continue
            case .signal(let run, let signal):
                tellSignal(run, signal, now, machine, &told)
            case .publish(let status):
                tellStatus(status, event, now, &told)
            case .record(let record):
                told.append(kubeletEvent(record, event, probeExitCode))
            }
        }
        return told
    }

    /// A second Ctrl-C: every process of these live container runs is killed at once, outside the
    /// state machine (which learns of the exits as usual).
    public func killedNow(_ runs: [ContainerRun], at now: Instant) -> [NarratedEvent] {
        runs.compactMap { run in
            containers[run.name].map { info in
                fact("SignalSent", "Sent SIGKILL to container \(run.name) (killed at once on request)", info, now,
                     [NarratedEvent.Key.signal: "SIGKILL", NarratedEvent.Key.cause: "deletion"])
            }
        }
    }

    // MARK: - The input fact

    private mutating func tellInput(_ event: PodEvent, _ now: Instant, _ actions: [PodAction],
                                    _ machine: PodStateMachine, _ told: inout [NarratedEvent]) {
        switch event {
        case .containerExited(let run, let exit):
            guard let info = current(run) else { return }
            containers[run.name]?.exited = true
            containers[run.name]?.preStopRunning = false
            let reason = exit.oomKilled ? "OOMKilled" : (exit.exitCode == 0 ? "Completed" : "Error")
            var annotations = [NarratedEvent.Key.exitCode: String(exit.exitCode),
                               NarratedEvent.Key.terminationReason: reason]
            var message = "Container \(run.name) exited with code \(exit.exitCode)"
            if let signal = exit.signal {
                let name = Self.signalName(signal)
                annotations[NarratedEvent.Key.signal] = name
                message += " (\(name))"
            } else if exit.oomKilled {
                message += " (OOMKilled)"
            }
            told.append(fact("ContainerExited", message, info, now, annotations))
            tellNotReadyOnExit(info, now, &told)
            tellRestart(info, now, actions, machine, &told)
        case .containerFailedToStart(let run, _):
            guard let info = current(run) else { return }
            containers[run.name]?.exited = true
            told.append(fact("ContainerExited", "Container \(run.name) could not start (exit code 128, StartError)",
                             info, now, [NarratedEvent.Key.exitCode: "128",
                                         NarratedEvent.Key.terminationReason: "StartError"]))
            tellRestart(info, now, actions, machine, &told)
        case .hookFinished(let run, .preStop, let outcome):
            guard let info = current(run), info.preStopRunning else { return }
            containers[run.name]?.preStopRunning = false
            var message = "PreStop hook of \(run.name) finished"
            if case .failed = outcome { message += " (failed)" }
            told.append(fact("PreStopFinished", message, info, now))
        case .deletionRequested(let requested):
            guard let deadline = machine.terminationDeadline, deadline != announcedDeadline else { return }
            announcedDeadline = deadline
            podCause = deletionCause
            let grace = max(1, requested ?? podGrace)
            told.append(NarratedEvent(
                reason: "PodTerminating", message: "Deleting pod \(podName) (grace \(grace)s)", at: now,
                annotations: [NarratedEvent.Key.cause: deletionCause,
                              NarratedEvent.Key.gracePeriodSeconds: String(grace),
                              NarratedEvent.Key.graceDeadline: deadline.rfc3339Micro]))
        default:
            return
        }
    }

    /// A ready container that exits is unready from that instant: told with its exit, before
    /// what the exit causes (the next sidecar's SIGTERM), not after it with the published status.
    private mutating func tellNotReadyOnExit(_ info: ContainerInfo, _ now: Instant, _ told: inout [NarratedEvent]) {
        for keyPath in [\PodStatus.initContainerStatuses, \PodStatus.containerStatuses] {
            guard var statuses = lastStatus[keyPath: keyPath],
                  let index = statuses.firstIndex(where: { $0.name == info.name }), statuses[index].ready == true
            else { continue }
            statuses[index].ready = false
            lastStatus[keyPath: keyPath] = statuses
            told.append(fact("ContainerNotReady", "Container \(info.name) is not ready", info, now))
        }
    }

    private func tellRestart(_ info: ContainerInfo, _ now: Instant, _ actions: [PodAction],
                             _ machine: PodStateMachine, _ told: inout [NarratedEvent]) {
        // A restart without back-off is started within the same decision: its start is the sign.
        let startedAtOnce = actions.contains { action in
            if case .startContainer(let run) = action { run.name == info.name } else { false }
        }
        guard let restartAt = startedAtOnce ? now : machine.scheduledRestart(of: info.name) else { return }
        let delay = restartAt - now
        let seconds = Double(delay.nanoseconds) / 1e9
        let text = GoDuration.format(delay)
        let message = delay > .zero
            ? "Restarting container \(info.name) in \(text) (back-off)"
            : "Restarting container \(info.name) now"
        told.append(fact("RestartScheduled", message, info, now,
                         [NarratedEvent.Key.backOffSeconds: Self.number(seconds)]))
    }

    // MARK: - Signals

    private mutating func tellSignal(_ run: ContainerRun, _ signal: StopSignal, _ now: Instant,
                                     _ machine: PodStateMachine, _ told: inout [NarratedEvent]) {
        guard let info = containers[run.name] else { return }
        let name: String
        let cause: String
        switch signal {
        case .terminate:
            name = info.stopSignal
            containers[run.name]?.terminateSent = true
            if let deadline = machine.terminationDeadline, now >= deadline {
                cause = "deadline"
            } else {
                cause = info.killCause ?? podCause ?? "deletion"
            }
        case .kill:
            name = "SIGKILL"
            cause = "deadline"
        }
        var message = "Sent \(name) to container \(run.name)"
        if cause == "deadline" { message += " (grace period expired)" }
        told.append(fact("SignalSent", message, info, now,
                         [NarratedEvent.Key.signal: name, NarratedEvent.Key.cause: cause]))
    }

    // MARK: - Status changes

    private mutating func tellStatus(_ status: PodStatus, _ event: PodEvent, _ now: Instant,
                                     _ told: inout [NarratedEvent]) {
        let before = Self.byName(lastStatus)
        for current in (status.initContainerStatuses ?? []) + (status.containerStatuses ?? []) {
            guard let name = current.name, let info = containers[name] else { continue }
            let previous = before[name]
            if info.sidecar, current.started == true, previous?.started != true {
                let (cause, why) = sidecarCause(info, event)
                told.append(fact("SidecarStarted", "Sidecar \(name) started (\(why))", info, now,
                                 [NarratedEvent.Key.cause: cause]))
            }
            let ready = current.ready == true
            if ready != (previous?.ready == true) {
                told.append(fact(ready ? "ContainerReady" : "ContainerNotReady",
                                 ready ? "Container \(name) is ready" : "Container \(name) is not ready", info, now))
            }
        }
        if let phase = status.phase, phase != lastStatus.phase {
            told.append(NarratedEvent(reason: "PodPhase", message: "Pod \(podName) is \(phase)", at: now,
                                      annotations: [NarratedEvent.Key.phase: phase]))
        }
        lastStatus = status
    }

    private func sidecarCause(_ info: ContainerInfo, _ event: PodEvent) -> (String, String) {
        switch event {
        case .probeReported(_, .startup, _): return ("startupProbe", "startupProbe passed")
        case .hookFinished(_, .postStart, _): return ("postStart", "postStart hook finished")
        default: break
        }
        if info.hasStartupProbe { return ("startupProbe", "startupProbe passed") }
        if info.hasPostStart { return ("postStart", "postStart hook finished") }
        return ("settle", "running for \(GoDuration.format(settle))")
    }

    // MARK: - The kubelet's events

    private mutating func kubeletEvent(_ record: PodEventRecord, _ event: PodEvent, _ probeExitCode: Int32?) -> NarratedEvent {
        let name = record.fieldPath.flatMap { path in order.first { containers[$0]?.fieldPath == path } }
        var message = record.message
        if record.reason == "Killing", let name {
            if message.hasPrefix("Stopping container ") {
                if podCause == nil { podCause = "completion" }
                containers[name]?.killCause = nil
            } else if message == "FailedPostStartHook" {
                containers[name]?.killCause = "postStart"
            } else {
                containers[name]?.killCause = "probe"
            }
        }
        if record.reason == Self.deadlineReason, record.fieldPath == nil {
            podCause = "activeDeadline"
        }
        if record.message.hasSuffix("probe failed: "), case .probeReported(_, _, .failure(let output)) = event,
           output.isEmpty {
            // prober.go prints the command's output, which may be nothing; say what failed instead.
            message += probeExitCode.map { "command exited with code \($0) and printed nothing" }
                ?? "the probe failed and printed nothing"
        }
        return NarratedEvent(type: record.type, reason: record.reason, message: message, fieldPath: record.fieldPath,
                             container: name, at: record.at, source: .kubelet)
    }

    // MARK: - Helpers

    static let deadlineReason = "DeadlineExceeded"

    /// The container's info when `run` is its newest instance and still alive.
    private func current(_ run: ContainerRun) -> ContainerInfo? {
        guard let info = containers[run.name], info.attempt == run.attempt, !info.exited else { return nil }
        return info
    }

    private func fact(_ reason: String, _ message: String, _ info: ContainerInfo, _ now: Instant,
                      _ annotations: [String: String] = [:]) -> NarratedEvent {
        NarratedEvent(reason: reason, message: message, fieldPath: info.fieldPath, container: info.name, at: now,
                      annotations: annotations)
    }

    static func byName(_ status: PodStatus) -> [String: ContainerStatus] {
        var result: [String: ContainerStatus] = [:]
        for status in (status.initContainerStatuses ?? []) + (status.containerStatuses ?? []) {
            if let name = status.name { result[name] = status }
        }
        return result
    }

    /// Seconds as a short decimal: `10`, `0.5`.
    static func number(_ seconds: Double) -> String {
        if seconds == seconds.rounded() { return String(Int64(seconds)) }
        return String((seconds * 1000).rounded() / 1000)
    }

    /// Linux signal names (x86-64 and arm64 numbering), for messages and annotations.
    public static func signalName(_ number: Int32) -> String {
        let names: [Int32: String] = [
            1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS",
            8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM",
            15: "SIGTERM", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP", 24: "SIGXCPU", 28: "SIGWINCH",
        ]
        return names[number] ?? "signal \(number)"
    }
}
