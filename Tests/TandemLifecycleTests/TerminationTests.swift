import TandemAPI
import Testing
@testable import TandemLifecycle

@Suite struct TerminationTests {
    /// Three sidecars and one main, all running.
    func runningPod(policy: String = "Never", grace: Int64 = 30, preStopOn: Set<String> = []) -> Transcript {
        let sidecars = ["s1", "s2", "s3"].map { container($0, sidecar: true, preStop: preStopOn.contains($0)) }
        var pod = Transcript(pod(sidecars, [container("app", preStop: preStopOn.contains("app"))],
                                 policy: policy, grace: grace))
        pod.send(.admitted)
        for name in ["s1", "s2", "s3", "app"] { pod.started(name) }
        return pod
    }

    @Test func podCompletionStopsSidecarsInReverseOrder() {
        var pod = runningPod()
        #expect(pod.exited("app", code: 0).lines == [
            "Normal Killing spec.initContainers{s1}: Stopping container s1",
            "Normal Killing spec.initContainers{s2}: Stopping container s2",
            "Normal Killing spec.initContainers{s3}: Stopping container s3",
            "TERM s3#0",
            "publish Running",
            "wake 30s",
        ])
        #expect(pod.exited("s3", code: 143).lines == ["TERM s2#0", "publish Running"])
        #expect(pod.exited("s2", code: 1).lines == ["TERM s1#0", "publish Running"])
        let done = pod.exited("s1", code: 137)
        #expect(done.lines == ["publish Succeeded", "finished Succeeded"])   // sidecar exit codes never matter
        #expect(pod.machine.isFinished)
        #expect(pod.exited("s1", code: 0).isEmpty)
    }

    @Test func onFailurePodCompletesWhenMainsSucceed() {
        var pod = runningPod(policy: "OnFailure")
        #expect(pod.exited("app", code: 0).lines == [
            "Normal Killing spec.initContainers{s1}: Stopping container s1",
            "Normal Killing spec.initContainers{s2}: Stopping container s2",
            "Normal Killing spec.initContainers{s3}: Stopping container s3",
            "TERM s3#0",
            "publish Running",
            "wake 30s",
        ])
    }

    @Test func alwaysPodNeverCompletes() {
        var pod = runningPod(policy: "Always")
        #expect(pod.exited("app", code: 0).lines == ["start app#1", "publish Running"])
    }

    @Test func deletionRunsAllPreStopsAtOnceAndOrdersSignals() {
        var pod = runningPod(grace: 30, preStopOn: ["s2", "app"])
        // Every preStop starts at once; app waits for its preStop, the sidecars for app.
        #expect(pod.send(.deletionRequested(gracePeriodSeconds: nil)).lines == [
            "Normal Killing spec.initContainers{s1}: Stopping container s1",
            "Normal Killing spec.initContainers{s2}: Stopping container s2",
            "hook s2#0 PreStop",
            "Normal Killing spec.initContainers{s3}: Stopping container s3",
            "Normal Killing spec.containers{app}: Stopping container app",
            "hook app#0 PreStop",
            "wake 30s",
        ])
        #expect(pod.advance(.seconds(5), then: .hookFinished(run("s2"), .preStop, .succeeded)).lines == [])
        #expect(pod.advance(.seconds(1), then: .hookFinished(run("app"), .preStop, .succeeded)).lines == ["TERM app#0"])
        #expect(pod.advance(.seconds(6), then: .containerExited(run("app"), ContainerExit(exitCode: 0))).lines
                == ["TERM s3#0", "publish Running"])
        #expect(pod.exited("s3").lines == ["TERM s2#0", "publish Running"])
        #expect(pod.exited("s2").lines == ["TERM s1#0", "publish Running"])
        #expect(pod.exited("s1").lines == ["publish Succeeded", "finished Succeeded"])
        #expect(pod.containerStatus("app")?.state?.terminated?.reason == "Completed")
    }

    @Test func graceRunsOutThenTwoSecondMinimumThenKill() {
        var pod = runningPod(grace: 5)
        #expect(pod.send(.deletionRequested(gracePeriodSeconds: nil)).lines == [
            "Normal Killing spec.initContainers{s1}: Stopping container s1",
            "Normal Killing spec.initContainers{s2}: Stopping container s2",
            "Normal Killing spec.initContainers{s3}: Stopping container s3",
            "Normal Killing spec.containers{app}: Stopping container app",
            "TERM app#0",
            "wake 5s",
        ])
        // Grace over: the waiting sidecars get SIGTERM (2 s minimum), app its SIGKILL.
        #expect(pod.advance(.seconds(5)).lines == ["TERM s1#0", "TERM s2#0", "TERM s3#0", "KILL app#0", "wake 7s"])
        #expect(pod.send(.containerExited(run("app"), ContainerExit(exitCode: 137, signal: 9))).lines == ["publish Running"])
        #expect(pod.advance(.milliseconds(900), then: .containerExited(run("s2"), ContainerExit(exitCode: 0))).lines
                == ["publish Running"])
        #expect(pod.advance(.milliseconds(1100)).lines == ["KILL s1#0", "KILL s3#0"])
        #expect(pod.send(.containerExited(run("s1"), ContainerExit(exitCode: 137, signal: 9))).lines == ["publish Running"])
        #expect(pod.send(.containerExited(run("s3"), ContainerExit(exitCode: 137, signal: 9))).lines
                == ["publish Failed", "finished Failed"])
        #expect(pod.containerStatus("app")?.state?.terminated?.exitCode == 137)
        #expect(pod.containerStatus("s2")?.state?.terminated?.reason == "Completed")
    }

    @Test func tinyGraceStillGetsTwoSecondsAfterSigterm() {
        var pod = Transcript(pod([], [container("app")], grace: 0))
        pod.send(.admitted)
        pod.started("app")
        #expect(pod.send(.deletionRequested(gracePeriodSeconds: 0)).lines == [
            "Normal Killing spec.containers{app}: Stopping container app",
            "TERM app#0",
            "wake 2s",
        ])
    }

    @Test func deletionGraceOverridesPodGrace() {
        var pod = Transcript(pod([], [container("app", preStop: true)], grace: 30))
        pod.send(.admitted)
        pod.started("app")
        #expect(pod.send(.deletionRequested(gracePeriodSeconds: 3)).lines == [
            "Normal Killing spec.containers{app}: Stopping container app",
            "hook app#0 PreStop",
            "wake 3s",
        ])
        #expect(pod.advance(.seconds(3)).lines == ["TERM app#0", "wake 5s"])  // preStop outlived the grace
    }

    @Test func preStopOutlivingGraceOnSidecarDoesNotBlockOthersForever() {
        var pod = runningPod(grace: 5, preStopOn: ["s2"])
        #expect(pod.send(.deletionRequested(gracePeriodSeconds: nil)).lines == [
            "Normal Killing spec.initContainers{s1}: Stopping container s1",
            "Normal Killing spec.initContainers{s2}: Stopping container s2",
            "hook s2#0 PreStop",
            "Normal Killing spec.initContainers{s3}: Stopping container s3",
            "Normal Killing spec.containers{app}: Stopping container app",
            "TERM app#0",
            "wake 5s",
        ])
        #expect(pod.advance(.seconds(1), then: .containerExited(run("app"), ContainerExit(exitCode: 0))).lines
                == ["TERM s3#0", "publish Running"])
        #expect(pod.exited("s3").lines == ["publish Running"])   // s2 still in its preStop
        #expect(pod.advance(.seconds(4)).lines == ["TERM s1#0", "TERM s2#0", "wake 7s"])
    }

    @Test func deletionDuringInitSkipsUnstartedContainers() {
        let initContainers = [container("start-init"), container("s1", sidecar: true, preStop: true)]
        var pod = Transcript(pod(initContainers, [container("app")], policy: "Never", grace: 3))
        pod.send(.admitted)
        pod.started("start-init")
        #expect(pod.send(.deletionRequested(gracePeriodSeconds: nil)).lines == [
            "Normal Killing spec.initContainers{start-init}: Stopping container start-init",
            "TERM start-init#0",
            "wake 3s",
        ])
        #expect(pod.exited("start-init", code: 0).lines == ["publish Failed", "finished Failed"])
        #expect(pod.containerStatus("app")?.state?.waiting?.reason == "PodInitializing")
        #expect(pod.containerStatus("start-init")?.state?.terminated?.reason == "Completed")
        #expect(pod.condition("Initialized")?.message == "containers with incomplete status: [s1]")
    }

    @Test func regularInitIsNobodysPrerequisite() {
        var pod = Transcript(pod([container("s1", sidecar: true), container("init-1")], [container("app")]))
        pod.send(.admitted)
        pod.started("s1")
        pod.started("init-1")
        #expect(pod.send(.deletionRequested(gracePeriodSeconds: nil)).lines == [
            "Normal Killing spec.initContainers{s1}: Stopping container s1",
            "Normal Killing spec.initContainers{init-1}: Stopping container init-1",
            "TERM s1#0",
            "TERM init-1#0",
            "wake 30s",
        ])
    }

    @Test func nothingRestartsDuringTermination() {
        var pod = runningPod(policy: "Always", grace: 30)
        pod.send(.deletionRequested(gracePeriodSeconds: nil))
        #expect(pod.exited("s1", code: 1).lines == ["publish Running"])   // sidecar died early: stays dead
        #expect(pod.exited("app", code: 1).lines == ["TERM s3#0", "publish Running"])
        #expect(pod.containerStatus("s1")?.state?.terminated?.exitCode == 1)
    }

    @Test func sidecarsRestartDuringTerminationWithKEP4438() {
        let options = LifecycleOptions(restartSidecarsDuringTermination: true, sidecarSettle: .zero)
        let sidecars = [container("s1", sidecar: true)]
        var pod = Transcript(pod(sidecars, [container("app")], grace: 30), options: options)
        pod.send(.admitted)
        pod.started("s1")
        pod.started("app")
        pod.send(.deletionRequested(gracePeriodSeconds: nil))
        #expect(pod.exited("s1", code: 1).lines == ["start s1#1", "publish Running"])
        #expect(pod.started("s1", 1).lines == [           // waits for its turn again
            "Normal Created spec.initContainers{s1}: Created container: s1",
            "Normal Started spec.initContainers{s1}: Started container s1",
            "Normal Killing spec.initContainers{s1}: Stopping container s1",
            "publish Running",
        ])
        #expect(pod.exited("app", code: 0).lines == ["TERM s1#1", "publish Running"])
    }

    @Test func readinessContinuesLivenessStopsDuringTermination() {
        let app = container("app", liveness: probe(period: 1, failure: 3), readiness: probe(period: 1, failure: 3))
        var pod = Transcript(pod([], [app], grace: 30))
        pod.send(.admitted)
        pod.started("app")
        pod.send(.probeReported(run("app"), .liveness, .success))
        pod.send(.probeReported(run("app"), .readiness, .success))
        pod.send(.deletionRequested(gracePeriodSeconds: nil))
        #expect(pod.advance(.seconds(1)).lines == ["probe app#0 Readiness", "wake 30s"])
    }

    @Test func deletedWhileInBackoffCountsLastTermination() {
        let options = LifecycleOptions(initialBackoff: .seconds(10), sidecarSettle: .zero)
        var pod = Transcript(pod([], [container("app")], policy: "Always"), options: options)
        pod.send(.admitted)
        pod.started("app")
        pod.exited("app", code: 1)
        pod.started("app", 1)
        pod.exited("app", 1, code: 0)       // waiting 10 s for restart #2
        let done = pod.send(.deletionRequested(gracePeriodSeconds: nil))
        #expect(done == [.publish(pod.machine.status), .finished(phase: "Succeeded")])
        let status = pod.containerStatus("app")
        #expect(status?.state?.terminated?.exitCode == 0)
        #expect(status?.lastState?.terminated?.exitCode == 1)
        #expect(status?.restartCount == 1)
        #expect(status?.ready == false)
    }

    @Test func containerStartedDuringTerminationIsStoppedRightAway() {
        var pod = Transcript(pod([], [container("app")]))
        pod.send(.admitted)
        #expect(pod.send(.deletionRequested(gracePeriodSeconds: nil)).lines == [])
        #expect(pod.started("app").lines == [
            "Normal Created spec.containers{app}: Created container: app",
            "Normal Started spec.containers{app}: Started container app",
            "Normal Killing spec.containers{app}: Stopping container app",
            "TERM app#0",
            "publish Running",
            "wake 30s",
        ])
        #expect(pod.exited("app", code: 143).lines == ["publish Failed", "finished Failed"])
    }
}

