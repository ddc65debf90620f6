import Foundation
import Glibc
import TandemAPI
import TandemLifecycle
import TandemRuntime

/// One invocation of `tandem run` after its plan was accepted: builds the runtime, runs every
/// unit (pod or Job) side by side, turns tandem's own signals into deletion, and writes the
/// status file.
struct LocalRun {
    var plan: RunPlan
    var options: LifecycleOptions
    var imageCommands: [String: String]
    var logDirectory: String?
    var quiet: Bool
    var statusFile: String?

    /// Runs everything to completion; true when every pod and Job succeeded.
    func run() async throws -> Bool {
        let pods = plan.units.flatMap(\.podShapes)
        let runtime = try LocalRuntime(pods: pods, imageCommands: imageCommands, logDirectory: logDirectory, quiet: quiet)
        defer {
            runtime.shutdown()
            runtime.flushTerminal()
        }
        let session = RunSession()
        let results = ResultBook(alwaysList: plan.runsWorkloads)
        let printer = EventPrinter(terminal: runtime.stderr, width: pods.map { ($0.metadata?.name ?? "").count }.max() ?? 0)

        for unit in plan.units {
            switch unit {
            case .pod(let pod):
                let name = pod.metadata?.name ?? ""
                let worker = runtime.makeWorker(pod: pod, options: options, observer: PodObserver(
                    status: { status in results.record(pod: pod, status: status) },
                    event: { event in printer.print(event, pod: name) },
                    finished: { phase in
                        printer.note("pod \(name) \(phase)", pod: name)
                        session.finished(name, succeeded: phase == "Succeeded")
                    }
                ))
                session.add(RunSession.Unit(worker))
            case .job(let job):
                let name = job.metadata?.name ?? ""
                let jobWorker = JobWorker(
                    job: job,
                    host: runtime.host,
                    makePod: { pod, observer in
                        runtime.makeWorker(pod: pod, options: options, observer: PodObserver(
                            status: { status in
                                results.record(pod: pod, status: status)
                                observer.status(status)
                            },
                            event: observer.event,
                            finished: observer.finished
                        ))
                    },
                    observer: PodObserver(event: { event in printer.print(event, pod: name) }),
                    done: { succeeded, message in
                        printer.note(message, pod: name)
                        session.finished(name, succeeded: succeeded)
                    }
                )
                session.add(jobWorker.unit)
            case .workload(let workload):
                session.add(makeWorkloadWorker(workload, runtime: runtime, results: results, printer: printer,
                                               session: session).unit)
            }
        }

        try runtime.host.onSignals([SIGINT, SIGTERM]) { signal in
            session.deleteAll(forceOnRepeat: signal == SIGINT)
        }
        session.startAll()
        await session.waitUntilFinished()

        if let statusFile {
            try results.write(to: statusFile)
        }
        printer.note("container logs (CRI format, one file per run): \(runtime.runDirectory)", pod: "tandem")
        return session.allSucceeded
    }
}

extension RunPlan.Unit {
    /// The pods this unit runs (a Job's template as a pod, a workload's replicas), for sizing
    /// the terminal columns.
    var podShapes: [Pod] {
        switch self {
        case .pod(let pod): return [pod]
        case .job(let job): return [job.templatePod]
        case .workload(let workload): return workload.podShapes
        }
    }
}
