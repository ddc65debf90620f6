import TandemAPI

/// Identifies one pod a Job created: its creation serial number (0, 1, 2, … in creation order),
/// which the runtime uses in the pod name, and for an Indexed Job its completion index.
public struct JobPodID: Hashable, Sendable, CustomStringConvertible {
    public var serial: Int
    /// `batch.kubernetes.io/job-completion-index` (Indexed completion mode only).
    public var index: Int?

    public init(_ serial: Int, index: Int? = nil) {
        self.serial = serial
        self.index = index
    }

    public var description: String { index.map { "pod#\(serial)[\($0)]" } ?? "pod#\(serial)" }
}

/// Facts the runtime reports to a Job's controller.
public enum JobEvent: Sendable, Equatable {
    /// The Job was created; the first event.
    case started
    /// An active pod published a new status (its restart counts matter under `OnFailure`).
    case podUpdated(JobPodID, PodStatus)
    /// A pod of the Job reached its terminal phase (`Succeeded` or `Failed`) and has no process
    /// left; its final status (exit codes and conditions for `podFailurePolicy`).
    case podFinished(JobPodID, PodStatus)
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
    /// The Job ended and none of its pods is left: condition `Complete`, or `Failed`, with the
    /// reason and message Kubernetes uses (`BackoffLimitExceeded`, `DeadlineExceeded`,
    /// `PodFailurePolicy`, `MaxFailedIndexesExceeded`, `FailedIndexes`; `SuccessPolicy` for a
    /// success by `successPolicy`).
    case finished(succeeded: Bool, reason: String?, message: String?)
}

/// The Job controller's decisions for `tandem run job.yaml` (`pkg/controller/job`), as a pure
/// value like `PodStateMachine`.
///
/// What one node can show of it: how many pods run (`parallelism`, `completions`, work-queue
/// Jobs), the pod-failure back-off (`DefaultJobPodFailureBackOff` 10 s doubling up to
/// `MaxJobPodFailureBackOff` 10 min, over failures since the last success), `backoffLimit`
/// counted in failed pods and, under `restartPolicy: OnFailure`, in container restarts of the
/// active pods (`pastBackoffLimitOnFailure`), `activeDeadlineSeconds`, `podFailurePolicy`,
/// Indexed completion with `backoffLimitPerIndex` (each index also waits its own back-off,
/// counted over all its failures), `maxFailedIndexes` and `successPolicy`.
/// `podReplacementPolicy` changes nothing here: the only terminating pods are those the
/// controller deletes when the Job ends, and those are never replaced.
public struct JobController: Sendable {
    public static let podFailureBackoff = Duration.seconds(10)
    public static let maxPodFailureBackoff = Duration.seconds(600)

    /// A Job's ending, decided before its last pods are gone.
    struct Ending: Sendable, Equatable {
        var succeeded: Bool
        var reason: String?
        var message: String?
    }

    let completions: Int?
    let parallelism: Int
    let backoffLimit: Int
    let activeDeadline: Duration?
    let podFailureBackoff: Duration
    let maxPodFailureBackoff: Duration
    let onFailure: Bool
    let failurePolicy: [PodFailurePolicyRule]
    let indexed: Bool
    let backoffLimitPerIndex: Int?
    let maxFailedIndexes: Int?
    let successRules: [SuccessPolicyRule]
    /// `<namespace>/<job name>`: the controller's messages name pods as `namespace/name`.
    let jobName: String
    let namespace: String

    /// Active pods with their latest status (nil until the first one arrives).
    public private(set) var active: [JobPodID: PodStatus?] = [:]
    public private(set) var succeeded = 0
    public private(set) var failed = 0
    /// Indexed mode: indexes that succeeded, failed for good, and failures counted per index.
    public private(set) var succeededIndexes: Set<Int> = []
    public private(set) var failedIndexes: Set<Int> = []
    var failuresPerIndex: [Int: Int] = [:]
    /// Per index (with `backoffLimitPerIndex`): every failure, ignored ones too, and the last one's
    /// instant — the index's own back-off (`getRemainingTimeForIndex`).
    var indexFailures: [Int: (count: Int, lastAt: Instant)] = [:]
    var failuresSinceSuccess = 0
    var lastFailureAt: Instant?
    var nextSerial = 0
    var startedAt: Instant?
    var ending: Ending?
    var deletedActive = false
    public private(set) var isFinished = false
    var lastWake: Instant?

