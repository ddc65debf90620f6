import TandemAPI

/// The kubelet's decisions for one pod, as a pure value: events (facts with the instant they
/// happened) go in, actions for the runtime come out.
///
/// It owns no clock, process or logger, so every rule of the sidecar semantics is testable as a
/// transcript with a manual clock. Decisions are taken immediately on each event: there is no
/// periodic sync, deadlines are requested from the runtime with `wake(at:)`.
public struct PodStateMachine: Sendable {
    /// The pod-level termination in progress (completion, init failure or deletion).
    struct Termination: Sendable {
        var startedAt: Instant
        var deadline: Instant
        var deletion: Bool
    }

    /// A condition's current status and when it last flipped (`lastTransitionTime`).
    struct ConditionMark: Sendable {
        var status: String
        var since: Instant
    }

    let options: LifecycleOptions
    let restartPolicy: PodSpec.RestartPolicy
    let podGrace: Int64
    /// `spec.activeDeadlineSeconds`, counted from the pod's start time (admission).
    let activeDeadline: Duration?
    let podReference: String
    let initCount: Int
    var containers: [ContainerRecord]
    let indexByName: [String: Int]
    /// Main container indices sorted by name: the kubelet's `containerStatuses` order.
    let mainStatusOrder: [Int]

    var admittedAt: Instant?
    var initCursor = 0
    var mainCursor: Int
    var initialized = false
    var initFailed = false
    var termination: Termination?
    /// Set once the pod's active deadline passed: the phase is `Failed` from then on, with reason
    /// `DeadlineExceeded` (kubelet `activeDeadlineHandler`).
    var deadlineExceeded = false
    var finishedPhase: String?
    var lastWake: Instant?
    var statusDirty = true
    var conditionMarks: [String: ConditionMark] = [:]
    var currentStatus = PodStatus()

    public init(pod: Pod, options: LifecycleOptions = .init()) {
        self.options = options
        let spec = pod.spec ?? PodSpec()
        restartPolicy = spec.restartPolicy.flatMap(PodSpec.RestartPolicy.init(rawValue:)) ?? .always
        podGrace = max(0, spec.terminationGracePeriodSeconds ?? 30)
        activeDeadline = spec.activeDeadlineSeconds.map { .seconds($0) }
        let meta = pod.metadata
        podReference = "\(meta?.name ?? "")_\(meta?.namespace ?? "default")(\(meta?.uid ?? ""))"
        var records: [ContainerRecord] = []
        for container in spec.initContainers ?? [] {
            records.append(ContainerRecord(container, role: container.isRestartable ? .sidecar : .regularInit))
        }
        let initTotal = records.count
        initCount = initTotal
        for container in spec.containers ?? [] {
            records.append(ContainerRecord(container, role: .main))
        }
        containers = records
        var names: [String: Int] = [:]
        for (index, record) in records.enumerated() where names[record.name] == nil {
            names[record.name] = index
        }
        indexByName = names
        mainStatusOrder = Array(initTotal..<records.count)
            .sorted { records[$0].name < records[$1].name }
        mainCursor = initCount
        if options.publishesStatus { currentStatus = buildStatus() }
    }

    /// The latest pod status (what the last `publish` carried, or the initial Pending status).
    public var status: PodStatus { currentStatus }

    /// True once every container has exited and the terminal phase was decided.
    public var isFinished: Bool { finishedPhase != nil }

    /// Applies one event and returns what the runtime must do now, in order.
    public mutating func handle(_ event: PodEvent, at now: Instant) -> [PodAction] {
        guard finishedPhase == nil else { return [] }
        var out: [PodAction] = []
        switch event {
        case .admitted:
            guard admittedAt == nil else { return [] }
            admittedAt = now
            statusDirty = true
        case .containerStarted(let run):
            onContainerStarted(run, now, &out)
        case .containerFailedToStart(let run, let message):
            onContainerFailedToStart(run, message, now, &out)
        case .containerCreateBlocked(let run, let block):
            onContainerCreateBlocked(run, block, now, &out)
        case .hookFinished(let run, let kind, let outcome):
            onHookFinished(run, kind, outcome, now, &out)
        case .containerExited(let run, let exit):
            onContainerExited(run, exit, now, &out)
        case .probeReported(let run, let kind, let outcome):
            onProbeReported(run, kind, outcome, now, &out)
        case .timerFired:
            break
        case .deletionRequested(let gracePeriodSeconds):
            onDeletionRequested(gracePeriodSeconds, now, &out)
        }
        reconcile(now, &out)
        if finishedPhase == nil {
            publishIfChanged(now, &out)
            scheduleWake(now, &out)
        }
        return out
    }

    // MARK: - Helpers shared by the extensions

    func index(of run: ContainerRun, in phases: [InstancePhase]) -> Int? {
        guard let index = indexByName[run.name] else { return nil }
        let record = containers[index]
        guard record.attempt == run.attempt, phases.contains(record.phase) else { return nil }
        return index
    }

    var mainIndices: Range<Int> { initCount..<containers.count }

    var anyMainAlive: Bool { mainIndices.contains { containers[$0].isAlive } }

    func record(_ type: String, _ reason: String, _ message: String, _ index: Int?, _ now: Instant,
                _ out: inout [PodAction]) {
        out.append(.record(PodEventRecord(
            type: type, reason: reason, message: message,
            fieldPath: index.map { containers[$0].fieldPath }, at: now)))
    }

    /// Creates the next instance of a container (its first run or a restart).
    mutating func startInstance(_ index: Int, _ out: inout [PodAction]) {
        containers[index].attempt += 1
        if let current = containers[index].current {
            containers[index].previous = current
        }
        containers[index].current = nil
        containers[index].phase = .starting
        containers[index].startedAt = nil
        containers[index].settlesAt = nil
        containers[index].postStart = .notRun
        containers[index].restart = nil
        containers[index].blocked = nil
        containers[index].blockedUntil = nil
        statusDirty = true
        out.append(.startContainer(containers[index].run))
    }
}
