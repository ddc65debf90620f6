import TandemAPI
import TandemLifecycle

/// One event delivered to a simulated pod's state machine and the actions it answered with: the same
/// pair `tandem run`'s pod worker sees, so a narrator can turn both into the same facts.
public struct SimulationStep: Sendable, Equatable {
    public var at: Instant
    public var event: PodEvent
    public var actions: [PodAction]

    public init(at: Instant, event: PodEvent, actions: [PodAction]) {
        self.at = at
        self.event = event
        self.actions = actions
    }
}

/// Everything a `LifecycleSimulation` did, in the order it happened on the virtual clock.
public struct SimulationLog: Sendable {
    /// One decision of a pod's state machine or of a Job's controller.
    public enum Record: Sendable, Equatable {
        /// `pods[index]` took this step.
        case pod(Int, SimulationStep)
        /// `jobs[index]`'s controller got `event` at `at` and answered with `actions`.
        case job(Int, at: Instant, event: JobEvent, actions: [JobAction])
    }

    /// What the narrated events are about.
    public enum Object: Hashable, Sendable {
        case pod(Int)
        case job(Int)
    }

    /// One event as `tandem run` would write it, about `pods[i]` or `jobs[i]`.
    public struct Told: Sendable, Equatable {
        public var object: Object
        public var event: NarratedEvent
    }

    /// Every narrated event (PodNarrator, JobNarrator), in the order they happened.
    public var told: [Told] = []
    /// Every pod simulated: the file's Pods and the pods Jobs created, in creation order.
    public var pods: [Pod] = []
    /// For each of `pods`, the Job (index into `jobs`) and id it belongs to, if any.
    public var owners: [(job: Int, id: JobPodID)?] = []
    public var jobs: [Job] = []
    public var records: [Record] = []
    /// The simulation's time zero (the admission of the first pod).
    public var origin: Instant
    /// When the deletion was requested (`--delete-at` or the default), if one was.
    public var deletedAt: Instant?
    /// True when the default deletion (a few seconds after start-up) was used rather than a requested one.
    public var deletionWasDefault = false
    /// The simulation stopped at its time or step bound with something still running.
    public var stoppedAtBound = false

    public init(origin: Instant) {
        self.origin = origin
    }
}
