import TandemAPI

/// Identifies one pod a Job created: its creation serial number (0, 1, 2, … in creation order),
/// which the runtime can use as the pod-name suffix.
public struct JobPodID: Hashable, Sendable, CustomStringConvertible {
    public var serial: Int

    public init(_ serial: Int) {
        self.serial = serial
    }

    public var description: String { "pod#\(serial)" }
}

/// Facts the runtime reports to a Job's controller.
public enum JobEvent: Sendable, Equatable {
    /// The Job was created; the first event.
    case started
    /// A pod of the Job reached its terminal phase (`Succeeded` or `Failed`) and has no process left.
    case podFinished(JobPodID, phase: String)
    /// A `wake(at:)` instant was reached.
    case timerFired
}

/// What a Job's controller asks the runtime to do.
public enum JobAction: Sendable, Equatable {
    /// Create and run a new pod from the template.
    case createPod(JobPodID)
    /// Delete a running pod gracefully (its own grace period); report `podFinished` when it is gone.
    case deletePod(JobPodID)
    /// Report `timerFired` at (or soon after) this instant. A later `wake` replaces an earlier one.
    case wake(at: Instant)
    /// The Job ended and none of its pods is left: condition `Complete`, or `Failed` with the reason
    /// (`BackoffLimitExceeded`, `DeadlineExceeded`) and message Kubernetes uses.
    case finished(succeeded: Bool, reason: String?, message: String?)
}

/// The Job controller's decisions for `tandem run job.yaml` (NonIndexed completion mode), as a
/// pure value like `PodStateMachine`: how many pods to run, the pod-failure back-off
/// (`DefaultJobPodFailureBackOff` 10 s doubling up to `MaxJobPodFailureBackOff` 10 min,
/// counted over failures since the last success), `backoffLimit` and `activeDeadlineSeconds`.
public struct JobController: Sendable {
    public static let podFailureBackoff = Duration.seconds(10)
    public static let maxPodFailureBackoff = Duration.seconds(600)

    let completions: Int?
    let parallelism: Int
    let backoffLimit: Int
    let activeDeadline: Duration?
    let podFailureBackoff: Duration
    let maxPodFailureBackoff: Duration

    public private(set) var active: Set<JobPodID> = []
    public private(set) var succeeded = 0
    public private(set) var failed = 0
    var failuresSinceSuccess = 0
    var lastFailureAt: Instant?
    var nextSerial = 0
    var startedAt: Instant?
    var ending: (succeeded: Bool, reason: String?, message: String?)?
    public private(set) var isFinished = false
    var lastWake: Instant?

    /// `spec` should be defaulted; missing fields get the batch/v1 defaults (parallelism 1,
    /// backoffLimit 6, completions 1 when parallelism is unset too). The back-off bounds can be
    /// shortened for tests and `--initial-backoff`-style flags.
    public init(spec: JobSpec, podFailureBackoff: Duration = JobController.podFailureBackoff,
                maxPodFailureBackoff: Duration = JobController.maxPodFailureBackoff) {
        if let completions = spec.completions {
            self.completions = Int(max(0, completions))
        } else {
            completions = spec.parallelism == nil ? 1 : nil
        }
        let requested = Int(max(0, spec.parallelism ?? 1))
        parallelism = completions.map { min(requested, $0) } ?? requested
        backoffLimit = Int(max(0, spec.backoffLimit ?? 6))
        activeDeadline = spec.activeDeadlineSeconds.map { .seconds($0) }
        self.podFailureBackoff = podFailureBackoff
        self.maxPodFailureBackoff = maxPodFailureBackoff
    }

    public mutating func handle(_ event: JobEvent, at now: Instant) -> [JobAction] {
        guard !isFinished else { return [] }
        var out: [JobAction] = []
        switch event {
        case .started:
            guard startedAt == nil else { return [] }
            startedAt = now
        case .podFinished(let id, let phase):
            guard active.remove(id) != nil else { return [] }
            if phase == "Succeeded" {
                succeeded += 1
                failuresSinceSuccess = 0
            } else {
                failed += 1
                failuresSinceSuccess += 1
                lastFailureAt = now
            }
        case .timerFired:
            break
        }
        guard let startedAt else { return [] }
        if ending == nil {
            decideEnding(startedAt, now, &out)
        }
        if let ending {
            if active.isEmpty {
                isFinished = true
                out.append(.finished(succeeded: ending.succeeded, reason: ending.reason, message: ending.message))
            }
            return out
        }
        createPods(now, &out)
        scheduleWake(startedAt, now, &out)
        return out
    }

    mutating func decideEnding(_ startedAt: Instant, _ now: Instant, _ out: inout [JobAction]) {
        if let completions, succeeded >= completions {
            ending = (true, nil, nil)
        } else if completions == nil, succeeded > 0, active.isEmpty {
            // Work-queue Job: done once one pod succeeded and the others have finished.
            ending = (true, nil, nil)
        } else if failed > backoffLimit {
            ending = (false, "BackoffLimitExceeded", "Job has reached the specified backoff limit")
        } else if let activeDeadline, now >= startedAt + activeDeadline {
            ending = (false, "DeadlineExceeded", "Job was active longer than specified deadline")
        }
        guard ending != nil else { return }
        for id in active.sorted(by: { $0.serial < $1.serial }) {
            out.append(.deletePod(id))
        }
    }

    /// The pod-failure back-off left at `now` (`getRemainingTimeForFailuresCount`).
    func remainingBackoff(_ now: Instant) -> Duration {
        guard failuresSinceSuccess > 0, let lastFailureAt else { return .zero }
        var delay = podFailureBackoff
        for _ in 1..<failuresSinceSuccess where delay < maxPodFailureBackoff {
            delay = min(delay * 2, maxPodFailureBackoff)
        }
        let elapsed = now - lastFailureAt
        return elapsed >= delay ? .zero : delay - elapsed
    }

    mutating func createPods(_ now: Instant, _ out: inout [JobAction]) {
        guard remainingBackoff(now) == .zero else { return }
        // Work-queue Jobs stop creating pods after the first success.
        if completions == nil, succeeded > 0 { return }
        let remaining = completions.map { $0 - succeeded } ?? parallelism
        let wanted = min(parallelism, remaining)
        while active.count < wanted {
            let id = JobPodID(nextSerial)
            nextSerial += 1
            active.insert(id)
            out.append(.createPod(id))
        }
    }

    mutating func scheduleWake(_ startedAt: Instant, _ now: Instant, _ out: inout [JobAction]) {
        var earliest = activeDeadline.map { startedAt + $0 }
        let backoff = remainingBackoff(now)
        if backoff > .zero {
            let at = now + backoff
            if earliest.map({ at < $0 }) ?? true { earliest = at }
        }
        if let earliest, earliest != lastWake {
            out.append(.wake(at: earliest))
        }
        lastWake = earliest
    }
}
