import TandemAPI
import TandemLifecycle

/// Runs a pod's lifecycle on a virtual clock: TandemLifecycle's `PodStateMachine` (the same decisions
/// `tandem run` takes) with every container, hook and probe answered from assumed durations instead of
/// real processes. Pure and deterministic; a shutdown of a few containers takes microseconds.
///
/// Used by `tandem lint`'s termination-budget rule and by `tandem simulate`.
public struct PodSimulation {
    public let pod: Pod
    public var timings: [String: ContainerTiming]

    /// `timings` by container name; containers without an entry use `ContainerTiming()`.
    public init(pod: Pod, timings: [String: ContainerTiming]) {
        self.pod = pod
        self.timings = timings
    }

    /// Timings derived from the spec with `assumptions`.
    public init(pod: Pod, assumptions: TimingAssumptions = TimingAssumptions()) {
        self.init(pod: pod, timings: assumptions.timings(for: pod.spec ?? PodSpec()))
    }

    /// Starts the pod, waits until every regular container is running and its start-up (postStart,
    /// startup probes) is over, then requests deletion (`gracePeriodSeconds` nil: the pod's own
    /// `terminationGracePeriodSeconds`) and returns the shutdown chain up to the last exit.
    /// Returns nil if the pod never reaches that point (e.g. a regular init container never exits in the
    /// model, or no main container), within a bound of 10,000 events and of `workBound` container
    /// visits (the state machine looks at every container on every event, so a pod of thousands of
    /// containers would otherwise take quadratic time: it is not simulated).
    public func deletion(gracePeriodSeconds: Int64? = nil) -> ShutdownTrace? {
        var driver = Driver(pod: pod, timings: timings)
        guard driver.startUp() else { return nil }
        return driver.delete(gracePeriodSeconds: gracePeriodSeconds)
    }
}

/// The virtual runtime around one `PodStateMachine`: answers its actions from `ContainerTiming`s with
/// events at virtual instants. `PodSimulation.deletion` runs one alone; `LifecycleSimulation` steps
/// several (a Job's pods, a multi-pod file) on one clock through `nextInstant` and `step()`.
struct Driver {
    struct Pending {
        var at: Instant
        var event: PodEvent
    }

