import TandemAPI

/// The ReplicaSet controller's decisions for `tandem run` (`pkg/controller/replicaset`), as a
/// pure value like `JobController`; also what runs the pods of a Deployment (through the
/// ReplicaSet it would create) and of a DaemonSet (one node: one pod).
///
/// What one node can show of it: `replicas` pods from the template, and a pod that ends is
/// replaced at once by a new one (`manageReplicas` counts only active pods, `FilterActivePods`;
/// the ended pod stays, as on a cluster until the pod GC removes it). The templates of these
/// kinds only allow `restartPolicy: Always`, so a pod ends only by its own
/// `activeDeadlineSeconds`; containers that exit are restarted by the kubelet rules. The DaemonSet
/// controller also creates the replacement at once (`podsShouldBeOnNode`: a failed pod is not
/// counted as running; only the deletion of the failed pod is rate-limited).
///
/// The workload never finishes by itself: on deletion every active pod is deleted at once (the
/// garbage collector's cascading deletion), and it finishes when the last one is gone.
public struct ReplicaSetController: WorkloadControlling, Sendable {
    public let replicas: Int
    public private(set) var active: Set<WorkloadPodID> = []
    public private(set) var isFinished = false
    var nextSerial = 0
    var started = false
    var deleting = false
    var everyPodSucceeded = true

    public init(replicas: Int) {
        self.replicas = max(0, replicas)
    }

    public mutating func handle(_ event: WorkloadEvent) -> [WorkloadAction] {
        guard !isFinished else { return [] }
        var out: [WorkloadAction] = []
        switch event {
        case .started:
            guard !started else { return [] }
            started = true
        case .podReadinessChanged:
            return []
        case .podFinished(let id, let phase):
            guard active.remove(id) != nil else { return [] }
            if phase != "Succeeded" { everyPodSucceeded = false }
        case .deletionRequested:
            guard !deleting else { return [] }
            deleting = true
            for id in active.sorted(by: { $0.serial < $1.serial }) {
                out.append(.deletePod(id))
            }
        }
        guard started else { return out }
        if deleting || replicas == 0 {
            if active.isEmpty {
                isFinished = true
                out.append(.finished(succeeded: everyPodSucceeded))
            }
            return out
        }
        while active.count < replicas {
            let id = WorkloadPodID(nextSerial)
            nextSerial += 1
            active.insert(id)
            out.append(.createPod(id))
        }
        return out
    }
}
