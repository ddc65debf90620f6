import TandemAPI
import TandemLifecycle

/// A long-running workload (Deployment, ReplicaSet, DaemonSet, StatefulSet) made ready to run:
/// its controller, how it names and builds each pod it creates, and the controller's event
/// texts. Built by `WorkloadPlan.make`, run by `WorkloadWorker`.
public struct WorkloadPlan: Sendable {
    /// `Deployment`, `ReplicaSet`, `DaemonSet` or `StatefulSet`.
    public var kind: String
    public var name: String
    public var namespace: String
    /// The pods the workload keeps (1 for a DaemonSet), after `--replicas`.
    public var replicas: Int
    public var controller: any WorkloadControlling
    /// The pod for an id; `suffix` is the random 5-character suffix of a `generateName`
    /// (unused by a StatefulSet, whose names are ordinals).
    public var pod: @Sendable (WorkloadPodID, _ suffix: String) -> Pod
    /// Events the controllers record when the workload starts (the Deployment's `ScalingReplicaSet`).
    public var startEvents: [(reason: String, message: String)]
    /// The creating controller's event texts for a pod name.
    public var created: @Sendable (String) -> (reason: String, message: String)
    public var deleted: @Sendable (String) -> (reason: String, message: String)
    /// The event a controller records when one of its pods ends by itself, if any.
    public var ended: @Sendable (_ pod: String, _ phase: String) -> (type: String, reason: String, message: String)?

