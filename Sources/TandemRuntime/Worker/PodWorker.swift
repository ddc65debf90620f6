import Synchronization
import TandemAPI
import TandemLifecycle

/// Runs one pod: feeds facts from processes, probes, hooks and timers to the pure
/// `PodStateMachine` and carries out the actions it returns.
///
/// Every fact goes through a `SerialInbox`, so the state machine sees one event at a time in
/// the order they happened, on whichever thread reported it — no thread or task of its own,
/// no polling. Host callbacks only post work items; all bookkeeping happens in the drainer.
public final class PodWorker: Sendable {
    public let pod: Pod
    public let name: String

    let host: any ProcessHost
    let launcher: any ContainerLauncher
    let network: any NetworkHandlers
    let output: any OutputSink
    let observer: PodObserver
    let containers: [String: ContainerEntry]
    let qosClass: String
    let core: Mutex<WorkerCore>
    let inbox = SerialInbox<WorkItem>()

    public init(
        pod: Pod,
        options: LifecycleOptions,
        host: any ProcessHost,
        launcher: any ContainerLauncher,
        network: any NetworkHandlers,
        output: any OutputSink,
        observer: PodObserver
    ) {
        self.pod = pod
        self.name = pod.metadata?.name ?? "pod"
        self.host = host
        self.launcher = launcher
        self.network = network
        self.output = output
        self.observer = observer
        var entries: [String: ContainerEntry] = [:]
        for (index, container) in (pod.spec?.initContainers ?? []).enumerated() {
            entries[container.name ?? ""] = ContainerEntry(container: container, isInit: true, index: index)
        }
        for (index, container) in (pod.spec?.containers ?? []).enumerated() {
            entries[container.name ?? ""] = ContainerEntry(container: container, isInit: false, index: index)
        }
        self.containers = entries
        self.qosClass = (pod.spec ?? PodSpec()).qosClass
        self.core = Mutex(WorkerCore(machine: PodStateMachine(pod: pod, options: options),
                                     narrator: PodNarrator(pod: pod, options: options)))
    }

    /// Admits the pod: its first containers start now.
    public func start() {
        post(.event(.admitted))
    }

    /// Deletes the pod gracefully (SIGTERM/SIGINT to tandem), optionally overriding the grace period.
    /// - Parameter cause: what the deletion is told as (`tandem.dev/cause`): `deletion`, or `job`
    ///   when the Job controller deletes its pod.
    public func delete(gracePeriodSeconds: Int64? = nil, cause: String = "deletion") {
        core.withLock { $0.narrator.deletionCause = cause }
        post(.event(.deletionRequested(gracePeriodSeconds: gracePeriodSeconds)))
    }

    /// Kills every process of the pod at once (a second Ctrl-C).
    public func killNow() {
        post(.killEverything)
    }

    /// The latest published status.
    public var status: PodStatus {
        core.withLock { $0.machine.status }
    }

    func post(_ item: WorkItem) {
        inbox.post(item) { item in
            let (followUps, notices) = core.withLock { core in
                let followUps = process(item, core: &core)
                defer { core.notices.removeAll() }
                return (followUps, core.notices)
            }
            // Outside the lock: an observer may read `status` or post to this worker.
            for notice in notices {
                switch notice {
                case .status(let status): observer.status(status)
                case .event(let record): observer.event(record)
                case .finished(let phase): observer.finished(phase)
                case .narrated(let event): observer.narrated(event)
                }
            }
            inbox.postFirst(followUps)
        }
    }
}

/// A container of the pod spec and where it sits.
struct ContainerEntry: Sendable {
    var container: Container
    var isInit: Bool
    var index: Int
}

/// What the worker's drainer processes: facts for the state machine, and raw process facts
/// the worker first turns into them.
enum WorkItem: Sendable {
    case event(PodEvent)
    case mainExited(ContainerRun, ProcessTermination)
    case mainOutputEnded(ContainerRun)
    case mainOutputGraceElapsed(ContainerRun)
    /// The run's log is flushed and its termination message read: the state machine may learn of the exit.
    case runEnded(ContainerRun, ContainerExit)
    case helperExited(key: UInt64, ProcessTermination)
    case helperOutputEnded(key: UInt64)
    case helperOutputGraceElapsed(key: UInt64)
    case helperTimedOut(key: UInt64)
    case killEverything
}
