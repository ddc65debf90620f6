import TandemAPI
import Testing
@testable import TandemLifecycle

/// Transcripts of the workload controllers: every event with the whole list of actions it causes.
@Suite struct ReplicaSetControllerTests {
    @Test func keepsReplicasAndReplacesAPodThatEnds() {
        var set = ReplicaSetController(replicas: 3)
        #expect(set.handle(.started) == [.createPod(WorkloadPodID(0)), .createPod(WorkloadPodID(1)), .createPod(WorkloadPodID(2))])
        #expect(set.handle(.started) == [])
        #expect(set.handle(.podReadinessChanged(WorkloadPodID(1), runningAndReady: true)) == [])
        // A pod past its activeDeadlineSeconds fails; the ReplicaSet makes a new one at once.
        #expect(set.handle(.podFinished(WorkloadPodID(1), phase: "Failed")) == [.createPod(WorkloadPodID(3))])
        #expect(set.handle(.podFinished(WorkloadPodID(1), phase: "Failed")) == [])
        #expect(set.active == [WorkloadPodID(0), WorkloadPodID(2), WorkloadPodID(3)])
        #expect(set.handle(.deletionRequested) == [.deletePod(WorkloadPodID(0)), .deletePod(WorkloadPodID(2)), .deletePod(WorkloadPodID(3))])
        #expect(set.handle(.deletionRequested) == [])
        // Deleted pods are not replaced.
        #expect(set.handle(.podFinished(WorkloadPodID(2), phase: "Succeeded")) == [])
        #expect(set.handle(.podFinished(WorkloadPodID(0), phase: "Succeeded")) == [])
        #expect(set.handle(.podFinished(WorkloadPodID(3), phase: "Succeeded")) == [.finished(succeeded: false)])
        #expect(set.isFinished)
        #expect(set.handle(.started) == [])
    }

    @Test func succeedsWhenEveryPodEndedSucceeded() {
        var set = ReplicaSetController(replicas: 1)
        #expect(set.handle(.started) == [.createPod(WorkloadPodID(0))])
        #expect(set.handle(.deletionRequested) == [.deletePod(WorkloadPodID(0))])
        #expect(set.handle(.podFinished(WorkloadPodID(0), phase: "Succeeded")) == [.finished(succeeded: true)])
    }

    @Test func zeroReplicasFinishesAtOnce() {
        var set = ReplicaSetController(replicas: 0)
        #expect(set.handle(.started) == [.finished(succeeded: true)])
    }

    @Test func deletionBeforeStartFinishesOnStart() {
        var set = ReplicaSetController(replicas: 2)
        #expect(set.handle(.deletionRequested) == [])
        #expect(set.handle(.started) == [.finished(succeeded: true)])
    }
}

@Suite struct StatefulSetControllerTests {
    func pod(_ serial: Int, _ ordinal: Int) -> WorkloadPodID { WorkloadPodID(serial, ordinal: ordinal) }

    @Test func orderedReadyStartsEachPodWhenThePreviousIsReady() {
        var set = StatefulSetController(replicas: 3)
        #expect(set.handle(.started) == [.createPod(pod(0, 0))])
        // Running but not Ready, then Ready: only then the next ordinal.
        #expect(set.handle(.podReadinessChanged(pod(0, 0), runningAndReady: false)) == [])
        #expect(set.handle(.podReadinessChanged(pod(0, 0), runningAndReady: true)) == [.createPod(pod(1, 1))])
        #expect(set.handle(.podReadinessChanged(pod(1, 1), runningAndReady: true)) == [.createPod(pod(2, 2))])
        #expect(set.handle(.podReadinessChanged(pod(2, 2), runningAndReady: true)) == [])
    }

    @Test func orderedReadyWaitsWhileAnEarlierPodIsNotReady() {
        var set = StatefulSetController(replicas: 3)
        #expect(set.handle(.started) == [.createPod(pod(0, 0))])
        #expect(set.handle(.podReadinessChanged(pod(0, 0), runningAndReady: true)) == [.createPod(pod(1, 1))])
        // Pod 0 loses readiness before pod 1 is Ready: pod 2 waits for both.
        #expect(set.handle(.podReadinessChanged(pod(0, 0), runningAndReady: false)) == [])
        #expect(set.handle(.podReadinessChanged(pod(1, 1), runningAndReady: true)) == [])
        #expect(set.handle(.podReadinessChanged(pod(0, 0), runningAndReady: true)) == [.createPod(pod(2, 2))])
    }