    static let origin = Instant(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
    static let stepBound = 10_000
    /// Events × containers: at most about 0.3 s in a debug build (each event costs a few passes
    /// over every container); a pod of 100 containers is still simulated in full.
    static let workBound = 150_000

    var machine: PodStateMachine
    let timings: [String: ContainerTiming]
    let mainNames: [String]
    /// Regular init containers: they run to completion (exit 0) as soon as they start.
    let runToCompletion: Set<String>
    let podGrace: Int64
    var now = Driver.origin
    var pending: [Pending] = []
    var wake: Instant?
    var startedAt: [String: Instant] = [:]
    var started: Set<String> = []
    /// The running instance of each container (between its `containerStarted` and its exit).
    var live: [String: ContainerRun] = [:]
    var recording = false
    var deletedAt = Driver.origin
    var steps: [ShutdownTrace.Step] = []
    /// Every event with the actions it produced, when `keepsTranscript` (LifecycleSimulation).
    var transcript: [SimulationStep] = []
    var keepsTranscript = false
    /// Tells every step as `tandem run` tells it (LifecycleSimulation); nil for lint's bare deletions.
    var narrator: PodNarrator?
    var narrated: [NarratedEvent] = []
    var finished = false
    var finishedPhase: String?
    var budget = Driver.stepBound

    init(pod: Pod, timings: [String: ContainerTiming], options: LifecycleOptions? = nil) {
        var defaults = LifecycleOptions()
        defaults.sidecarSettle = .zero
        defaults.publishesStatus = false
        machine = PodStateMachine(pod: pod, options: options ?? defaults)
        self.timings = timings
        mainNames = (pod.spec?.containers ?? []).compactMap(\.name)
        runToCompletion = Set((pod.spec?.initContainers ?? []).filter { !$0.isRestartable }.compactMap(\.name))
        podGrace = max(0, pod.spec?.terminationGracePeriodSeconds ?? 30)
        let containerCount = (pod.spec?.initContainers?.count ?? 0) + (pod.spec?.containers?.count ?? 0)
        budget = min(Driver.stepBound, Driver.workBound / max(1, containerCount))
        steps.reserveCapacity(16)
        pending.reserveCapacity(8)
    }

    /// Until every main runs and nothing of the start-up (hooks, startup probes) is outstanding.
    mutating func startUp() -> Bool {
        guard !mainNames.isEmpty else { return false }
        deliver(.admitted)
        while budget > 0, !finished {
            if startUpDone { return true }
            guard step() else { return false }
        }
        return false
    }

    /// Every main has run and no start-up work (postStart, startup probes, starts) is pending.
    var startUpDone: Bool {
        !mainNames.isEmpty && mainNames.allSatisfy(started.contains) && !pending.contains(where: isStartUpWork)
    }

    mutating func delete(gracePeriodSeconds: Int64?) -> ShutdownTrace? {
        recording = true
        deletedAt = now
        deliver(.deletionRequested(gracePeriodSeconds: gracePeriodSeconds))
        while !finished {
            guard budget > 0, step() else { return nil }
        }
        // As PodStateMachine.onDeletionRequested: a deletion's grace is at least 1 s.
        let grace = max(1, gracePeriodSeconds ?? podGrace)
        return ShutdownTrace(steps: steps, gracePeriod: .seconds(grace), finishedAfter: now - deletedAt)
    }

    func isStartUpWork(_ item: Pending) -> Bool {
        switch item.event {
        case .hookFinished(_, .postStart, _), .probeReported(_, .startup, _), .containerStarted: return true
        default: return false
        }
    }

    /// The instant of the next thing this pod's runtime would report; nil when nothing is left.
    var nextInstant: Instant? {
        guard !finished else { return nil }
        var earliest = wake
        for item in pending where earliest.map({ item.at < $0 }) ?? true { earliest = item.at }
        return earliest
    }

    /// Delivers the earliest pending event (or the wake-up); false when nothing is left to happen.
    mutating func step() -> Bool {
        budget -= 1
        var earliest: Int?
        for index in pending.indices where earliest.map({ pending[index].at < pending[$0].at }) ?? true {
            earliest = index
        }
        if let index = earliest, wake.map({ pending[index].at <= $0 }) ?? true {
            let item = pending.remove(at: index)
            now = max(now, item.at)
            if case .containerExited(let run, let exit) = item.event {
                note(run.name, .exited(code: exit.exitCode))
                ended(run)
            }
            if case .containerStarted(let run) = item.event { live[run.name] = run }
            if case .hookFinished(let run, .preStop, _) = item.event { note(run.name, .preStopFinished) }
            deliver(item.event)
            return true
        }
        guard let at = wake else { return false }
        wake = nil
        now = max(now, at)
        deliver(.timerFired)
        return true
    }

    /// The run is gone: whatever it still had pending (hooks die with it, probes and a later exit are
    /// about a process that no longer exists).
    mutating func ended(_ run: ContainerRun) {
        if live[run.name] == run { live[run.name] = nil }
        pending.removeAll { item in
            switch item.event {
            case .hookFinished(run, _, _), .probeReported(run, _, _), .containerExited(run, _), .containerStarted(run):
                return true
            default: return false
            }
        }
    }

    /// The container's running instance exits now with `code` (a crash); false when none runs.
    mutating func crash(_ name: String, code: Int32) -> Bool {
        guard !finished, let run = live[name] else { return false }
        ended(run)
        deliver(.containerExited(run, ContainerExit(exitCode: code)))
        return true
    }

    mutating func deliver(_ event: PodEvent) {
        let actions = machine.handle(event, at: now)
        if keepsTranscript { transcript.append(SimulationStep(at: now, event: event, actions: actions)) }
        if var told = narrator {
            narrated += told.narrate(event, at: now, actions: actions, machine: machine)
            narrator = told
        }
        apply(actions)
    }

    mutating func note(_ container: String, _ kind: ShutdownTrace.Step.Kind) {
        guard recording else { return }
        steps.append(ShutdownTrace.Step(at: now - deletedAt, container: container, kind: kind))
    }

    func timing(_ name: String) -> ContainerTiming { timings[name] ?? ContainerTiming() }

    mutating func apply(_ actions: [PodAction]) {
        for action in actions {
            switch action {
            case .startContainer(let run):
                let timing = timing(run.name)
                let running = now + timing.startDelay
                startedAt[run.name] = running
                started.insert(run.name)
                pending.append(Pending(at: running, event: .containerStarted(run)))
                if runToCompletion.contains(run.name) {
                    let exit = ContainerExit(exitCode: timing.exitCode)
                    pending.append(Pending(at: running + (timing.runsFor ?? .zero), event: .containerExited(run, exit)))
                } else if let runsFor = timing.runsFor {
                    pending.append(Pending(at: running + runsFor,
                                           event: .containerExited(run, ContainerExit(exitCode: timing.exitCode))))
                }
            case .runHook(let run, let kind):
                let timing = timing(run.name)
                let length = (kind == .preStop ? timing.preStop : timing.postStart) ?? .zero
                if kind == .preStop { note(run.name, .preStopStarted) }
                pending.append(Pending(at: now + length, event: .hookFinished(run, kind, .succeeded)))
            case .runProbe(let run, let kind):
                var outcome = ProbeOutcome.success
                if kind != .liveness, let since = startedAt[run.name], now < since + timing(run.name).startupProbePasses {
                    outcome = .failure(output: "assumed to pass \(ShutdownTrace.seconds(timing(run.name).startupProbePasses)) after start")
                }
                pending.append(Pending(at: now, event: .probeReported(run, kind, outcome)))
            case .signal(let run, .terminate):
                note(run.name, .terminate)
                let exitsOnItsOwn = pending.first { if case .containerExited(run, _) = $0.event { true } else { false } }
                if let delay = timing(run.name).exitAfterTerminate, exitsOnItsOwn.map({ now + delay < $0.at }) ?? true {
                    pending.removeAll { if case .containerExited(run, _) = $0.event { true } else { false } }
                    let code = timing(run.name).exitCodeAfterTerminate
                    let exit = ContainerExit(exitCode: code, signal: code == 143 ? 15 : nil)
                    pending.append(Pending(at: now + delay, event: .containerExited(run, exit)))
                }
            case .signal(let run, .kill):
                note(run.name, .kill)
                pending.removeAll { item in
                    switch item.event {
                    case .containerExited(run, _), .hookFinished(run, _, _): return true
                    default: return false
                    }
                }
                pending.append(Pending(at: now, event: .containerExited(run, ContainerExit(exitCode: 137, signal: 9))))
            case .wake(let at):
                wake = at
            case .finished(let phase):
                finished = true
                finishedPhase = phase
            case .publish, .record:
                break
            }
        }
    }
}
