import Synchronization
import TandemAPI
import TandemLifecycle

/// Runs a batch/v1 Job: the pure `JobController` decides when pods are created, retried and
/// deleted; this worker creates a `PodWorker` for each and reports their ends back to it.
public final class JobWorker: Sendable {
    public typealias PodFactory = @Sendable (Pod, PodObserver) -> PodWorker

    public let job: Job
    public let name: String
    private let host: any ProcessHost
    private let makePod: PodFactory
    private let observer: PodObserver
    private let done: @Sendable (Bool, String) -> Void
    private let core: Mutex<Core>
    private let inbox = SerialInbox<JobEvent>()

    private struct Core: ~Copyable {
        var controller: JobController
        var narrator: JobNarrator
        var pods: [JobPodID: PodWorker] = [:]
        /// The latest status each pod published: its final one goes with `podFinished`.
        var statuses: [JobPodID: PodStatus] = [:]
        var restarts: [JobPodID: Int] = [:]
        var wake: TimerToken?
        var deleting = false
        var reported = false
    }

    /// - Parameters:
    ///   - observer: receives the status, events and end of every pod the Job creates.
    ///   - done: called once with (succeeded, message) when the Job completed, failed or was deleted.
    public init(
        job: Job, host: any ProcessHost, makePod: @escaping PodFactory, observer: PodObserver,
        done: @escaping @Sendable (Bool, String) -> Void
    ) {
        self.job = job
        self.name = job.metadata?.name ?? "job"
        self.host = host
        self.makePod = makePod
        self.observer = observer
        self.done = done
        self.core = Mutex(Core(controller: JobController(
            spec: job.spec ?? JobSpec(), name: job.metadata?.name ?? "job",
            namespace: job.metadata?.namespace ?? "default"), narrator: JobNarrator(job: job)))
    }

    public func start() {
        post(.started)
    }

    /// Deletes the Job (SIGTERM/SIGINT to tandem): its pods terminate gracefully; the Job then ends as not completed.
    public func delete() {
        let pods = core.withLock { core -> [PodWorker] in
            core.deleting = true
            return Array(core.pods.values)
        }
        for pod in pods { pod.delete() }
        finishIfDeleted()
    }

    public func killNow() {
        for pod in core.withLock({ Array($0.pods.values) }) { pod.killNow() }
    }

    /// The Job as a unit of a run session.
    public var unit: RunSession.Unit {
        RunSession.Unit(name: name, start: start, delete: delete, kill: killNow)
    }

    private func post(_ event: JobEvent) {
        inbox.post(event) { event in
            let (actions, told) = core.withLock { core -> ([JobAction], [NarratedEvent]) in
                guard !core.deleting else { return ([], []) }
                let now = host.now()
                let actions = core.controller.handle(event, at: now)
                return (actions, core.narrator.narrate(event, at: now, actions: actions, controller: core.controller))
            }
            for event in told { observer.narrated(event) }
            for action in actions { execute(action) }
            finishIfDeleted()
        }
    }

    private func execute(_ action: JobAction) {
        switch action {
        case .createPod(let id):
            let worker = makePod(podFor(id), PodObserver(
                status: { [self] status in
                    observer.status(status)
                    // Only restart counts matter to a running pod's Job (`pastBackoffLimitOnFailure`).
                    // The pod worker publishes under its own lock and the controller may answer
                    // by deleting that very pod, so the report goes through the reactor.
                    let restarts = Self.restartCount(status)
                    let changed = core.withLock { core -> Bool in
                        core.statuses[id] = status
                        defer { core.restarts[id] = restarts }
                        return core.restarts[id] != restarts
                    }
                    if changed {
                        _ = host.schedule(at: host.now()) { [self] in post(.podUpdated(id, status)) }
                    }
                },
                event: observer.event,
                finished: { [self] phase in
                    observer.finished(phase)
                    var status = core.withLock { core -> PodStatus in
                        core.pods.removeValue(forKey: id)
                        core.restarts.removeValue(forKey: id)
                        return core.statuses.removeValue(forKey: id) ?? PodStatus()
                    }
                    status.phase = phase
                    post(.podFinished(id, status))
                    finishIfDeleted()
                }
            ))
            core.withLock { $0.pods[id] = worker }
            worker.start()
        case .deletePod(let id):
            core.withLock { $0.pods[id] }?.delete(cause: "job")
        case .wake(let instant):
            let token = host.schedule(at: instant) { [self] in post(.timerFired) }
            if let previous = core.withLock({ core -> TimerToken? in
                defer { core.wake = token }
                return core.wake
            }) {
                host.cancel(previous)
            }
        case .finished(let succeeded, let reason, let message):
            report(succeeded, succeeded ? "Job \(name) completed"
                : "Job \(name) failed: \(reason ?? "Failed"): \(message ?? "")")
        }
    }

