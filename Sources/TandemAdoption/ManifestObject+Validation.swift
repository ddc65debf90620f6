import TandemAPI
import TandemManifest
import TandemValidation

extension ManifestObject {
    /// Create-time validation errors of this object, as the API server returns them for its kind
    /// (`PodValidation`): what `tandem validate`, `run`, `resources` and lint's `invalid` rule report.
    /// Here because TandemAdoption is the lowest module that sees both the decoded object and the
    /// validation.
    public var validationErrors: [FieldError] {
        switch self {
        case .pod(let pod): return PodValidation.validate(pod: pod)
        case .job(let job): return PodValidation.validate(job: job)
        case .cronJob(let cronJob): return PodValidation.validate(cronJob: cronJob)
        case .deployment(let deployment): return PodValidation.validate(deployment: deployment)
        case .statefulSet(let statefulSet): return PodValidation.validate(statefulSet: statefulSet)
        case .daemonSet(let daemonSet): return PodValidation.validate(daemonSet: daemonSet)
        case .replicaSet(let replicaSet): return PodValidation.validate(replicaSet: replicaSet)
        }
    }
}
