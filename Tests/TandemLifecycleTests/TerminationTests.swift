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
        #expect(pod.exited("app", code: 0).signals == ["s3 TERM"])
        #expect(pod.exited("s3", code: 143).signals == ["s2 TERM"])
        #expect(pod.exited("s2", code: 1).signals == ["s1 TERM"])
        let done = pod.exited("s1", code: 137)
        #expect(done.finished == "Succeeded")   // sidecar exit codes never matter
        #expect(pod.machine.isFinished)
        #expect(pod.exited("s1", code: 0).isEmpty)
    }

    @Test func onFailurePodCompletesWhenMainsSucceed() {
        var pod = runningPod(policy: "OnFailure")
        #expect(pod.exited("app", code: 0).signals == ["s3 TERM"])
    }

    @Test func alwaysPodNeverCompletes() {
        var pod = runningPod(policy: "Always")
        let actions = pod.exited("app", code: 0)
        #expect(actions.signals.isEmpty)
        #expect(actions.starts == ["app#1"])
    }

    @Test func deletionRunsAllPreStopsAtOnceAndOrdersSignals() {
        var pod = runningPod(grace: 30, preStopOn: ["s2", "app"])
        let delete = pod.send(.deletionRequested(gracePeriodSeconds: nil))
        #expect(Set(delete.hooks) == ["s2 PreStop", "app PreStop"])
        #expect(delete.signals.isEmpty)   // app waits for its preStop; sidecars wait for app
        #expect(delete.events.filter { $0.hasPrefix("Killing") }.count == 4)
        #expect(pod.advance(.seconds(5), then: .hookFinished(run("s2"), .preStop, .succeeded)).signals.isEmpty)
        #expect(pod.advance(.seconds(1), then: .hookFinished(run("app"), .preStop, .succeeded)).signals == ["app TERM"])
        #expect(pod.advance(.seconds(6), then: .containerExited(run("app"), ContainerExit(exitCode: 0))).signals
                == ["s3 TERM"])
        #expect(pod.exited("s3").signals == ["s2 TERM"])
        #expect(pod.exited("s2").signals == ["s1 TERM"])
        #expect(pod.exited("s1").finished == "Succeeded")
        #expect(pod.containerStatus("app")?.state?.terminated?.reason == "Completed")
    }

    @Test func graceRunsOutThenTwoSecondMinimumThenKill() {
        var pod = runningPod(grace: 5)
        let delete = pod.send(.deletionRequested(gracePeriodSeconds: nil))
        #expect(delete.signals == ["app TERM"])
        #expect(delete.wakes == [t0 + .seconds(5)])
        let graceOver = pod.advance(.seconds(5))
        #expect(graceOver.signals == ["s1 TERM", "s2 TERM", "s3 TERM", "app KILL"])
        #expect(graceOver.wakes == [t0 + .seconds(7)])
        pod.send(.containerExited(run("app"), ContainerExit(exitCode: 137, signal: 9)))
        pod.advance(.milliseconds(900), then: .containerExited(run("s2"), ContainerExit(exitCode: 0)))
        let kill = pod.advance(.milliseconds(1100))
        #expect(kill.signals == ["s1 KILL", "s3 KILL"])
        pod.send(.containerExited(run("s1"), ContainerExit(exitCode: 137, signal: 9)))
        #expect(pod.send(.containerExited(run("s3"), ContainerExit(exitCode: 137, signal: 9))).finished == "Failed")
        #expect(pod.containerStatus("app")?.state?.terminated?.exitCode == 137)
        #expect(pod.containerStatus("s2")?.state?.terminated?.reason == "Completed")
    }

    @Test func tinyGraceStillGetsTwoSecondsAfterSigterm() {
        var pod = Transcript(pod([], [container("app")], grace: 0))
        pod.send(.admitted)
        pod.started("app")
        let delete = pod.send(.deletionRequested(gracePeriodSeconds: 0))
        #expect(delete.signals == ["app TERM"])
        #expect(delete.wakes == [t0 + .seconds(2)])
    }

    @Test func deletionGraceOverridesPodGrace() {
        var pod = Transcript(pod([], [container("app", preStop: true)], grace: 30))
        pod.send(.admitted)
        pod.started("app")
        let delete = pod.send(.deletionRequested(gracePeriodSeconds: 3))
        #expect(delete.hooks == ["app PreStop"])
        #expect(delete.wakes == [t0 + .seconds(3)])
        #expect(pod.advance(.seconds(3)).signals == ["app TERM"])  // preStop outlived the grace
    }

    @Test func preStopOutlivingGraceOnSidecarDoesNotBlockOthersForever() {
        var pod = runningPod(grace: 5, preStopOn: ["s2"])
        pod.send(.deletionRequested(gracePeriodSeconds: nil))
        pod.advance(.seconds(1), then: .containerExited(run("app"), ContainerExit(exitCode: 0)))
        #expect(pod.all.signals == ["app TERM", "s3 TERM"])
        pod.exited("s3")
        #expect(pod.all.signals.count == 2)   // s2 still in its preStop
        let graceOver = pod.advance(.seconds(4))
        #expect(graceOver.signals == ["s1 TERM", "s2 TERM"])
    }

    @Test func deletionDuringInitSkipsUnstartedContainers() {
        let initContainers = [container("start-init"), container("s1", sidecar: true, preStop: true)]
        var pod = Transcript(pod(initContainers, [container("app")], policy: "Never", grace: 3))
        pod.send(.admitted)
        pod.started("start-init")
        let delete = pod.send(.deletionRequested(gracePeriodSeconds: nil))
        #expect(delete.signals == ["start-init TERM"])
        #expect(delete.hooks.isEmpty)
        let done = pod.exited("start-init", code: 0)
        #expect(done.starts.isEmpty)
        #expect(done.finished == "Failed")
        #expect(pod.containerStatus("app")?.state?.waiting?.reason == "PodInitializing")
        #expect(pod.containerStatus("start-init")?.state?.terminated?.reason == "Completed")
        #expect(pod.condition("Initialized")?.message == "containers with incomplete status: [s1]")
    }

    @Test func regularInitIsNobodysPrerequisite() {
        var pod = Transcript(pod([container("s1", sidecar: true), container("init-1")], [container("app")]))
        pod.send(.admitted)
        pod.started("s1")
        pod.started("init-1")
        let delete = pod.send(.deletionRequested(gracePeriodSeconds: nil))
        #expect(Set(delete.signals) == ["s1 TERM", "init-1 TERM"])
    }

    @Test func nothingRestartsDuringTermination() {
        var pod = runningPod(policy: "Always", grace: 30)
        pod.send(.deletionRequested(gracePeriodSeconds: nil))
        #expect(pod.exited("s1", code: 1).starts.isEmpty)   // sidecar died early: stays dead
        #expect(pod.exited("app", code: 1).starts.isEmpty)
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
        #expect(pod.exited("s1", code: 1).starts == ["s1#1"])
        #expect(pod.started("s1", 1).signals.isEmpty)       // waits for its turn again
        #expect(pod.exited("app", code: 0).signals == ["s1 TERM"])
    }

    @Test func readinessContinuesLivenessStopsDuringTermination() {
        let app = container("app", liveness: probe(period: 1, failure: 3), readiness: probe(period: 1, failure: 3))
        var pod = Transcript(pod([], [app], grace: 30))
        pod.send(.admitted)
        pod.started("app")
        pod.send(.probeReported(run("app"), .liveness, .success))
        pod.send(.probeReported(run("app"), .readiness, .success))
        pod.send(.deletionRequested(gracePeriodSeconds: nil))
        #expect(pod.advance(.seconds(1)).probes == ["app Readiness"])
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
        #expect(done.finished == "Succeeded")
        let status = pod.containerStatus("app")
        #expect(status?.state?.terminated?.exitCode == 0)
        #expect(status?.lastState?.terminated?.exitCode == 1)
        #expect(status?.restartCount == 1)
        #expect(status?.ready == false)
    }

    @Test func containerStartedDuringTerminationIsStoppedRightAway() {
        var pod = Transcript(pod([], [container("app")]))
        pod.send(.admitted)
        #expect(pod.send(.deletionRequested(gracePeriodSeconds: nil)).finished == nil)
        #expect(pod.started("app").signals == ["app TERM"])
        #expect(pod.exited("app", code: 143).finished == "Failed")
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
        #expect(killed.contains(.runHook(run("app"), .preStop)))
        #expect(pod.machine.status.phase != "Succeeded")
        // The sidecar's liveness fails now: no kill-and-restart, the probe is stopped.
        let later = pod.advance(.seconds(1))
        #expect(!later.contains(.runProbe(run("proxy"), .liveness)))
        pod.exited("proxy", code: 1)
        #expect(pod.advance(.seconds(5)).starts.isEmpty)
    }
}
