import TandemAPI
import TandemLifecycle

/// A Pod or a Job to simulate.
public enum SimulatedObject: Sendable {
    case pod(Pod)
    case job(Job)
}

/// What happens to the simulated objects from outside: a deletion (SIGTERM to `tandem run`) and crashes.
public struct SimulationScript: Sendable, Equatable {
    /// One container exiting on its own at an instant.
    public struct Crash: Sendable, Equatable {
        public var container: String
        /// Time since the simulation's start.
        public var at: Duration
        public var exitCode: Int32

        public init(container: String, at: Duration, exitCode: Int32 = 1) {
            self.container = container
            self.at = at
            self.exitCode = exitCode
        }
    }

    /// When every object is deleted (time since the start); nil: pods that never end by themselves
    /// (`restartPolicy: Always`) are deleted `defaultDeletionDelay` after the start-up of all of them.
    public var deleteAt: Duration?
    public var crashes: [Crash]
    public var defaultDeletionDelay: Duration
    /// Virtual time after which the simulation stops whatever still runs (it says so).
    public var horizon: Duration

    public init(deleteAt: Duration? = nil, crashes: [Crash] = [], defaultDeletionDelay: Duration = .seconds(5),
                horizon: Duration = .seconds(86_400)) {
        self.deleteAt = deleteAt
        self.crashes = crashes
        self.defaultDeletionDelay = defaultDeletionDelay
        self.horizon = horizon
    }
}

/// Runs whole lifecycles on one virtual clock: every Pod of a file and the pods of every Job (created,
/// retried and deleted by the pure `JobController`), each on `PodStateMachine` as `tandem run` does, with
/// container timings instead of processes. The result is the transcript of decisions, for a narrator to
/// turn into the events `tandem run` writes. Deterministic: same inputs, same log.
public struct LifecycleSimulation: Sendable {
    public let objects: [SimulatedObject]
    public let options: LifecycleOptions
    public let script: SimulationScript
    /// Container timings for a pod spec (derived from the manifest, then the user's assumptions).
    public let timings: @Sendable (PodSpec) -> [String: ContainerTiming]

    /// A bound on decisions, so a crash-looping pod on a 24 h horizon still ends in well under a second.
    static let stepBound = 200_000

    /// A bound on the pods a simulation makes: a Job of many completions makes one pod after
    /// another for the whole horizon (a pod costs about a millisecond and a half, so
    /// `completions: 2147483647` ran for minutes within the step bound).
    static let podBound = 1_000

    public init(objects: [SimulatedObject], options: LifecycleOptions = LifecycleOptions(),
                script: SimulationScript = SimulationScript(),
                timings: @escaping @Sendable (PodSpec) -> [String: ContainerTiming]) {
        self.objects = objects
        self.options = options
        self.script = script
        self.timings = timings
    }

    public func run() -> SimulationLog {
        var run = Run(simulation: self)
        run.go()
        return run.log
    }
}

/// The state of one `LifecycleSimulation.run()`.
private struct Run {
    struct JobUnit {
        var controller: JobController
        var narrator: JobNarrator
        var wake: Instant?
        var pods: [JobPodID: Int] = [:]
        var restarts: [JobPodID: Int] = [:]
        var deleting = false
        var finished = false
    }

    let simulation: LifecycleSimulation
    var options: LifecycleOptions
    var log: SimulationLog
    var drivers: [Driver] = []
    var jobs: [JobUnit] = []
    var now = Driver.origin
    var deleteAt: Instant?
    var crashes: [SimulationScript.Crash]
    /// Pods whose mains never end by themselves: the default deletion waits for their start-up.
    var longRunning: [Int] = []
    var steps = 0
    /// Indices of the drivers that may still act, in order: a finished pod is never stepped
    /// again, and scanning every pod a Job ever made on every step made a Job of many
    /// completions quadratic (`completions: 2147483647` ran for minutes).
    var active: [Int] = []

    init(simulation: LifecycleSimulation) {
        self.simulation = simulation
        options = simulation.options
        options.publishesStatus = true
        log = SimulationLog(origin: Driver.origin)
        deleteAt = simulation.script.deleteAt.map { Driver.origin + $0 }
        crashes = simulation.script.crashes.sorted { $0.at < $1.at }
    }

    mutating func go() {
        for object in simulation.objects {
            switch object {
            case .pod(let pod):
                let index = addPod(pod, owner: nil)
                let spec = pod.spec ?? PodSpec()
                let timings = simulation.timings(spec)
                let mainsEnd = (spec.restartPolicy ?? "Always") != "Always"
                    && (spec.containers ?? []).allSatisfy { timings[$0.name ?? ""]?.runsFor != nil }
                if !mainsEnd { longRunning.append(index) }
            case .job(let job):
                log.jobs.append(job)
                jobs.append(JobUnit(controller: JobController(
                    spec: job.spec ?? JobSpec(), name: job.metadata?.name ?? "job",
                    namespace: job.metadata?.namespace ?? "default"), narrator: JobNarrator(job: job)))
                jobEvent(jobs.count - 1, .started)
            }
        }
        while steps < LifecycleSimulation.stepBound {
            steps += 1
            if drivers.count > LifecycleSimulation.podBound { break }
            if !log.deletionWasDefault, log.deletedAt == nil, deleteAt == nil, simulation.script.deleteAt == nil,
               !longRunning.isEmpty,
               longRunning.allSatisfy({ drivers[$0].startUpDone || drivers[$0].finished }) {
                deleteAt = now + simulation.script.defaultDeletionDelay
                log.deletionWasDefault = true
            }
            guard let next = nextInstant() else { return }
            if next > Driver.origin + simulation.script.horizon {
                log.stoppedAtBound = true
                return
            }
            now = max(now, next)
            if let index = active.first(where: { drivers[$0].nextInstant == next }) {
                drivers[index].now = now
                _ = drivers[index].step()
                drain(index)
            } else if let index = jobs.indices.first(where: { jobs[$0].wake == next }) {
                jobs[index].wake = nil
                jobEvent(index, .timerFired)
            } else if let crash = crashes.first, Driver.origin + crash.at == next {
                crashes.removeFirst()
                for index in drivers.indices {
                    drivers[index].now = now
                    if drivers[index].crash(crash.container, code: crash.exitCode) { drain(index) }
                }
            } else if deleteAt == next {
                deleteAt = nil
                deleteEverything()
            } else {
                return
            }
        }
        log.stoppedAtBound = true
    }

