import TandemAPI
import TandemLifecycle
import TandemRuntime

extension LocalRun {
    /// A Deployment, ReplicaSet, DaemonSet or StatefulSet of the run: its pods report to the
    /// status file and print their events under their own names; the controller's events print
    /// under `Kind/name`.
    func makeWorkloadWorker(_ workload: WorkloadPlan, runtime: LocalRuntime, results: ResultBook,
                            story: RunStory, session: RunSession) -> WorkloadWorker {
        let unitName = "\(workload.kind)/\(workload.name)"
        return WorkloadWorker(
            plan: workload,
            host: runtime.host,
            makePod: { pod, observer in
                runtime.makeWorker(pod: pod, options: options, observer: PodObserver(
                    status: { status in
                        results.record(pod: pod, status: status)
                        story.status(status, pod: pod)
                        observer.status(status)
                    },
                    finished: { phase in
                        story.finished(pod: pod)
                        observer.finished(phase)
                    },
                    narrated: { event in story.told(event, pod: pod) }
                ))
            },
            event: { event in story.told(event, workload: workload) },
            done: { succeeded, message in
                story.note(message, label: unitName)
                session.finished(unitName, succeeded: succeeded)
            }
        )
    }
}

extension WorkloadPlan {
    /// Stand-ins for the pods the workload will run, named as long as theirs will be.
    var podShapes: [Pod] {
        let template = pod(WorkloadPodID(0, ordinal: 0), "xxxxx")
        return Array(repeating: template, count: max(1, replicas))
    }
}
