import Synchronization
import TandemAPI
import TandemLifecycle

/// Runs a long-running workload (Deployment, ReplicaSet, DaemonSet, StatefulSet): its pure
/// controller (`ReplicaSetController`, `StatefulSetController`) decides which pods exist; this
/// worker creates a `PodWorker` for each, names it, and reports readiness and ends back.
/// It finishes after `delete()`, once its last pod is gone, or at once when it has 0 replicas.
public final class WorkloadWorker: Sendable {
    public typealias PodFactory = @Sendable (Pod, PodObserver) -> PodWorker

    public let plan: WorkloadPlan
    /// `Kind/name`: the unit's name in a run session (a Pod and a Deployment may share a name).
    public let name: String
    private let host: any ProcessHost
    private let makePod: PodFactory
    private let event: @Sendable (PodEventRecord) -> Void
    private let suffix: @Sendable () -> String
    private let done: @Sendable (Bool, String) -> Void
    private let core: Mutex<Core>
    private let inbox = SerialInbox<WorkloadEvent>()

    private struct Core: ~Copyable {
        var controller: any WorkloadControlling
        var pods: [WorkloadPodID: PodWorker] = [:]
        var names: [WorkloadPodID: String] = [:]
        var usedNames: Set<String> = []
        var readiness: [WorkloadPodID: Bool] = [:]
        var killed = false
        var reported = false
        /// `delete()` or `killNow()` was called: how the end is told.
        var deleting = false
    }

    /// - Parameters:
    ///   - event: the controller's own events (`SuccessfulCreate`, …), as records of the workload.
    ///   - suffix: the random part of a `generateName` (5 characters of `PodTemplateHash.alphabet`).
    ///   - done: called once with (succeeded, message) after the workload was deleted and its pods are gone.
    public init(
        plan: WorkloadPlan, host: any ProcessHost, makePod: @escaping PodFactory,
        event: @escaping @Sendable (PodEventRecord) -> Void = { _ in },
        suffix: @escaping @Sendable () -> String = {
            var generator = SystemRandomNumberGenerator()
            return PodTemplateHash.randomSuffix(using: &generator)
        },
        done: @escaping @Sendable (Bool, String) -> Void
    ) {
        self.plan = plan
        self.name = "\(plan.kind)/\(plan.name)"
        self.host = host
        self.makePod = makePod
        self.event = event
        self.suffix = suffix
        self.done = done
        self.core = Mutex(Core(controller: plan.controller))
    }

    public func start() {
        for (reason, message) in plan.startEvents { record("Normal", reason, message) }
        post(.started)
    }

    /// Deletes the workload (SIGTERM/SIGINT to tandem): the controller deletes its pods, in its order.
    public func delete() {
        core.withLock { $0.deleting = true }
        post(.deletionRequested)
    }

    /// A second SIGINT: every pod is killed at once and no pod is created any more.
    public func killNow() {
        let pods = core.withLock { core -> [PodWorker] in
            core.killed = true
            core.deleting = true
            return Array(core.pods.values)
        }
        post(.deletionRequested)
        for pod in pods { pod.killNow() }
    }

    /// The workload as a unit of a run session.
    public var unit: RunSession.Unit {
        RunSession.Unit(name: name, start: start, delete: delete, kill: killNow)
    }

    private func post(_ event: WorkloadEvent) {
        inbox.post(event) { event in
            let actions = core.withLock { core in core.controller.handle(event) }
            for action in actions { execute(action) }
        }
    }

    private func execute(_ action: WorkloadAction) {
        switch action {
        case .createPod(let id):
            let (pod, podName) = core.withLock { core -> (Pod, String) in
                var candidate = plan.pod(id, suffix())
                // A generated name is unique, as the API server makes sure by retrying.
                while core.usedNames.contains(candidate.metadata?.name ?? ""), id.ordinal == nil {
                    candidate = plan.pod(id, suffix())
                }
                let podName = candidate.metadata?.name ?? ""
                core.usedNames.insert(podName)
                core.names[id] = podName
                return (candidate, podName)
            }
            let worker = makePod(pod, PodObserver(
                status: { [self] status in
                    let ready = status.isRunningAndReady
                    let changed = core.withLock { core -> Bool in
                        defer { core.readiness[id] = ready }
                        return core.readiness[id, default: false] != ready
                    }
                    // The pod publishes under its own lock and the controller may answer by
                    // deleting that very pod, so the report goes through the reactor.
                    if changed {
                        _ = host.schedule(at: host.now()) { [self] in post(.podReadinessChanged(id, runningAndReady: ready)) }
                    }
                },
                finished: { [self] phase in
                    core.withLock { core in
                        core.pods.removeValue(forKey: id)
                        core.readiness.removeValue(forKey: id)
                    }
                    if let ended = plan.ended(podName, phase) { record(ended.type, ended.reason, ended.message) }
                    post(.podFinished(id, phase: phase))
                }
            ))
            let killed = core.withLock { core -> Bool in
                core.pods[id] = worker
                return core.killed
            }
            let created = plan.created(podName)
            record("Normal", created.reason, created.message)
            worker.start()
            if killed { worker.killNow() }
        case .deletePod(let id):
            let (worker, podName) = core.withLock { ($0.pods[id], $0.names[id] ?? "") }
            let deleted = plan.deleted(podName)
            record("Normal", deleted.reason, deleted.message)
            worker?.delete()
        case .finished(let succeeded):
            let (first, deleting) = core.withLock { core -> (Bool, Bool) in
                defer { core.reported = true }
                return (!core.reported, core.deleting)
            }
            // Not deleted: it has no replicas (`--replicas 0`), so it ends with nothing run.
            if first {
                done(succeeded, deleting ? "\(plan.kind) \(plan.name) deleted"
                                         : "\(plan.kind) \(plan.name) has 0 replicas: no pod to run")
            }
        }
    }

    private func record(_ type: String, _ reason: String, _ message: String) {
        event(PodEventRecord(type: type, reason: reason, message: message, fieldPath: nil, at: host.now()))
    }
}