    mutating func nextInstant() -> Instant? {
        active.removeAll { drivers[$0].finished && drivers[$0].nextInstant == nil }
        var candidates = active.compactMap { drivers[$0].nextInstant } + jobs.compactMap(\.wake)
        if let crash = crashes.first { candidates.append(Driver.origin + crash.at) }
        if let deleteAt { candidates.append(deleteAt) }
        return candidates.min()
    }

    mutating func addPod(_ pod: Pod, owner: (job: Int, id: JobPodID)?) -> Int {
        var driver = Driver(pod: pod, timings: simulation.timings(pod.spec ?? PodSpec()), options: options)
        driver.keepsTranscript = true
        driver.narrator = PodNarrator(pod: pod, options: options)
        driver.budget = Int.max
        driver.now = now
        log.pods.append(pod)
        log.owners.append(owner)
        drivers.append(driver)
        let index = drivers.count - 1
        active.append(index)
        drivers[index].deliver(.admitted)
        drain(index)
        return index
    }

    /// Moves the pod's new steps into the log and tells its Job what it needs to know.
    mutating func drain(_ index: Int) {
        for step in drivers[index].transcript { log.records.append(.pod(index, step)) }
        drivers[index].transcript.removeAll(keepingCapacity: true)
        for event in drivers[index].narrated { log.told.append(SimulationLog.Told(object: .pod(index), event: event)) }
        drivers[index].narrated.removeAll(keepingCapacity: true)
        guard let owner = log.owners[index] else { return }
        let status = drivers[index].machine.status
        if let phase = drivers[index].finishedPhase {
            guard jobs[owner.job].pods.removeValue(forKey: owner.id) != nil else { return }
            var final = status
            final.phase = phase
            jobEvent(owner.job, .podFinished(owner.id, final))
            return
        }
        let restarts = ((status.initContainerStatuses ?? []) + (status.containerStatuses ?? []))
            .reduce(0) { $0 + Int($1.restartCount ?? 0) }
        if jobs[owner.job].restarts[owner.id] != restarts {
            jobs[owner.job].restarts[owner.id] = restarts
            jobEvent(owner.job, .podUpdated(owner.id, status))
        }
    }

    mutating func jobEvent(_ index: Int, _ event: JobEvent) {
        guard !jobs[index].deleting, !jobs[index].finished else { return }
        let actions = jobs[index].controller.handle(event, at: now)
        log.records.append(.job(index, at: now, event: event, actions: actions))
        for told in jobs[index].narrator.narrate(event, at: now, actions: actions, controller: jobs[index].controller) {
            log.told.append(SimulationLog.Told(object: .job(index), event: told))
        }
        for action in actions {
            switch action {
            case .createPod(let id):
                let pod = Self.pod(of: log.jobs[index], id)
                jobs[index].pods[id] = drivers.count
                _ = addPod(pod, owner: (index, id))
            case .deletePod(let id):
                if let pod = jobs[index].pods[id] { delete(pod, cause: "job") }
            case .wake(let at):
                jobs[index].wake = at
            case .finished:
                jobs[index].finished = true
                jobs[index].wake = nil
            }
        }
    }

    mutating func delete(_ index: Int, cause: String = "deletion") {
        guard !drivers[index].finished else { return }
        drivers[index].now = now
        drivers[index].narrator?.deletionCause = cause
        drivers[index].deliver(.deletionRequested(gracePeriodSeconds: nil))
        drain(index)
    }

    /// As SIGTERM to `tandem run`: every pod is deleted gracefully; Jobs stop deciding.
    mutating func deleteEverything() {
        log.deletedAt = now
        for index in jobs.indices { jobs[index].deleting = true; jobs[index].wake = nil }
        for index in drivers.indices { delete(index) }
    }

    /// The pod a Job's controller creates (as `JobWorker` does): the template named `JobController.podName`.
    static func pod(of job: Job, _ id: JobPodID) -> Pod {
        let name = job.metadata?.name ?? "job"
        var metadata = job.spec?.template?.metadata ?? ObjectMeta()
        metadata.name = JobController.podName(job: name, id)
        metadata.namespace = job.metadata?.namespace ?? "default"
        var labels = metadata.labels ?? [:]
        labels["job-name"] = name
        labels["batch.kubernetes.io/job-name"] = name
        metadata.labels = labels
        return Pod(apiVersion: "v1", kind: "Pod", metadata: metadata, spec: job.spec?.template?.spec)
    }
}
