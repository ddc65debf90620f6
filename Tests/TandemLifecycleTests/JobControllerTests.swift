import TandemAPI
import Testing
@testable import TandemLifecycle

/// A pod status as the Job controller reads it: phase and, per container, restarts and exit code.
func podStatus(_ phase: String, sidecars: [(String, restarts: Int32, exit: Int32?)] = [],
               mains: [(String, restarts: Int32, exit: Int32?)] = [], conditions: [(String, String)] = []) -> PodStatus {
    func status(_ entry: (String, restarts: Int32, exit: Int32?)) -> ContainerStatus {
        let state = entry.exit.map { ContainerState(terminated: ContainerStateTerminated(exitCode: $0)) }
            ?? ContainerState(running: ContainerStateRunning())
        return ContainerStatus(name: entry.0, state: state, restartCount: entry.restarts)
    }
    return PodStatus(phase: phase,
                     conditions: conditions.map { PodCondition(type: $0.0, status: $0.1) },
                     initContainerStatuses: sidecars.map(status), containerStatuses: mains.map(status))
}

func template(_ policy: String) -> PodTemplateSpec {
    PodTemplateSpec(spec: PodSpec(containers: [Container(name: "main")], restartPolicy: policy))
}

let backoffExceeded = JobAction.finished(succeeded: false, reason: "BackoffLimitExceeded",
                                         message: "Job has reached the specified backoff limit")

@Suite struct JobControllerTests {
    let succeededPod = podStatus("Succeeded")
    let failedPod = podStatus("Failed", mains: [("main", 0, 1)])

    @Test func runsParallelPodsUntilCompletions() {
        var job = JobController(spec: JobSpec(parallelism: 2, completions: 3))
        #expect(job.handle(.started, at: t0) == [.createPod(JobPodID(0)), .createPod(JobPodID(1))])
        #expect(job.handle(.podFinished(JobPodID(0), succeededPod), at: t0) == [.createPod(JobPodID(2))])
        #expect(job.handle(.podFinished(JobPodID(1), succeededPod), at: t0) == [])
        let done = job.handle(.podFinished(JobPodID(2), succeededPod), at: t0)
        #expect(done == [.finished(succeeded: true, reason: nil, message: nil)])
        #expect(job.isFinished)
    }

    @Test func failedPodsAreRetriedWithDoublingBackoff() {
        var job = JobController(spec: JobSpec(backoffLimit: 3))
        #expect(job.handle(.started, at: t0) == [.createPod(JobPodID(0))])
        var now = t0
        for (serial, delay) in [(0, 10), (1, 20), (2, 40)] {
            let failed = job.handle(.podFinished(JobPodID(serial), failedPod), at: now)
            #expect(failed == [.wake(at: now + .seconds(Int64(delay)))])
            now = now + .seconds(Int64(delay))
            #expect(job.handle(.timerFired, at: now) == [.createPod(JobPodID(serial + 1))])
        }
        let last = job.handle(.podFinished(JobPodID(3), failedPod), at: now)
        #expect(last == [backoffExceeded])
        #expect(job.failed == 4)
    }