@Suite struct LivenessKillEndsNeverPodTests {
    @Test func sidecarIsNeitherRestartedNorProbedWhileTheLastMainRunsItsPreStop() {
        let sidecarLiveness = probe(delay: 0, period: 1, failure: 1)
        let sidecar = container("proxy", sidecar: true, liveness: sidecarLiveness)
        var main = container("app", liveness: probe(delay: 0, period: 1, failure: 1))
        main.lifecycle = Lifecycle(preStop: LifecycleHandler(exec: ExecAction(command: ["sleep", "8"])))
        var pod = Transcript(pod([sidecar], [main], policy: "Never"))
        pod.send(.admitted)
        pod.started("proxy")
        pod.started("app")
        pod.send(.probeReported(run("proxy"), .liveness, .success))
        let killed = pod.send(.probeReported(run("app"), .liveness, .failure(output: "dead")))
        // The whole pod terminates: the main runs its preStop; the sidecar waits for the main.
        #expect(killed.lines == [
            "Warning Unhealthy spec.containers{app}: Liveness probe failed: dead",
            "Normal Killing spec.containers{app}: Container app failed liveness probe",
            "hook app#0 PreStop",
            "Normal Killing spec.initContainers{proxy}: Stopping container proxy",
            "wake 30s",
        ])
        #expect(pod.machine.status.phase == "Running")
        // The sidecar's liveness would be due now: it is stopped, no kill-and-restart.
        #expect(pod.advance(.seconds(1)).lines == [])
        #expect(pod.exited("proxy", code: 1).lines == ["publish Running"])
        #expect(pod.advance(.seconds(5)).lines == [])
    }
}
