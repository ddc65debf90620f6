import TandemAPI

extension Defaulting {
    /// Defaults any supported object: the Pod itself, or a workload's spec
    /// (`pkg/apis/batch/v1`, `pkg/apis/apps/v1` defaults) and its pod template.
    public static func apply(to object: inout ManifestObject) {
        switch object {
        case .pod(var pod):
            apply(to: &pod)
            object = .pod(pod)
        case .job(var job):
            apply(to: &job)
            object = .job(job)
        case .cronJob(var cronJob):
            apply(to: &cronJob)
            object = .cronJob(cronJob)
        case .deployment(var deployment):
            apply(to: &deployment)
            object = .deployment(deployment)
        case .statefulSet(var statefulSet):
            apply(to: &statefulSet)
            object = .statefulSet(statefulSet)
        case .daemonSet(var daemonSet):
            apply(to: &daemonSet)
            object = .daemonSet(daemonSet)
        case .replicaSet(var replicaSet):
            apply(to: &replicaSet)
            object = .replicaSet(replicaSet)
        }
    }
}