    @Test func aPodThatEndsIsCreatedAgainUnderItsOrdinalFirst() {
        var set = StatefulSetController(replicas: 3)
        _ = set.handle(.started)
        _ = set.handle(.podReadinessChanged(pod(0, 0), runningAndReady: true))
        #expect(set.handle(.podFinished(pod(0, 0), phase: "Failed")) == [.createPod(pod(2, 0))])
        // Pod 1 is ready, but pod 0 (new) is not: ordinal 2 waits.
        #expect(set.handle(.podReadinessChanged(pod(1, 1), runningAndReady: true)) == [])
        #expect(set.handle(.podReadinessChanged(pod(2, 0), runningAndReady: true)) == [.createPod(pod(3, 2))])
        // A report about the old pod of ordinal 0 changes nothing.
        #expect(set.handle(.podReadinessChanged(pod(0, 0), runningAndReady: false)) == [])
    }

    @Test func orderedDeletionGoesDownOneAtATime() {
        var set = StatefulSetController(replicas: 3)
        _ = set.handle(.started)
        _ = set.handle(.podReadinessChanged(pod(0, 0), runningAndReady: true))
        _ = set.handle(.podReadinessChanged(pod(1, 1), runningAndReady: true))
        _ = set.handle(.podReadinessChanged(pod(2, 2), runningAndReady: true))
        #expect(set.handle(.deletionRequested) == [.deletePod(pod(2, 2))])
        #expect(set.handle(.podReadinessChanged(pod(2, 2), runningAndReady: false)) == [])
        #expect(set.handle(.podFinished(pod(2, 2), phase: "Succeeded")) == [.deletePod(pod(1, 1))])
        #expect(set.handle(.podFinished(pod(1, 1), phase: "Succeeded")) == [.deletePod(pod(0, 0))])
        #expect(set.handle(.podFinished(pod(0, 0), phase: "Succeeded")) == [.finished(succeeded: true)])
        #expect(set.isFinished)
    }

    @Test func deletionDuringStartUpCreatesNothingMore() {
        var set = StatefulSetController(replicas: 3)
        _ = set.handle(.started)
        _ = set.handle(.podReadinessChanged(pod(0, 0), runningAndReady: true))
        #expect(set.handle(.deletionRequested) == [.deletePod(pod(1, 1))])
        #expect(set.handle(.podReadinessChanged(pod(1, 1), runningAndReady: true)) == [])
        // Pod 0 ends by itself meanwhile (a second SIGINT killed everything): not recreated.
        #expect(set.handle(.podFinished(pod(0, 0), phase: "Failed")) == [])
        #expect(set.handle(.podFinished(pod(1, 1), phase: "Succeeded")) == [.finished(succeeded: false)])
    }

    @Test func parallelStartsAndDeletesAllAtOnce() {
        var set = StatefulSetController(replicas: 3, startOrdinal: 5, parallel: true)
        #expect(set.handle(.started) == [.createPod(pod(0, 5)), .createPod(pod(1, 6)), .createPod(pod(2, 7))])
        #expect(set.handle(.podFinished(pod(1, 6), phase: "Failed")) == [.createPod(pod(3, 6))])
        #expect(set.handle(.deletionRequested) == [.deletePod(pod(2, 7)), .deletePod(pod(3, 6)), .deletePod(pod(0, 5))])
        #expect(set.handle(.podFinished(pod(0, 5), phase: "Succeeded")) == [])
        #expect(set.handle(.podFinished(pod(3, 6), phase: "Succeeded")) == [])
        #expect(set.handle(.podFinished(pod(2, 7), phase: "Succeeded")) == [.finished(succeeded: false)])
    }
}

@Suite struct CronJobTriggerTests {
    @Test func theJobIsNamedByTheScheduledMinute() {
        let cronJob = CronJob(
            metadata: ObjectMeta(name: "report", namespace: "batch", uid: "u-1"),
            spec: CronJobSpec(schedule: "*/5 * * * *", jobTemplate: JobTemplateSpec(
                metadata: ObjectMeta(labels: ["team": "data"], annotations: ["note": "x"]),
                spec: JobSpec(backoffLimit: 2, template: PodTemplateSpec(spec: PodSpec(containers: [Container(name: "main")]))))))
        // 2025-12-01T18:00:59.5Z: minute 29,410,200 since the epoch.
        let scheduled = Instant(nanosecondsSinceEpoch: 1_764_612_059_500_000_000)
        let job = CronJobTrigger.job(from: cronJob, scheduledTime: scheduled)
        #expect(job == Job(
            apiVersion: "batch/v1", kind: "Job",
            metadata: ObjectMeta(
                name: "report-29410200", namespace: "batch", creationTimestamp: "2025-12-01T18:00:59Z",
                labels: ["team": "data"],
                annotations: ["note": "x", "batch.kubernetes.io/cronjob-scheduled-timestamp": "2025-12-01T18:00:59Z"],
                ownerReferences: [OwnerReference(apiVersion: "batch/v1", kind: "CronJob", name: "report", uid: "u-1",
                                                 controller: true, blockOwnerDeletion: true)]),
            spec: cronJob.spec?.jobTemplate?.spec))
    }
}
