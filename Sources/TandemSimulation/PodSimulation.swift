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

/// The virtual runtime around one `PodStateMachine`.
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
    var recording = false
    var deletedAt = Driver.origin
    var steps: [ShutdownTrace.Step] = []
    var finished = false
    var budget = Driver.stepBound

    init(pod: Pod, timings: [String: ContainerTiming]) {
        var options = LifecycleOptions()
        options.sidecarSettle = .zero
        options.publishesStatus = false
        machine = PodStateMachine(pod: pod, options: options)
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
        apply(machine.handle(.admitted, at: now))
        while budget > 0, !finished {
            if mainNames.allSatisfy(started.contains), !pending.contains(where: isStartUpWork) { return true }
            guard step() else { return false }
        }
        return false
    }

    mutating func delete(gracePeriodSeconds: Int64?) -> ShutdownTrace? {
        recording = true
        deletedAt = now
        apply(machine.handle(.deletionRequested(gracePeriodSeconds: gracePeriodSeconds), at: now))
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
                // The container's hooks die with it.
                pending.removeAll { if case .hookFinished(run, _, _) = $0.event { return true } else { return false } }
            }
            if case .hookFinished(let run, .preStop, _) = item.event { note(run.name, .preStopFinished) }
            apply(machine.handle(item.event, at: now))
            return true
        }
        guard let at = wake else { return false }
        wake = nil
        now = max(now, at)
        apply(machine.handle(.timerFired, at: now))
        return true
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
                startedAt[run.name] = now
                started.insert(run.name)
                pending.append(Pending(at: now, event: .containerStarted(run)))
                if runToCompletion.contains(run.name) {
                    pending.append(Pending(at: now, event: .containerExited(run, ContainerExit(exitCode: 0))))
                }
            case .runHook(let run, let kind):
                let timing = timing(run.name)
                let length = (kind == .preStop ? timing.preStop : timing.postStart) ?? .zero
                if kind == .preStop { note(run.name, .preStopStarted) }
                pending.append(Pending(at: now + length, event: .hookFinished(run, kind, .succeeded)))
            case .runProbe(let run, let kind):
                var outcome = ProbeOutcome.success
                if kind == .startup, let since = startedAt[run.name], now < since + timing(run.name).startupProbePasses {
                    outcome = .failure(output: "")
                }
                pending.append(Pending(at: now, event: .probeReported(run, kind, outcome)))
            case .signal(let run, .terminate):
                note(run.name, .terminate)
                if let delay = timing(run.name).exitAfterTerminate {
                    pending.append(Pending(at: now + delay, event: .containerExited(run, ContainerExit(exitCode: 143, signal: 15))))
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
            case .finished:
                finished = true
            case .publish, .record:
                break
            }
        }
    }
}