    /// The plan for `object` when it is a long-running workload; nil for Pods, Jobs and CronJobs.
    /// `replicas` overrides `spec.replicas` (`--replicas`; not for a DaemonSet). `node` names
    /// this machine in the DaemonSet controller's messages.
    public static func make(deployment: Deployment, replicas: Int?) -> WorkloadPlan {
        let name = deployment.metadata?.name ?? "deployment"
        let namespace = deployment.metadata?.namespace ?? "default"
        let template = deployment.spec?.template
        let hash = PodTemplateHash.compute(template)
        let replicaSet = "\(name)-\(hash)"
        let count = replicas ?? Int(deployment.spec?.replicas ?? 1)
        let owner = OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: replicaSet,
                                   uid: "\(deployment.metadata?.uid ?? name)-\(hash)", controller: true,
                                   blockOwnerDeletion: true)
        var plan = replicaSetStyle(kind: "Deployment", name: name, namespace: namespace, replicas: count,
                                   template: template, generateName: "\(replicaSet)-", owner: owner,
                                   labels: ["pod-template-hash": hash])
        // The Deployment controller records the new ReplicaSet's scale-up only when it has replicas
        // (`getNewReplicaSet`, pkg/controller/deployment/sync.go: `!alreadyExists && newReplicasCount > 0`).
        plan.startEvents = count > 0 ? [("ScalingReplicaSet", "Scaled up replica set \(replicaSet) from 0 to \(count)")] : []
        return plan
    }

    public static func make(replicaSet: ReplicaSet, replicas: Int?) -> WorkloadPlan {
        let name = replicaSet.metadata?.name ?? "replicaset"
        let owner = OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: name,
                                   uid: replicaSet.metadata?.uid ?? name, controller: true, blockOwnerDeletion: true)
        return replicaSetStyle(kind: "ReplicaSet", name: name, namespace: replicaSet.metadata?.namespace ?? "default",
                               replicas: replicas ?? Int(replicaSet.spec?.replicas ?? 1),
                               template: replicaSet.spec?.template, generateName: "\(name)-", owner: owner, labels: [:])
    }

    /// One pod: this machine is the only node. The labels of `util.CreatePodTemplate`
    /// (`controller-revision-hash`, `pod-template-generation` 1); the node affinity and
    /// tolerations it adds choose among nodes and are left out.
    public static func make(daemonSet: DaemonSet, node: String) -> WorkloadPlan {
        let name = daemonSet.metadata?.name ?? "daemonset"
        let namespace = daemonSet.metadata?.namespace ?? "default"
        let hash = PodTemplateHash.compute(daemonSet.spec?.template)
        let owner = OwnerReference(apiVersion: "apps/v1", kind: "DaemonSet", name: name,
                                   uid: daemonSet.metadata?.uid ?? name, controller: true, blockOwnerDeletion: true)
        var plan = replicaSetStyle(kind: "DaemonSet", name: name, namespace: namespace, replicas: 1,
                                   template: daemonSet.spec?.template, generateName: "\(name)-", owner: owner,
                                   labels: ["controller-revision-hash": hash, "pod-template-generation": "1"])
        plan.ended = { pod, phase in
            phase == "Failed"
                ? ("Warning", "FailedDaemonPod", "Found failed daemon pod \(namespace)/\(pod) on node \(node), will try to kill it")
                : ("Normal", "SucceededDaemonPod", "Found succeeded daemon pod \(namespace)/\(pod) on node \(node), will try to delete it")
        }
        return plan
    }

    /// Pods `<set>-<ordinal>` (`getPodName`) with `initIdentity`: hostname the pod name,
    /// subdomain `serviceName`, labels `statefulset.kubernetes.io/pod-name`,
    /// `apps.kubernetes.io/pod-index` and `controller-revision-hash` (`<set>-<hash>`).
    public static func make(statefulSet: StatefulSet, replicas: Int?) -> WorkloadPlan {
        let name = statefulSet.metadata?.name ?? "statefulset"
        let namespace = statefulSet.metadata?.namespace ?? "default"
        let spec = statefulSet.spec
        let count = replicas ?? Int(spec?.replicas ?? 1)
        var start = 0
        if case .object(let ordinals)? = spec?.ordinals, case .number(let value)? = ordinals["start"],
           let parsed = Int(exactly: value) {
            start = max(0, parsed)
        }
        let revision = "\(name)-\(PodTemplateHash.compute(spec?.template))"
        let owner = OwnerReference(apiVersion: "apps/v1", kind: "StatefulSet", name: name,
                                   uid: statefulSet.metadata?.uid ?? name, controller: true, blockOwnerDeletion: true)
        let template = spec?.template
        let serviceName = spec?.serviceName
        return WorkloadPlan(
            kind: "StatefulSet", name: name, namespace: namespace, replicas: count,
            controller: StatefulSetController(replicas: count, startOrdinal: start,
                                              parallel: spec?.podManagementPolicy == "Parallel"),
            pod: { id, _ in
                let ordinal = id.ordinal ?? 0
                var pod = podFromTemplate(template, name: "\(name)-\(ordinal)", generateName: nil,
                                          namespace: namespace, owner: owner, serial: id.serial, labels: [
                                              "statefulset.kubernetes.io/pod-name": "\(name)-\(ordinal)",
                                              "apps.kubernetes.io/pod-index": String(ordinal),
                                              "controller-revision-hash": revision,
                                          ])
                pod.spec?.hostname = "\(name)-\(ordinal)"
                pod.spec?.subdomain = serviceName
                return pod
            },
            startEvents: [],
            created: { ("SuccessfulCreate", "create Pod \($0) in StatefulSet \(name) successful") },
            deleted: { ("SuccessfulDelete", "delete Pod \($0) in StatefulSet \(name) successful") },
            ended: { _, _ in nil }
        )
    }

    static func replicaSetStyle(kind: String, name: String, namespace: String, replicas: Int,
                                template: PodTemplateSpec?, generateName: String, owner: OwnerReference,
                                labels extra: [String: String]) -> WorkloadPlan {
        WorkloadPlan(
            kind: kind, name: name, namespace: namespace, replicas: max(0, replicas),
            controller: ReplicaSetController(replicas: replicas),
            pod: { id, suffix in
                podFromTemplate(template, name: generateName + suffix, generateName: generateName,
                                namespace: namespace, owner: owner, serial: id.serial, labels: extra)
            },
            startEvents: [],
            created: { ("SuccessfulCreate", "Created pod: \($0)") },
            deleted: { ("SuccessfulDelete", "Deleted pod: \($0)") },
            ended: { _, _ in nil }
        )
    }

    /// `controller.GetPodFromTemplate`: the template's labels (with the controller's own `extra`
    /// labels), annotations, finalizers and spec, the owner as controller reference.
    static func podFromTemplate(_ template: PodTemplateSpec?, name: String, generateName: String?,
                                namespace: String, owner: OwnerReference, serial: Int,
                                labels extra: [String: String]) -> Pod {
        var metadata = ObjectMeta()
        metadata.name = name
        metadata.generateName = generateName
        metadata.namespace = namespace
        metadata.uid = "\(owner.uid ?? name)-\(serial)"
        metadata.labels = (template?.metadata?.labels ?? [:]).merging(extra) { $1 }
        metadata.annotations = template?.metadata?.annotations
        metadata.finalizers = template?.metadata?.finalizers
        metadata.ownerReferences = [owner]
        return Pod(apiVersion: "v1", kind: "Pod", metadata: metadata, spec: template?.spec ?? PodSpec())
    }
}
