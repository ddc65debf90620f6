import TandemAPI

extension RunPlan {
    /// Every pod and Job with a `metadata.uid`, as the API server gives one on creation (a random
    /// UUID unless the manifest has one), so events, `metadata.uid` fieldRefs and messages
    /// (`web_default(<uid>)`) never show an empty uid.
    func withUIDs() -> RunPlan {
        var plan = self
        plan.units = units.map { unit in
            switch unit {
            case .pod(var pod):
                pod.metadata = (pod.metadata ?? ObjectMeta()).withUID()
                return .pod(pod)
            case .job(var job):
                job.metadata = (job.metadata ?? ObjectMeta()).withUID()
                return .job(job)
            case .workload(var workload):
                let make = workload.pod
                workload.pod = { id, suffix in
                    var pod = make(id, suffix)
                    pod.metadata = (pod.metadata ?? ObjectMeta()).withUID()
                    return pod
                }
                return .workload(workload)
            }
        }
        return plan
    }
}