    @Test func deadlineDeletesActivePodsThenFails() {
        var job = JobController(spec: JobSpec(activeDeadlineSeconds: 5))
        #expect(job.handle(.started, at: t0) == [.createPod(JobPodID(0)), .wake(at: t0 + .seconds(5))])
        #expect(job.handle(.timerFired, at: t0 + .seconds(5)) == [.deletePod(JobPodID(0))])
        let done = job.handle(.podFinished(JobPodID(0), failedPod), at: t0 + .seconds(6))
        #expect(done == [.finished(succeeded: false, reason: "DeadlineExceeded",
                                   message: "Job was active longer than specified deadline")])
    }

    @Test func deadlineEndsAJobWaitingInItsBackoff() {
        var job = JobController(spec: JobSpec(activeDeadlineSeconds: 15, backoffLimit: 6))
        #expect(job.handle(.started, at: t0) == [.createPod(JobPodID(0)), .wake(at: t0 + .seconds(15))])
        // The 10 s back-off would end at 20 s: the deadline's wake at 15 s stays the next one.
        #expect(job.handle(.podFinished(JobPodID(0), failedPod), at: t0 + .seconds(10)) == [])
        #expect(job.handle(.timerFired, at: t0 + .seconds(15)) == [
            .finished(succeeded: false, reason: "DeadlineExceeded", message: "Job was active longer than specified deadline"),
        ])
    }

    @Test func backoffCapsAtTenMinutes() {
        var job = JobController(spec: JobSpec(backoffLimit: 100))
        _ = job.handle(.started, at: t0)
        var now = t0
        var lastDelay = Duration.zero
        for serial in 0..<8 {
            let failed = job.handle(.podFinished(JobPodID(serial), failedPod), at: now)
            guard case .wake(let at)? = failed.last, failed.count == 1 else {
                Issue.record("expected one wake, got \(failed)")
                return
            }
            lastDelay = at - now
            now = at
            #expect(job.handle(.timerFired, at: now) == [.createPod(JobPodID(serial + 1))])
        }
        #expect(lastDelay == .seconds(600))
    }
}

/// `pastBackoffLimitOnFailure`: restarts of every container of the running/pending pods.
@Suite struct JobOnFailureTests {
    @Test func aRestartingMainReachesTheBackoffLimitAndThePodIsDeleted() {
        var job = JobController(spec: JobSpec(backoffLimit: 1, template: template("OnFailure")))
        #expect(job.handle(.started, at: t0) == [.createPod(JobPodID(0))])
        let running = podStatus("Running", sidecars: [("proxy", 0, nil)], mains: [("main", 0, nil)])
        #expect(job.handle(.podUpdated(JobPodID(0), running), at: t0) == [])
        let restarted = podStatus("Running", sidecars: [("proxy", 0, nil)], mains: [("main", 1, nil)])
        #expect(job.handle(.podUpdated(JobPodID(0), restarted), at: t0 + .seconds(1)) == [.deletePod(JobPodID(0))])
        let gone = podStatus("Failed", sidecars: [("proxy", 0, 143)], mains: [("main", 1, 143)])
        #expect(job.handle(.podFinished(JobPodID(0), gone), at: t0 + .seconds(2)) == [backoffExceeded])
    }

    @Test func aCrashLoopingSidecarCountsToo() {
        var job = JobController(spec: JobSpec(backoffLimit: 2, template: template("OnFailure")))
        _ = job.handle(.started, at: t0)
        let once = podStatus("Pending", sidecars: [("proxy", 1, nil)], mains: [("main", 0, nil)])
        #expect(job.handle(.podUpdated(JobPodID(0), once), at: t0) == [])
        let twice = podStatus("Running", sidecars: [("proxy", 2, nil)], mains: [("main", 0, nil)])
        #expect(job.handle(.podUpdated(JobPodID(0), twice), at: t0) == [.deletePod(JobPodID(0))])
    }

    @Test func backoffLimitZeroFailsOnTheFirstRestart() {
        var job = JobController(spec: JobSpec(backoffLimit: 0, template: template("OnFailure")))
        _ = job.handle(.started, at: t0)
        let once = podStatus("Running", mains: [("main", 1, nil)])
        #expect(job.handle(.podUpdated(JobPodID(0), once), at: t0) == [.deletePod(JobPodID(0))])
    }

    @Test func restartsUnderNeverAreNotCounted() {
        var job = JobController(spec: JobSpec(backoffLimit: 1, template: template("Never")))
        _ = job.handle(.started, at: t0)
        let sidecarRestarts = podStatus("Running", sidecars: [("proxy", 5, nil)], mains: [("main", 0, nil)])
        #expect(job.handle(.podUpdated(JobPodID(0), sidecarRestarts), at: t0) == [])
    }
}

