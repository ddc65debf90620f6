import TandemAPI
import TandemManifest

extension ManifestObject {
    /// The same object with its pod spec (the Pod's own or its template's) replaced; unchanged when
    /// it has none.
    func replacingPodSpec(_ spec: PodSpec) -> ManifestObject {
        switch self {
        case .pod(var pod):
            pod.spec = spec
            return .pod(pod)
        case .job(var job):
            job.spec?.template?.spec = spec
            return .job(job)
        case .cronJob(var cronJob):
            cronJob.spec?.jobTemplate?.spec?.template?.spec = spec
            return .cronJob(cronJob)
        case .deployment(var object):
            object.spec?.template?.spec = spec
            return .deployment(object)
        case .statefulSet(var object):
            object.spec?.template?.spec = spec
            return .statefulSet(object)
        case .daemonSet(var object):
            object.spec?.template?.spec = spec
            return .daemonSet(object)
        case .replicaSet(var object):
            object.spec?.template?.spec = spec
            return .replicaSet(object)
        }
    }

    /// True for the kinds whose pods run to completion, where a helper that never exits blocks
    /// the Job.
    var runsToCompletion: Bool {
        switch self {
        case .job, .cronJob: return true
        default: return false
        }
    }
}
