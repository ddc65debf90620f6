import TandemAPI
import Testing
@testable import TandemLifecycle

@Suite struct RestartTests {
    @Test(arguments: ["Always", "OnFailure", "Never"])
    func sidecarIsRestartedWhateverThePodPolicy(policy: String) {
        var pod = Transcript(pod([container("proxy", sidecar: true)], [container("app")], policy: policy))
        pod.send(.admitted)
        pod.started("proxy")
        pod.started("app")
        #expect(pod.exited("proxy", code: 0).lines == ["start proxy#1", "publish Running"])
        pod.started("proxy", 1)
        // The second restart waits the back-off.
        #expect(pod.exited("proxy", 1, code: 1).lines == [
            "Warning BackOff spec.initContainers{proxy}: Back-off restarting failed container proxy in pod web_default(u1)",
            "publish Running",
            "wake 10s",
        ])
        #expect(pod.advance(.seconds(10)).lines == ["start proxy#2", "publish Running"])
        #expect(pod.containerStatus("proxy")?.restartCount == 2)
    }

    @Test func mainRestartsFollowPolicy() {
        var always = Transcript(pod([], [container("app")], policy: "Always"))
        always.send(.admitted)
        always.started("app")
        #expect(always.exited("app", code: 0).lines == ["start app#1", "publish Running"])

        var onFailure = Transcript(pod([], [container("app")], policy: "OnFailure"))
        onFailure.send(.admitted)
        onFailure.started("app")
        #expect(onFailure.exited("app", code: 2).lines == ["start app#1", "publish Running"])
        onFailure.started("app", 1)
        #expect(onFailure.exited("app", 1, code: 0).lines == ["publish Succeeded", "finished Succeeded"])
        #expect(onFailure.containerStatus("app")?.restartCount == 1)
        #expect(onFailure.containerStatus("app")?.lastState?.terminated?.exitCode == 2)

        var never = Transcript(pod([], [container("app")], policy: "Never"))
        never.send(.admitted)
        never.started("app")
        #expect(never.exited("app", code: 1).lines == ["publish Failed", "finished Failed"])
    }

    @Test func crashLoopBackoffDoublesUpToMaxAndShowsWaiting() {
        let options = LifecycleOptions(initialBackoff: .seconds(10), maxBackoff: .seconds(40), sidecarSettle: .zero)
        var pod = Transcript(pod([], [container("app")]), options: options)
        pod.send(.admitted)
        pod.started("app")
        #expect(pod.exited("app", code: 1).lines == ["start app#1", "publish Running"])
        var expected: [Int64] = [10, 20, 40, 40]
        for attempt in 1...4 {
            pod.started("app", attempt)
            let exit = pod.exited("app", attempt, code: 1)
            let delay = expected.removeFirst()
            #expect(exit.lines == [
                "Warning BackOff spec.containers{app}: Back-off restarting failed container app in pod web_default(u1)",
                "publish Running",
                pod.wake(in: .seconds(delay)),
            ])
            let waiting = pod.containerStatus("app")?.state?.waiting
            #expect(waiting?.reason == "CrashLoopBackOff")
            #expect(waiting?.message == "back-off \(delay)s restarting failed container=app pod=web_default(u1)")
            #expect(pod.containerStatus("app")?.lastState?.terminated?.exitCode == 1)
            #expect(pod.advance(.seconds(delay) - .milliseconds(1)).lines == [])
            #expect(pod.advance(.milliseconds(1)).lines == ["start app#\(attempt + 1)", "publish Running"])
        }
    }

    @Test func backoffResetsAfterALongRun() {
        let options = LifecycleOptions(initialBackoff: .seconds(10), maxBackoff: .seconds(300), sidecarSettle: .zero)
        var pod = Transcript(pod([], [container("app")]), options: options)
        pod.send(.admitted)
        pod.started("app")
        pod.exited("app", code: 1)           // restart 1: immediate
        pod.started("app", 1)
        pod.exited("app", 1, code: 1)        // waits 10 s
        pod.advance(.seconds(10))
        pod.started("app", 2)
        #expect(pod.exited("app", 2, code: 1).lines == [
            "Warning BackOff spec.containers{app}: Back-off restarting failed container app in pod web_default(u1)",
            "publish Running",
            pod.wake(in: .seconds(20)),
        ])
        pod.advance(.seconds(20))
        pod.started("app", 3)
        pod.now = pod.now + .seconds(601)
        #expect(pod.exited("app", 3, code: 1).lines == ["start app#4", "publish Running"])  // expired entry: immediate again
        pod.started("app", 4)
        #expect(pod.exited("app", 4, code: 1).lines == [
            "Warning BackOff spec.containers{app}: Back-off restarting failed container app in pod web_default(u1)",
            "publish Running",
            pod.wake(in: .seconds(10)),
        ])
    }

    @Test func regularInitFailureUnderNeverFailsPodAndStopsSidecar() {
        var pod = Transcript(pod([container("proxy", sidecar: true), container("init-1")], [container("app")],
                                 policy: "Never"))
        pod.send(.admitted)
        pod.started("proxy")
        pod.started("init-1")
        let failed = pod.exited("init-1", code: 1)
        #expect(failed.lines == [
            "Normal Killing spec.initContainers{proxy}: Stopping container proxy",
            "TERM proxy#0",
            "publish Pending",
            "wake 30s",
        ])
        // The phase turns Failed only once the sidecar is gone (`mergePodStatus`); Ready says so already.
        #expect(pod.machine.status.phase == "Pending")
        #expect(pod.condition("Ready")?.reason == "PodFailed")
        #expect(pod.exited("proxy", code: 143).lines == ["publish Failed", "finished Failed"])
        #expect(pod.containerStatus("app")?.state?.waiting?.reason == "PodInitializing")
        #expect(pod.containerStatus("init-1")?.state?.terminated?.reason == "Error")
        #expect(pod.condition("Initialized")?.status == "False")
        #expect(pod.condition("Initialized")?.reason == "ContainersNotInitialized")
        #expect(pod.condition("Initialized")?.message == "containers with incomplete status: [proxy init-1]")
    }

    @Test(arguments: ["Always", "OnFailure"])
    func regularInitFailureIsRetriedOtherwise(policy: String) {
        var pod = Transcript(pod([container("proxy", sidecar: true), container("init-1")], [container("app")],
                                 policy: policy))
        pod.send(.admitted)
        pod.started("proxy")
        pod.started("init-1")
        #expect(pod.exited("init-1", code: 1).lines == ["start init-1#1", "publish Pending"])
        #expect(pod.machine.status.phase == "Pending")
    }

    @Test func startErrorIsAFailedExit() {
        var pod = Transcript(pod([container("init-1")], [container("app")], policy: "Never"))
        pod.send(.admitted)
        let actions = pod.send(.containerFailedToStart(run("init-1"), message: "exec: not found"))
        #expect(actions.lines == [
            "Warning Failed spec.initContainers{init-1}: Error: exec: not found",
            "publish Failed",
            "finished Failed",
        ])
        let terminated = pod.containerStatus("init-1")?.state?.terminated
        #expect(terminated?.exitCode == 128)
        #expect(terminated?.reason == "StartError")
        #expect(terminated?.message == "exec: not found")
        #expect(terminated?.startedAt == "1970-01-01T00:00:00Z")
    }

    @Test func completedInitContainersNeverRerun() {
        var pod = Transcript(pod([container("init-1")], [container("app")]))
        pod.send(.admitted)
        pod.started("init-1")
        pod.exited("init-1")
        pod.started("app")
        #expect(pod.exited("app", code: 1).lines == ["start app#1", "publish Running"])
        #expect(pod.all.starts == ["init-1#0", "app#0", "app#1"])
        #expect(pod.containerStatus("init-1")?.ready == true)
    }

    @Test func postStartFailureKillsAndRestarts() {
        var pod = Transcript(pod([container("proxy", sidecar: true, postStart: true)], [container("app")], grace: 7))
        pod.send(.admitted)
        pod.started("proxy")
        let failed = pod.send(.hookFinished(run("proxy"), .postStart, .failed(message: "boom")))
        #expect(failed.lines == [
            "Warning FailedPostStartHook spec.initContainers{proxy}: PostStartHook failed",
            "Normal Killing spec.initContainers{proxy}: FailedPostStartHook",
            "TERM proxy#0",
            "wake 7s",
        ])
        #expect(pod.exited("proxy", code: 143).lines == ["start proxy#1", "publish Pending"])
    }

    @Test func staleReportsAreIgnored() {
        var pod = Transcript(pod([], [container("app")]))
        pod.send(.admitted)
        pod.started("app")
        pod.exited("app", code: 1)
        pod.started("app", 1)
        #expect(pod.exited("app", 0, code: 1).isEmpty)
        #expect(pod.containerStatus("app")?.state?.running != nil)
    }
}

