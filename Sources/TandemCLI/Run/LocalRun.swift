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
    var keepRuns = 5
    var output: OutputMode
    var statusFile: String?
    /// `--events FILE`: the events of `events.jsonl` written there too.
    var eventsFile: String?
    var volumeInputs = VolumeInputs()
    var isolation: ContainerIsolation = .processGroups
    /// cgroups with this pod pids limit; nil: `--no-cgroups`.
    var cgroups: Int64?

    /// Runs everything to completion; true when every pod and Job succeeded.
    func run() async throws -> Bool {
        let plan = plan.withUIDs()
        let pods = plan.units.flatMap(\.podShapes)
        let runtime = try LocalRuntime(pods: pods, imageCommands: imageCommands, logDirectory: logDirectory, keepRuns: keepRuns,
                                       quiet: output == .quiet, extraLabels: plan.units.flatMap(\.storyLabels),
                                       volumeInputs: volumeInputs, isolation: isolation,
                                       podPidsLimit: cgroups)
        defer {
            runtime.cgroups?.finish()
            runtime.shutdown()
            runtime.launcher.volumes.tearDownAll()
            runtime.flushTerminal()
        }
        let session = RunSession()
        let results = ResultBook(alwaysList: plan.runsWorkloads)
        let story = runtime.makeStory(output: output, eventsFile: eventsFile, units: plan.units)
        story.announce()

        if let note = Self.uncapturedTerminationMessageNote(pods: pods, isolation: isolation) {
            story.note(note, label: "tandem")
        }
        for unit in plan.units {
            if let shape = unit.podShapes.first { volumeInputs.printNotes(for: shape, story: story) }
            switch unit {
            case .pod(let pod):
                let name = pod.metadata?.name ?? ""
                let worker = runtime.makeWorker(pod: pod, options: options, observer: PodObserver(
                    status: { status in
                        results.record(pod: pod, status: status)
                        story.status(status, pod: pod)
                    },
                    finished: { phase in
                        story.finished(pod: pod)
                        session.finished(name, succeeded: phase == "Succeeded")
                    },
                    narrated: { event in story.told(event, pod: pod) }
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
                                story.status(status, pod: pod)
                                observer.status(status)
                            },
                            event: observer.event,
                            finished: { phase in
                                story.finished(pod: pod)
                                observer.finished(phase)
                            },
                            narrated: { event in story.told(event, pod: pod) }
                        ))
                    },
                    observer: PodObserver(narrated: { event in story.told(event, job: job) }),
                    done: { succeeded, message in
                        story.note(message, label: name)
                        session.finished(name, succeeded: succeeded)
                    }
                )
                session.add(jobWorker.unit)
            case .workload(let workload):
                session.add(makeWorkloadWorker(workload, runtime: runtime, results: results, story: story,
                                               session: session).unit)
            }
        }

        // SIGHUP (the terminal closed, or `kill -HUP`) deletes as SIGTERM does: left at its
        // default it would end tandem at once, with no grace period, summary or pods.json.
        try runtime.host.onSignals([SIGINT, SIGTERM, SIGHUP]) { signal in
            story.deleting(units: plan.units, signal: signal)
            session.deleteAll(forceOnRepeat: signal == SIGINT)
        }
        session.startAll()
        await session.waitUntilFinished()

        story.finish()
        try? results.write(to: "\(runtime.runDirectory)/pods.json")
        if let statusFile {
            try results.write(to: statusFile)
        }
        story.note("container logs (CRI format, one file per run) and events: \(runtime.runDirectory)", label: "tandem")
        return session.allSucceeded
    }
}

extension LocalRun {
    /// Without a mount namespace per container (`--no-isolation`, or namespaces unavailable)
    /// the default `terminationMessagePath` would be the host's `/dev/termination-log`: it is
    /// neither mounted nor read, said once for the run when a container has that path.
    static func uncapturedTerminationMessageNote(pods: [Pod], isolation: ContainerIsolation) -> String? {
        guard isolation == .processGroups else { return nil }
        let containers = pods.flatMap { ($0.spec?.initContainers ?? []) + ($0.spec?.containers ?? []) }
        guard containers.contains(where: { ($0.terminationMessagePath ?? TerminationMessage.defaultPath) == TerminationMessage.defaultPath })
        else { return nil }
        return "containers have no mount namespace of their own: a termination message written to "
            + "\(TerminationMessage.defaultPath) (the default terminationMessagePath) is not captured"
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