@Suite struct JobPodFailurePolicyTests {
    func spec(_ rules: [PodFailurePolicyRule], backoffLimit: Int32 = 6) -> JobSpec {
        JobSpec(podFailurePolicy: PodFailurePolicy(rules: rules), backoffLimit: backoffLimit, template: template("Never"))
    }

    func exitCodes(_ action: String, _ op: String, _ values: [Int32], container: String? = nil) -> PodFailurePolicyRule {
        PodFailurePolicyRule(action: action, onExitCodes: PodFailurePolicyOnExitCodesRequirement(
            containerName: container, operator: op, values: values))
    }

    @Test func failJobOnAMainExitCode() {
        var job = JobController(spec: spec([exitCodes("FailJob", "In", [42], container: "main")]), name: "pi", namespace: "ns")
        _ = job.handle(.started, at: t0)
        let failed = podStatus("Failed", sidecars: [("proxy", 0, 143)], mains: [("main", 0, 42)])
        #expect(job.handle(.podFinished(JobPodID(0), failed), at: t0) == [.finished(
            succeeded: false, reason: "PodFailurePolicy",
            message: "Container main for pod ns/pi-0 failed with exit code 42 matching FailJob rule at index 0")])
    }

    @Test func failJobDeletesTheOtherPods() {
        var job = JobController(spec: JobSpec(parallelism: 2, completions: 2, podFailurePolicy: PodFailurePolicy(
            rules: [exitCodes("FailJob", "In", [42])]), template: template("Never")), name: "pi")
        _ = job.handle(.started, at: t0)
        let failed = podStatus("Failed", mains: [("main", 0, 42)])
        #expect(job.handle(.podFinished(JobPodID(1), failed), at: t0) == [.deletePod(JobPodID(0))])
        let done = job.handle(.podFinished(JobPodID(0), podStatus("Failed", mains: [("main", 0, 143)])), at: t0)
        #expect(done == [.finished(succeeded: false, reason: "PodFailurePolicy",
                                   message: "Container main for pod default/pi-1 failed with exit code 42 matching FailJob rule at index 0")])
    }

    @Test func aRuleMayNameASidecar() {
        let rules = [exitCodes("Ignore", "In", [143], container: "proxy"), exitCodes("FailJob", "NotIn", [0], container: "proxy")]
        var job = JobController(spec: spec(rules), name: "pi")
        _ = job.handle(.started, at: t0)
        // A sidecar stopped by the pod's termination (143) matches the Ignore rule: not counted
        // toward the backoff limit, but replaced after the usual back-off.
        let stopped = podStatus("Failed", sidecars: [("proxy", 0, 143)], mains: [("main", 0, 1)])
        #expect(job.handle(.podFinished(JobPodID(0), stopped), at: t0) == [.wake(at: t0 + .seconds(10))])
        #expect(job.handle(.timerFired, at: t0 + .seconds(10)) == [.createPod(JobPodID(1))])
        #expect(job.failed == 0)
        let crashed = podStatus("Failed", sidecars: [("proxy", 3, 2)], mains: [("main", 0, 1)])
        #expect(job.handle(.podFinished(JobPodID(1), crashed), at: t0 + .seconds(11)) == [.finished(
            succeeded: false, reason: "PodFailurePolicy",
            message: "Container proxy for pod default/pi-1 failed with exit code 2 matching FailJob rule at index 1")])
    }

    @Test func exitCodeZeroNeverMatchesAndMainsAreMatchedBeforeInitContainers() {
        var job = JobController(spec: spec([exitCodes("FailJob", "NotIn", [1])]), name: "pi")
        _ = job.handle(.started, at: t0)
        let mainFailedWith1 = podStatus("Failed", sidecars: [("proxy", 0, 7)], mains: [("done", 0, 0), ("main", 0, 1)])
        // main (1) does not match NotIn [1], done (0) never matches; the sidecar's 7 does.
        #expect(job.handle(.podFinished(JobPodID(0), mainFailedWith1), at: t0) == [.finished(
            succeeded: false, reason: "PodFailurePolicy",
            message: "Container proxy for pod default/pi-0 failed with exit code 7 matching FailJob rule at index 0")])
    }

    @Test func countRulesAndUnmatchedFailuresCountTowardTheBackoffLimit() {
        var job = JobController(spec: spec([exitCodes("Count", "In", [3])], backoffLimit: 0))
        _ = job.handle(.started, at: t0)
        #expect(job.handle(.podFinished(JobPodID(0), podStatus("Failed", mains: [("main", 0, 3)])), at: t0) == [backoffExceeded])
    }

    @Test func podConditionRules() {
        let rule = PodFailurePolicyRule(action: "FailJob", onPodConditions: [
            PodFailurePolicyOnPodConditionsPattern(type: "DisruptionTarget", status: "True")])
        var job = JobController(spec: spec([rule]), name: "pi")
        _ = job.handle(.started, at: t0)
        let evicted = podStatus("Failed", mains: [("main", 0, 137)], conditions: [("Ready", "False"), ("DisruptionTarget", "True")])
        #expect(job.handle(.podFinished(JobPodID(0), evicted), at: t0) == [.finished(
            succeeded: false, reason: "PodFailurePolicy",
            message: "Pod default/pi-0 has condition DisruptionTarget matching FailJob rule at index 0")])
    }
}

