import TandemAPI
import TandemLifecycle
import TandemRuntime

extension LocalRun {
    /// A Deployment, ReplicaSet, DaemonSet or StatefulSet of the run: its pods report to the
    /// status file and print their events under their own names; the controller's events print
    /// under `Kind/name`.
    func makeWorkloadWorker(_ workload: WorkloadPlan, runtime: LocalRuntime, results: ResultBook,
                            printer: EventPrinter, session: RunSession) -> WorkloadWorker {
        let unitName = "\(workload.kind)/\(workload.name)"
        return WorkloadWorker(
            plan: workload,
            host: runtime.host,
            makePod: { pod, observer in
                let name = pod.metadata?.name ?? ""
                return runtime.makeWorker(pod: pod, options: options, observer: PodObserver(
                    status: { status in
                        results.record(pod: pod, status: status)
                        observer.status(status)
                    },
                    event: { event in printer.print(event, pod: name) },
                    finished: { phase in
                        printer.note("pod \(name) \(phase)", pod: name)
                        observer.finished(phase)
                    }
                ))
            },
            event: { event in printer.print(event, pod: unitName) },
            done: { succeeded, message in
                printer.note(message, pod: unitName)
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
