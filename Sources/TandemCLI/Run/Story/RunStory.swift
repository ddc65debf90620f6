import Foundation
import Synchronization
import TandemAPI
import TandemLifecycle
import TandemOS
import TandemRuntime

/// Tells one `tandem run`: every narrated event of every pod and Job goes, in the order it
/// happened, to `events.jsonl` in the run directory (and `--events FILE`) as a core/v1 Event, and
/// to the terminal as `--output` asks — a line per fact (plain, tty) and a live status block (tty);
/// at the end a summary table and each pod's final phase with its cause in words.
///
/// Called from pod workers' drainers (often the reactor thread): nothing here blocks — files are
/// written on `EventsFile`'s queue, the terminal through non-blocking `TerminalWriter`s.
final class RunStory: Sendable {
    struct State: Sendable {
        var series: EventSeries
        var pods: [String: PodStory] = [:]
        var podOrder: [String] = []
        var specs: [String: PodSpec] = [:]
        var deleting = false
    }

    let mode: OutputMode
    let clock: StoryClock
    let width: Int
    let qualify: Bool
    let runDirectory: String
    /// Where lines go: standard output with the live block (tty), else standard error (which is the
    /// container output's writer when both streams are one file); nil when quiet.
    let out: TerminalWriter?
    let live: LiveView?
    /// CPU and memory per container in the live block (tty with cgroups only).
    let usage: UsageSampler?
    let file: EventsFile
    /// The mutable part, in a box the live view's renderer can hold.
    final class Book: Sendable {
        let state: Mutex<State>
        init(_ state: State) { self.state = Mutex(state) }
    }
    private let book: Book

    /// - Parameters:
    ///   - labels: every label that may prefix a line (containers, pods, Jobs), for the alignment.
    ///   - qualify: container labels are `pod/container` (several pods run).
    init(mode: OutputMode, launch: Instant, labels: [String], qualify: Bool, runDirectory: String,
         eventsFile: String?, out: TerminalWriter?, host: any ProcessHost, cgroups: RunCgroups? = nil) {
        self.mode = mode
        clock = StoryClock(launch: launch)
        width = labels.map(\.count).max() ?? 0
        self.qualify = qualify
        self.runDirectory = runDirectory
        self.out = out
        let hostname = ProcessInfo.processInfo.hostName
        let paths = ["\(runDirectory)/events.jsonl"] + (eventsFile.map { [$0] } ?? [])
        file = EventsFile(paths: paths) { path, error in
            TerminalWriter.writeNow("tandem: events file \(GoQuoting.printable(path)): \(GoQuoting.printable(error.description))\n",
                                    to: STDERR_FILENO)
        }
        let book = Book(State(series: EventSeries(host: hostname.isEmpty ? "localhost" : hostname)))
        self.book = book
        let clock = self.clock
        if mode == .tty, let out {
            let usage = cgroups.map { cgroups in
                UsageSampler(cgroups: cgroups, host: host) {
                    book.state.withLock { state in
                        state.podOrder.flatMap { name in
                            (state.pods[name]?.containers ?? []).map { (pod: name, container: $0.name) }
                        }
                    }
                }
            }
            self.usage = usage
            let live = LiveView(writer: out, host: host) { columns, rows in
                let snapshot = book.state.withLock { state in
                    state.podOrder.compactMap { name in state.pods[name].map { ($0, state.specs[name]) } }
                }
                return LiveBlock.lines(snapshot, clock: clock, columns: columns, rows: rows) { pod, container in
                    usage?.text(pod: pod, container: container)
                }
            }
            self.live = live
            usage?.start { live.changed() }
        } else {
            live = nil
            usage = nil
        }
    }

    // MARK: - What the runtime reports

    /// Where logs and events go, said at start in every mode (on stderr, so it never mixes into
    /// piped container output).
    func announce() {
        TerminalWriter.writeNow("tandem: logs and events of this run in \(GoQuoting.printable(runDirectory))\n",
                                to: STDERR_FILENO)
    }

    func register(_ pod: Pod) {
        let name = pod.metadata?.name ?? ""
        book.state.withLock { state in
            guard state.pods[name] == nil else { return }
            state.pods[name] = PodStory(pod: pod)
            state.specs[name] = pod.spec
            state.podOrder.append(name)
        }
    }

    /// A narrated event of a pod.
    func told(_ event: NarratedEvent, pod: Pod) {
        let meta = pod.metadata
        let name = meta?.name ?? ""
        let object = ObjectReference(apiVersion: "v1", kind: "Pod", name: name, namespace: meta?.namespace ?? "default",
                                     uid: meta?.uid)
        let label = event.container.map { qualify ? "\(name)/\($0)" : $0 } ?? name
        register(pod)
        tell(event, object: object, label: label) { state in state.pods[name]?.apply(event) }
    }