    /// `spec` should be defaulted; missing fields get the batch/v1 defaults (parallelism 1,
    /// backoffLimit 6, completions 1 when parallelism is unset too). The back-off bounds can be
    /// shortened for tests and `--initial-backoff`-style flags.
    public init(spec: JobSpec, name: String = "job", namespace: String = "default",
                podFailureBackoff: Duration = JobController.podFailureBackoff,
                maxPodFailureBackoff: Duration = JobController.maxPodFailureBackoff) {
        if let completions = spec.completions {
            self.completions = Int(max(0, completions))
        } else {
            completions = spec.parallelism == nil ? 1 : nil
        }
        let requested = Int(max(0, spec.parallelism ?? 1))
        parallelism = completions.map { min(requested, $0) } ?? requested
        backoffLimitPerIndex = spec.backoffLimitPerIndex.map { Int(max(0, $0)) }
        backoffLimit = Int(max(0, spec.backoffLimit ?? (backoffLimitPerIndex != nil ? Int32.max : 6)))
        activeDeadline = spec.activeDeadlineSeconds.map { .seconds($0) }
        self.podFailureBackoff = podFailureBackoff
        self.maxPodFailureBackoff = maxPodFailureBackoff
        onFailure = spec.template?.spec?.restartPolicy == "OnFailure"
        failurePolicy = spec.podFailurePolicy?.rules ?? []
        indexed = spec.completionMode == "Indexed" && completions != nil
        maxFailedIndexes = spec.maxFailedIndexes.map { Int(max(0, $0)) }
        successRules = spec.successPolicy?.rules ?? []
        jobName = name
        self.namespace = namespace
    }

    /// The name of a pod the Job creates: `<job>-<serial>`, or `<job>-<index>-<serial>` for an
    /// Indexed Job (the controller's generateName `<job>-<index>-` with a serial for the random suffix).
    public static func podName(job: String, _ id: JobPodID) -> String {
        id.index.map { "\(job)-\($0)-\(id.serial)" } ?? "\(job)-\(id.serial)"
    }