@Suite struct JobIndexedTests {
    func indexed(completions: Int32, parallelism: Int32, perIndex: Int32? = nil, maxFailed: Int32? = nil,
                 success: [SuccessPolicyRule]? = nil) -> JobSpec {
        JobSpec(parallelism: parallelism, completions: completions, successPolicy: success.map { SuccessPolicy(rules: $0) },
                backoffLimitPerIndex: perIndex, maxFailedIndexes: maxFailed, template: template("Never"),
                completionMode: "Indexed")
    }

    @Test func eachIndexRunsUntilItSucceeds() {
        var job = JobController(spec: indexed(completions: 3, parallelism: 2), podFailureBackoff: .seconds(1))
        #expect(job.handle(.started, at: t0) == [.createPod(JobPodID(0, index: 0)), .createPod(JobPodID(1, index: 1))])
        let failed = podStatus("Failed", mains: [("main", 0, 1)])
        #expect(job.handle(.podFinished(JobPodID(0, index: 0), failed), at: t0) == [.wake(at: t0 + .seconds(1))])
        #expect(job.handle(.timerFired, at: t0 + .seconds(1)) == [.createPod(JobPodID(2, index: 0))])
        #expect(job.handle(.podFinished(JobPodID(1, index: 1), podStatus("Succeeded")), at: t0 + .seconds(1))
                == [.createPod(JobPodID(3, index: 2))])
        #expect(job.handle(.podFinished(JobPodID(3, index: 2), podStatus("Succeeded")), at: t0 + .seconds(1)) == [])
        #expect(job.handle(.podFinished(JobPodID(2, index: 0), podStatus("Succeeded")), at: t0 + .seconds(2))
                == [.finished(succeeded: true, reason: nil, message: nil)])
        #expect(job.succeededIndexes == [0, 1, 2])
    }

    @Test func backoffLimitPerIndexFailsTheIndexAndTheJobWhenAllAreDone() {
        var job = JobController(spec: indexed(completions: 2, parallelism: 2, perIndex: 0), podFailureBackoff: .zero)
        _ = job.handle(.started, at: t0)
        let failed = podStatus("Failed", mains: [("main", 0, 1)])
        // Index 0 failed for good: it is not retried.
        #expect(job.handle(.podFinished(JobPodID(0, index: 0), failed), at: t0) == [])
        #expect(job.failedIndexes == [0])
        #expect(job.handle(.podFinished(JobPodID(1, index: 1), podStatus("Succeeded")), at: t0)
                == [.finished(succeeded: false, reason: "FailedIndexes", message: "Job has failed indexes")])
    }

    @Test func anIndexWaitsItsOwnBackoffEvenAfterAnotherIndexSucceeded() {
        var job = JobController(spec: indexed(completions: 2, parallelism: 2, perIndex: 3))
        _ = job.handle(.started, at: t0)
        let failed = podStatus("Failed", mains: [("main", 0, 1)])
        #expect(job.handle(.podFinished(JobPodID(0, index: 0), failed), at: t0 + .seconds(1)) == [.wake(at: t0 + .seconds(11))])
        // The success resets the Job's back-off, not index 0's own (10 s after its failure).
        #expect(job.handle(.podFinished(JobPodID(1, index: 1), podStatus("Succeeded")), at: t0 + .seconds(2)) == [])
        #expect(job.handle(.timerFired, at: t0 + .seconds(11)) == [.createPod(JobPodID(2, index: 0))])
        // Both back-offs apply: the Job's (one failure since the success: 10 s), then the index's
        // own (its second failure: 20 s).
        #expect(job.handle(.podFinished(JobPodID(2, index: 0), failed), at: t0 + .seconds(12))
                == [.wake(at: t0 + .seconds(22))])
        #expect(job.handle(.timerFired, at: t0 + .seconds(22)) == [.wake(at: t0 + .seconds(32))])
        #expect(job.handle(.timerFired, at: t0 + .seconds(32)) == [.createPod(JobPodID(3, index: 0))])
    }

    @Test func maxFailedIndexesExceeded() {
        var job = JobController(spec: indexed(completions: 3, parallelism: 3, perIndex: 1, maxFailed: 0), podFailureBackoff: .zero)
        _ = job.handle(.started, at: t0)
        let failed = podStatus("Failed", mains: [("main", 0, 1)])
        #expect(job.handle(.podFinished(JobPodID(1, index: 1), failed), at: t0) == [.createPod(JobPodID(3, index: 1))])
        #expect(job.handle(.podFinished(JobPodID(3, index: 1), failed), at: t0)
                == [.deletePod(JobPodID(0, index: 0)), .deletePod(JobPodID(2, index: 2))])
        _ = job.handle(.podFinished(JobPodID(0, index: 0), failed), at: t0)
        #expect(job.handle(.podFinished(JobPodID(2, index: 2), failed), at: t0) == [.finished(
            succeeded: false, reason: "MaxFailedIndexesExceeded",
            message: "Job has exceeded the specified maximal number of failed indexes")])
    }

    @Test func successPolicyEndsTheJobAndDeletesTheRest() {
        let rules = [SuccessPolicyRule(succeededIndexes: "1-2", succeededCount: 2), SuccessPolicyRule(succeededIndexes: "0")]
        var job = JobController(spec: indexed(completions: 3, parallelism: 3, success: rules))
        _ = job.handle(.started, at: t0)
        #expect(job.handle(.podFinished(JobPodID(0, index: 0), podStatus("Succeeded")), at: t0)
                == [.deletePod(JobPodID(1, index: 1)), .deletePod(JobPodID(2, index: 2))])
        _ = job.handle(.podFinished(JobPodID(1, index: 1), podStatus("Failed")), at: t0)
        #expect(job.handle(.podFinished(JobPodID(2, index: 2), podStatus("Failed")), at: t0)
                == [.finished(succeeded: true, reason: "SuccessPolicy", message: "Matched rules at index 1")])
    }

    @Test func podNamesCarryTheIndex() {
        #expect(JobController.podName(job: "pi", JobPodID(4, index: 2)) == "pi-2-4")
        #expect(JobController.podName(job: "pi", JobPodID(4)) == "pi-4")
    }
}