@Suite struct LastSidecarGatesMainRestartTests {
    @Test func mainsWaitForARestartingLastSidecar() {
        var pod = Transcript(pod([container("proxy", sidecar: true)], [container("app")], policy: "Always"))
        pod.send(.admitted)
        pod.started("proxy")
        pod.started("app")
        // The sidecar crashes and is restarted at once (first restart), but is not started yet.
        #expect(pod.exited("proxy", code: 1).lines == ["start proxy#1", "publish Running"])
        // The main exits meanwhile: its first restart would be immediate, but it waits for the sidecar.
        #expect(pod.exited("app", code: 1).lines == ["publish Running"])
        #expect(pod.started("proxy", 1).lines == [
            "Normal Created spec.initContainers{proxy}: Created container: proxy",
            "Normal Started spec.initContainers{proxy}: Started container proxy",
            "start app#1",
            "publish Running",
        ])
    }

    @Test func aSidecarThatIsNotLastDoesNotHoldMains() {
        var pod = Transcript(pod([container("proxy", sidecar: true), container("init-1")], [container("app")],
                                 policy: "Always"))
        pod.send(.admitted)
        pod.started("proxy")
        pod.started("init-1")
        pod.exited("init-1")
        pod.started("app")
        #expect(pod.exited("proxy", code: 1).lines == ["start proxy#1", "publish Running"])
        #expect(pod.exited("app", code: 1).lines == ["start app#1", "publish Running"])
    }
}