    /// An event of a workload controller (`SuccessfulCreate`, `ScalingReplicaSet`, …), recorded
    /// against the workload as the controller records it (`involvedObject.kind` Deployment, …).
    func told(_ record: PodEventRecord, workload: WorkloadPlan) {
        let source: NarratedEvent.Source
        switch workload.kind {
        case "Deployment": source = record.reason == "ScalingReplicaSet" ? .deploymentController : .replicaSetController
        case "DaemonSet": source = .daemonSetController
        case "StatefulSet": source = .statefulSetController
        default: source = .replicaSetController
        }
        let event = NarratedEvent(type: record.type, reason: record.reason, message: record.message, at: record.at,
                                  source: source)
        let object = ObjectReference(apiVersion: "apps/v1", kind: workload.kind, name: workload.name,
                                     namespace: workload.namespace, uid: nil)
        tell(event, object: object, label: "\(workload.kind)/\(workload.name)") { _ in }
    }

    /// A narrated event of a Job (the Job controller's events, `RetryScheduled`).
    func told(_ event: NarratedEvent, job: Job) {
        let meta = job.metadata
        let object = ObjectReference(apiVersion: "batch/v1", kind: "Job", name: meta?.name ?? "",
                                     namespace: meta?.namespace ?? "default", uid: meta?.uid)
        tell(event, object: object, label: meta?.name ?? "") { _ in }
    }

    func status(_ status: PodStatus, pod: Pod) {
        register(pod)
        book.state.withLock { $0.pods[pod.metadata?.name ?? ""]?.status = status }
        live?.changed()
    }

    /// The pod or Job's own outcome line (`pod web Failed`, `Job report completed`).
    func note(_ message: String, label: String) {
        guard mode != .quiet else { return }
        writeLine(StoryLine.plainNote(message, label: label, width: width))
    }

    private func tell(_ event: NarratedEvent, object: ObjectReference, label: String,
                      update: (inout State) -> Void) {
        let line = book.state.withLock { state -> String? in
            let kubernetesEvent = state.series.event(for: event, about: object)
            file.append(kubernetesEvent.jsonLine)
            update(&state)
            guard mode != .quiet, StoryLine.isShown(event) else { return nil }
            return StoryLine.line(event, label: label, width: width, clock: clock)
        }
        if let line { writeLine(line) }
        live?.changed()
    }

    private func writeLine(_ line: String) {
        if let live {
            live.emit(Array(line.utf8))
        } else {
            out?.write(Array(line.utf8))
        }
    }

    // MARK: - Deletion and the end

    /// SIGINT/SIGTERM/SIGHUP to tandem: say at once what happens.
    func deleting(units: [RunPlan.Unit], signal: Int32) {
        let first = book.state.withLock { state -> Bool in
            defer { state.deleting = true }
            return !state.deleting
        }
        let again = signal == SIGINT ? "; Ctrl-C again to kill now" : ""
        var text = ""
        if first {
            for unit in units {
                switch unit {
                case .pod(let pod):
                    let grace = max(1, pod.spec?.terminationGracePeriodSeconds ?? 30)
                    text += "tandem: deleting pod \(pod.metadata?.name ?? "") (grace \(grace)s\(again))\n"
                case .job(let job):
                    let grace = max(1, job.templatePod.spec?.terminationGracePeriodSeconds ?? 30)
                    text += "tandem: deleting job \(job.metadata?.name ?? "") and its pods (grace \(grace)s\(again))\n"
                case .workload(let workload):
                    let grace = max(1, workload.podShapes.first?.spec?.terminationGracePeriodSeconds ?? 30)
                    text += "tandem: deleting \(workload.kind.lowercased()) \(workload.name) and its pods (grace \(grace)s\(again))\n"
                }
            }
        } else if signal == SIGINT {
            text = "tandem: killing every container now\n"
        }
        guard !text.isEmpty else { return }
        // Line by line: the newlines between the units' lines are ours, not the user's text.
        let safe = text.split(separator: "\n").map { GoQuoting.printable(String($0)) + "\n" }.joined()
        if mode == .quiet {
            TerminalWriter.writeNow(safe, to: STDERR_FILENO)
        } else {
            writeLine(safe)
        }
    }

    /// After every pod and Job finished: the summary on the terminal, the events file closed.
    func finish() {
        usage?.stop()
        live?.finish()
        if mode != .quiet {
            let snapshot = book.state.withLock { state in state.podOrder.compactMap { state.pods[$0] } }
            out?.write(Array(RunSummary.text(snapshot, clock: clock).utf8))
        }
        file.close()
    }
}

extension RunStory {
    /// A pod reached its terminal phase and has no process left: its own line, and the live block
    /// stops calling it terminating.
    func finished(pod: Pod) {
        let name = pod.metadata?.name ?? ""
        let phase = book.state.withLock { state -> String in
            state.pods[name]?.finished = true
            return state.pods[name]?.phase ?? ""
        }
        note("pod \(name) \(phase)", label: name)
        live?.changed()
    }
}