    public mutating func handle(_ event: JobEvent, at now: Instant) -> [JobAction] {
        guard !isFinished else { return [] }
        var out: [JobAction] = []
        switch event {
        case .started:
            guard startedAt == nil else { return [] }
            startedAt = now
        case .podUpdated(let id, let status):
            guard active[id] != nil else { return [] }
            active[id] = status
        case .podFinished(let id, let status):
            guard active.removeValue(forKey: id) != nil else { return [] }
            countFinished(id, status, now)
        case .timerFired:
            break
        }
        guard let startedAt else { return [] }
        if !deletedActive {
            decideEnding(startedAt, now)
            if ending != nil {
                // The Job is finished (or about to be): its remaining pods are deleted.
                deletedActive = true
                for id in active.keys.sorted(by: { $0.serial < $1.serial }) {
                    out.append(.deletePod(id))
                }
            }
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

    /// Counts a pod that ended; `podFailurePolicy` decides how a failure counts.
    mutating func countFinished(_ id: JobPodID, _ status: PodStatus, _ now: Instant) {
        if status.phase == "Succeeded" {
            if let index = id.index {
                guard !failedIndexes.contains(index) else { return }
                succeededIndexes.insert(index)
            }
            succeeded += 1
            failuresSinceSuccess = 0
            return
        }
        let match = matchPodFailurePolicy(id, status)
        if let index = id.index, backoffLimitPerIndex != nil {
            indexFailures[index] = ((indexFailures[index]?.count ?? 0) + 1, now)
        }
        // Every failed pod feeds the back-off (`getNewFinishedPods` / `newBackoffRecord`), ignored
        // ones too; only counted ones count toward `backoffLimit`.
        failuresSinceSuccess += 1
        lastFailureAt = now
        if match.action == "Ignore" { return }
        failed += 1
        if let message = match.failJobMessage, ending == nil {
            ending = Ending(succeeded: false, reason: "PodFailurePolicy", message: message)
        }
        if let index = id.index, let perIndex = backoffLimitPerIndex, !succeededIndexes.contains(index) {
            let count = (failuresPerIndex[index] ?? 0) + 1
            failuresPerIndex[index] = count
            if match.action == "FailIndex" || count > perIndex {
                failedIndexes.insert(index)
            }
        }
    }

    /// `matchPodFailurePolicy`: the first rule whose exit codes (main containers first, then init
    /// containers and sidecars; exit code 0 never matches) or pod conditions match the pod.
    func matchPodFailurePolicy(_ id: JobPodID, _ status: PodStatus) -> (action: String?, failJobMessage: String?) {
        let podName = "\(namespace)/\(Self.podName(job: jobName, id))"
        for (ruleIndex, rule) in failurePolicy.enumerated() {
            let action = rule.action ?? ""
            if let requirement = rule.onExitCodes {
                let candidates = (status.containerStatuses ?? []) + (status.initContainerStatuses ?? [])
                guard let container = candidates.first(where: { Self.exitCodeMatches($0, requirement) }) else { continue }
                let code = container.state?.terminated?.exitCode ?? 0
                let message = action == "FailJob"
                    ? "Container \(container.name ?? "") for pod \(podName) failed with exit code \(code) matching FailJob rule at index \(ruleIndex)"
                    : nil
                return (action, message)
            } else if let patterns = rule.onPodConditions {
                let conditions = status.conditions ?? []
                guard let condition = conditions.first(where: { condition in
                    patterns.contains { $0.type == condition.type && ($0.status ?? "True") == condition.status }
                }) else { continue }
                let message = action == "FailJob"
                    ? "Pod \(podName) has condition \(condition.type ?? "") matching FailJob rule at index \(ruleIndex)"
                    : nil
                return (action, message)
            }
        }
        return (nil, nil)
    }

    static func exitCodeMatches(_ container: ContainerStatus, _ requirement: PodFailurePolicyOnExitCodesRequirement) -> Bool {
        if let name = requirement.containerName, name != container.name { return false }
        guard let code = container.state?.terminated?.exitCode, code != 0 else { return false }
        let values = requirement.values ?? []
        switch requirement.operator {
        case "In": return values.contains(code)
        case "NotIn": return !values.contains(code)
        default: return false
        }
    }

    /// `syncJob`'s order: pod failure policy, backoff limit (failed pods, or restarts under
    /// OnFailure), active deadline, failed indexes, success policy, completions.
    mutating func decideEnding(_ startedAt: Instant, _ now: Instant) {
        if ending == nil {
            if failed > backoffLimit || pastBackoffLimitOnFailure() {
                ending = Ending(succeeded: false, reason: "BackoffLimitExceeded",
                                message: "Job has reached the specified backoff limit")
            } else if let activeDeadline, now >= startedAt + activeDeadline {
                ending = Ending(succeeded: false, reason: "DeadlineExceeded",
                                message: "Job was active longer than specified deadline")
            }
        }
        if ending == nil, indexed, let completions {
            if backoffLimitPerIndex != nil {
                if let maxFailedIndexes, failedIndexes.count > maxFailedIndexes {
                    ending = Ending(succeeded: false, reason: "MaxFailedIndexesExceeded",
                                    message: "Job has exceeded the specified maximal number of failed indexes")
                } else if !failedIndexes.isEmpty, failedIndexes.count + succeededIndexes.count >= completions {
                    ending = Ending(succeeded: false, reason: "FailedIndexes", message: "Job has failed indexes")
                }
            }
            if ending == nil, let rule = matchSuccessPolicy(completions) {
                ending = Ending(succeeded: true, reason: "SuccessPolicy", message: "Matched rules at index \(rule)")
            }
        }
        if ending == nil {
            if indexed, let completions, succeededIndexes.count >= completions {
                ending = Ending(succeeded: true)
            } else if !indexed, let completions, succeeded >= completions {
                ending = Ending(succeeded: true)
            } else if completions == nil, succeeded > 0, active.isEmpty {
                // Work-queue Job: done once one pod succeeded and the others have finished.
                ending = Ending(succeeded: true)
            }
        }
    }

    /// `pastBackoffLimitOnFailure`: under `restartPolicy: OnFailure`, the restart counts of every
    /// init container (sidecars included) and container of the running and pending pods.
    func pastBackoffLimitOnFailure() -> Bool {
        guard onFailure else { return false }
        var restarts = 0
        for case let status? in active.values where status.phase == "Running" || status.phase == "Pending" {
            for container in (status.initContainerStatuses ?? []) + (status.containerStatuses ?? []) {
                restarts += Int(container.restartCount ?? 0)
            }
        }
        return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit
    }

    /// `matchSuccessPolicy`: the index of the first rule met by the succeeded indexes.
    func matchSuccessPolicy(_ completions: Int) -> Int? {
        guard !succeededIndexes.isEmpty else { return nil }
        for (index, rule) in successRules.enumerated() {
            if let text = rule.succeededIndexes {
                guard let required = try? CompletionIndexes(parsing: text, completions: Int32(clamping: completions)),
                      required.count > 0 else { continue }
                let matched = succeededIndexes.filter { required.contains(Int32($0)) }.count
                if let count = rule.succeededCount {
                    if matched >= Int(count) { return index }
                } else if matched == required.count {
                    return index
                }
            } else if let count = rule.succeededCount, succeededIndexes.count >= Int(count) {
                return index
            }
        }
        return nil
    }

    /// The pod-failure back-off left at `now` (`getRemainingTimeForFailuresCount`).
    func remainingBackoff(_ now: Instant) -> Duration {
        guard let lastFailureAt else { return .zero }
        return remaining(failures: failuresSinceSuccess, since: lastFailureAt, now)
    }

    /// An index's own back-off left at `now` (only with `backoffLimitPerIndex`).
    func remainingBackoff(index: Int, _ now: Instant) -> Duration {
        guard backoffLimitPerIndex != nil, let failures = indexFailures[index] else { return .zero }
        return remaining(failures: failures.count, since: failures.lastAt, now)
    }

    /// `getRemainingTimeForFailuresCount`: the delay doubles with each failure up to the maximum.
    func remaining(failures: Int, since lastFailure: Instant, _ now: Instant) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = podFailureBackoff
        for _ in 1..<failures where delay < maxPodFailureBackoff {
            delay = min(delay * 2, maxPodFailureBackoff)
        }
        let elapsed = now - lastFailure
        return elapsed >= delay ? .zero : delay - elapsed
    }

    /// The indexes waiting to run: neither succeeded, failed for good nor running, lowest first.
    func pendingIndexes(_ completions: Int) -> [Int] {
        let running = Set(active.keys.compactMap(\.index))
        return (0..<completions).filter {
            !running.contains($0) && !succeededIndexes.contains($0) && !failedIndexes.contains($0)
        }
    }

    mutating func createPods(_ now: Instant, _ out: inout [JobAction]) {
        guard remainingBackoff(now) == .zero else { return }
        if indexed, let completions {
            // `firstPendingIndexes`, then (`getPodCreationInfoForIndependentIndexes`) without
            // those still in their own back-off.
            let wanted = max(0, parallelism - active.count)
            for index in pendingIndexes(completions).prefix(wanted) where remainingBackoff(index: index, now) == .zero {
                create(JobPodID(nextSerial, index: index), &out)
            }
            return
        }
        // Work-queue Jobs stop creating pods after the first success.
        if completions == nil, succeeded > 0 { return }
        let remaining = completions.map { $0 - succeeded } ?? parallelism
        let wanted = min(parallelism, remaining)
        while active.count < wanted {
            create(JobPodID(nextSerial), &out)
        }
    }

    mutating func create(_ id: JobPodID, _ out: inout [JobAction]) {
        nextSerial += 1
        active[id] = .some(nil)
        out.append(.createPod(id))
    }

    mutating func scheduleWake(_ startedAt: Instant, _ now: Instant, _ out: inout [JobAction]) {
        var earliest = activeDeadline.map { startedAt + $0 }
        var backoff = remainingBackoff(now)
        if backoff == .zero, indexed, backoffLimitPerIndex != nil, let completions {
            let wanted = max(0, parallelism - active.count)
            let waits = pendingIndexes(completions).prefix(wanted).map { remainingBackoff(index: $0, now) }
            backoff = waits.filter { $0 > .zero }.min() ?? .zero
        }
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