    private func finishIfDeleted() {
        let idle = core.withLock { $0.deleting && $0.pods.isEmpty }
        if idle { report(false, "Job \(name) deleted before it completed") }
    }

    private func report(_ succeeded: Bool, _ message: String) {
        let first = core.withLock { core -> Bool in
            defer { core.reported = true }
            if let wake = core.wake { host.cancel(wake) }
            return !core.reported
        }
        if first { done(succeeded, message) }
    }

    /// The pod the Job controller would create: the template, named as `JobController.podName`,
    /// labelled as by the controller; for an Indexed Job with the completion index as annotation,
    /// label, `JOB_COMPLETION_INDEX` in every container and hostname `<job>-<index>`
    /// (`addCompletionIndexEnvVariables`, `getPodsForJob` templates in `pkg/controller/job`).
    private func podFor(_ id: JobPodID) -> Pod {
        let template = job.spec?.template
        var metadata = template?.metadata ?? ObjectMeta()
        var spec = template?.spec
        metadata.name = JobController.podName(job: name, id)
        metadata.namespace = job.metadata?.namespace ?? "default"
        // The API server gives each pod its own uid.
        metadata.uid = ObjectMeta.randomUID()
        var labels = metadata.labels ?? [:]
        labels["job-name"] = name
        labels["batch.kubernetes.io/job-name"] = name
        if let index = id.index {
            labels[Self.completionIndexKey] = String(index)
            metadata.annotations = (metadata.annotations ?? [:]).merging([Self.completionIndexKey: String(index)]) { $1 }
            var indexed = spec ?? PodSpec()
            indexed.hostname = "\(name)-\(index)"
            indexed.initContainers = indexed.initContainers.map { $0.map(Self.withCompletionIndexEnv) }
            indexed.containers = indexed.containers.map { $0.map(Self.withCompletionIndexEnv) }
            spec = indexed
        }
        metadata.labels = labels
        metadata.ownerReferences = [OwnerReference(apiVersion: "batch/v1", kind: "Job", name: name,
                                                   uid: job.metadata?.uid ?? "", controller: true,
                                                   blockOwnerDeletion: true)]
        return Pod(metadata: metadata, spec: spec)
    }

    static func restartCount(_ status: PodStatus) -> Int {
        ((status.initContainerStatuses ?? []) + (status.containerStatuses ?? [])).reduce(0) {
            $0 + Int($1.restartCount ?? 0)
        }
    }

    static let completionIndexKey = "batch.kubernetes.io/job-completion-index"

    /// `addCompletionIndexEnvVariable`: unless the container sets it itself.
    static func withCompletionIndexEnv(_ container: Container) -> Container {
        var container = container
        var env = container.env ?? []
        guard !env.contains(where: { $0.name == "JOB_COMPLETION_INDEX" }) else { return container }
        env.append(EnvVar(name: "JOB_COMPLETION_INDEX", valueFrom: EnvVarSource(
            fieldRef: ObjectFieldSelector(fieldPath: "metadata.annotations['\(completionIndexKey)']"))))
        container.env = env
        return container
    }
}
