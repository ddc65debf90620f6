import TandemAPI

/// One decoded Kubernetes object of a kind tandem understands.
public enum ManifestObject: Sendable, Equatable {
    case pod(Pod)
    case job(Job)
    case cronJob(CronJob)
    case deployment(Deployment)
    case statefulSet(StatefulSet)
    case daemonSet(DaemonSet)
    case replicaSet(ReplicaSet)

    /// The object's `kind`.
    public var kind: String {
        switch self {
        case .pod: return "Pod"
        case .job: return "Job"
        case .cronJob: return "CronJob"
        case .deployment: return "Deployment"
        case .statefulSet: return "StatefulSet"
        case .daemonSet: return "DaemonSet"
        case .replicaSet: return "ReplicaSet"
        }
    }

    /// The object's `metadata.name`, if any.
    public var name: String? {
        switch self {
        case .pod(let object): return object.metadata?.name
        case .job(let object): return object.metadata?.name
        case .cronJob(let object): return object.metadata?.name
        case .deployment(let object): return object.metadata?.name
        case .statefulSet(let object): return object.metadata?.name
        case .daemonSet(let object): return object.metadata?.name
        case .replicaSet(let object): return object.metadata?.name
        }
    }
}

/// A pod spec found inside a manifest object, with the field path validation reports it under.
public struct PodSpecLocation: Sendable, Equatable {
    /// Path of the pod spec: `spec` for a Pod, `spec.template.spec` for workloads,
    /// `spec.jobTemplate.spec.template.spec` for a CronJob.
    public var path: String
    public var metadata: ObjectMeta?
    public var spec: PodSpec

    public init(path: String, metadata: ObjectMeta?, spec: PodSpec) {
        self.path = path
        self.metadata = metadata
        self.spec = spec
    }
}

extension ManifestObject {
    /// The pod spec this object runs (the Pod's own, or its template's), if present.
    public var podSpecLocation: PodSpecLocation? {
        switch self {
        case .pod(let pod):
            return pod.spec.map { PodSpecLocation(path: "spec", metadata: pod.metadata, spec: $0) }
        case .job(let job):
            return job.spec?.template?.spec.map {
                PodSpecLocation(path: "spec.template.spec", metadata: job.spec?.template?.metadata, spec: $0)
            }
        case .cronJob(let cronJob):
            let template = cronJob.spec?.jobTemplate?.spec?.template
            return template?.spec.map {
                PodSpecLocation(path: "spec.jobTemplate.spec.template.spec", metadata: template?.metadata, spec: $0)
            }
        case .deployment(let object):
            return object.spec?.template?.spec.map {
                PodSpecLocation(path: "spec.template.spec", metadata: object.spec?.template?.metadata, spec: $0)
            }
        case .statefulSet(let object):
            return object.spec?.template?.spec.map {
                PodSpecLocation(path: "spec.template.spec", metadata: object.spec?.template?.metadata, spec: $0)
            }
        case .daemonSet(let object):
            return object.spec?.template?.spec.map {
                PodSpecLocation(path: "spec.template.spec", metadata: object.spec?.template?.metadata, spec: $0)
            }
        case .replicaSet(let object):
            return object.spec?.template?.spec.map {
                PodSpecLocation(path: "spec.template.spec", metadata: object.spec?.template?.metadata, spec: $0)
            }
        }
    }
}
