import TandemAPI
import Testing
@testable import TandemLifecycle

@Suite struct JobControllerTests {
    func creates(_ actions: [JobAction]) -> [Int] {
        actions.compactMap { if case .createPod(let id) = $0 { return id.serial } else { return nil } }
    }

    @Test func runsParallelPodsUntilCompletions() {
        var job = JobController(spec: JobSpec(parallelism: 2, completions: 3))
        #expect(creates(job.handle(.started, at: t0)) == [0, 1])
        #expect(creates(job.handle(.podFinished(JobPodID(0), phase: "Succeeded"), at: t0)) == [2])
        #expect(creates(job.handle(.podFinished(JobPodID(1), phase: "Succeeded"), at: t0)).isEmpty)
        let done = job.handle(.podFinished(JobPodID(2), phase: "Succeeded"), at: t0)
        #expect(done == [.finished(succeeded: true, reason: nil, message: nil)])
        #expect(job.isFinished)
    }

    @Test func failedPodsAreRetriedWithDoublingBackoff() {
        var job = JobController(spec: JobSpec(backoffLimit: 3))
        _ = job.handle(.started, at: t0)
        var now = t0
        for (serial, delay) in [(0, 10), (1, 20), (2, 40)] {
            let failed = job.handle(.podFinished(JobPodID(serial), phase: "Failed"), at: now)
            #expect(creates(failed).isEmpty)
            #expect(failed.contains(.wake(at: now + .seconds(Int64(delay)))))
            now = now + .seconds(Int64(delay))
            #expect(creates(job.handle(.timerFired, at: now)) == [serial + 1])
        }
        let last = job.handle(.podFinished(JobPodID(3), phase: "Failed"), at: now)
        #expect(last == [.finished(succeeded: false, reason: "BackoffLimitExceeded",
                                   message: "Job has reached the specified backoff limit")])
        #expect(job.failed == 4)
    }

    @Test func deadlineDeletesActivePodsThenFails() {
        var job = JobController(spec: JobSpec(activeDeadlineSeconds: 5))
        #expect(job.handle(.started, at: t0) == [.createPod(JobPodID(0)), .wake(at: t0 + .seconds(5))])
        #expect(job.handle(.timerFired, at: t0 + .seconds(5)) == [.deletePod(JobPodID(0))])
        let done = job.handle(.podFinished(JobPodID(0), phase: "Failed"), at: t0 + .seconds(6))
        #expect(done == [.finished(succeeded: false, reason: "DeadlineExceeded",
                                   message: "Job was active longer than specified deadline")])
    }

    @Test func backoffCapsAtTenMinutes() {
        var job = JobController(spec: JobSpec(backoffLimit: 100))
        _ = job.handle(.started, at: t0)
        var now = t0
        var lastDelay = Duration.zero
        for serial in 0..<8 {
            let failed = job.handle(.podFinished(JobPodID(serial), phase: "Failed"), at: now)
            guard case .wake(let at)? = failed.last else { Issue.record("no wake"); return }
            lastDelay = at - now
            now = at
            _ = job.handle(.timerFired, at: now)
        }
        #expect(lastDelay == .seconds(600))
    }
}
