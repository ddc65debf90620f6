import TandemAPI

/// The StatefulSet controller's decisions for `tandem run` (`pkg/controller/statefulset`,
/// `updateStatefulSet`), as a pure value.
///
/// Pods have stable ordinals `start..<start+replicas` (`spec.ordinals.start`). Under
/// `podManagementPolicy: OrderedReady` (the default) pod N+1 is created only once every pod
/// before it is Running and Ready (`isRunningAndReady`), and a pod that ends is created again
/// under its ordinal before any later one; under `Parallel` every missing pod is created at once.
///
/// Deletion (SIGINT/SIGTERM) is a scale to zero: under `OrderedReady` the pods are deleted from
/// the highest ordinal down, each once the one above it is gone; under `Parallel` all at once.
/// Unlike a scale-down on a cluster, a pod that is not Ready does not stop the deletion (tandem
/// must be able to stop), and `minReadySeconds` is not waited for.
public struct StatefulSetController: WorkloadControlling, Sendable {
    public let replicas: Int
    public let startOrdinal: Int
    public let parallel: Bool
    /// The current pod of each ordinal and whether it is Running and Ready.
    public private(set) var pods: [Int: (id: WorkloadPodID, ready: Bool)] = [:]
    public private(set) var isFinished = false
    var deleted: Set<WorkloadPodID> = []
    var nextSerial = 0
    var started = false
    var deleting = false
    var everyPodSucceeded = true

    /// `podManagementPolicy` `Parallel` sets `parallel`; anything else is `OrderedReady`.
    public init(replicas: Int, startOrdinal: Int = 0, parallel: Bool = false) {
        self.replicas = max(0, replicas)
        self.startOrdinal = max(0, startOrdinal)
        self.parallel = parallel
    }

    public mutating func handle(_ event: WorkloadEvent) -> [WorkloadAction] {
        guard !isFinished else { return [] }
        switch event {
        case .started:
            guard !started else { return [] }
            started = true
        case .podReadinessChanged(let id, let ready):
            guard let ordinal = id.ordinal, pods[ordinal]?.id == id else { return [] }
            pods[ordinal]?.ready = ready
        case .podFinished(let id, let phase):
            guard let ordinal = id.ordinal, pods[ordinal]?.id == id else { return [] }
            pods[ordinal] = nil
            deleted.remove(id)
            if phase != "Succeeded" { everyPodSucceeded = false }
        case .deletionRequested:
            guard !deleting else { return [] }
            deleting = true
        }
        guard started else { return [] }
        var out: [WorkloadAction] = []
        if deleting || replicas == 0 {
            deletePods(&out)
            if pods.isEmpty {
                isFinished = true
                out.append(.finished(succeeded: everyPodSucceeded))
            }
        } else {
            createPods(&out)
        }
        return out
    }

    mutating func createPods(_ out: inout [WorkloadAction]) {
        for ordinal in startOrdinal..<(startOrdinal + replicas) {
            guard let pod = pods[ordinal] else {
                let id = WorkloadPodID(nextSerial, ordinal: ordinal)
                nextSerial += 1
                pods[ordinal] = (id, false)
                out.append(.createPod(id))
                if parallel { continue }
                return
            }
            if !parallel && !pod.ready { return }
        }
    }

    mutating func deletePods(_ out: inout [WorkloadAction]) {
        let condemned = pods.keys.sorted(by: >)
        for ordinal in condemned {
            guard let id = pods[ordinal]?.id else { continue }
            if deleted.contains(id) {
                if parallel { continue }
                return
            }
            deleted.insert(id)
            out.append(.deletePod(id))
            if !parallel { return }
        }
    }
}
