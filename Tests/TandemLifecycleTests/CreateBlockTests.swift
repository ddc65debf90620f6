import Testing
import TandemAPI
@testable import TandemLifecycle

/// A container the kubelet cannot create (`CreateContainerConfigError`, a volume not set up)
/// stays Waiting, is retried after the back-off period, and holds only what it gates.
@Suite struct CreateBlockTests {
    @Test func aBlockedSidecarHoldsTheInitSequenceAndIsRetried() {
        var pod = Transcript(pod([container("proxy", sidecar: true)], [container("app")], policy: "Never"))
        #expect(pod.send(.admitted).lines == ["start proxy#0", "publish Pending"])
        let blocked = pod.send(.containerCreateBlocked(run("proxy"), .configError("couldn't find key k in ConfigMap default/c")))
        #expect(blocked.lines == [
            "Warning Failed spec.initContainers{proxy}: Error: couldn't find key k in ConfigMap default/c",
            "publish Pending",
            pod.wake(in: .seconds(10)),
        ])
        let waiting = pod.machine.status.initContainerStatuses?.first?.state?.waiting
        #expect(waiting == ContainerStateWaiting(reason: "CreateContainerConfigError",
                                                 message: "couldn't find key k in ConfigMap default/c"))
        #expect(pod.machine.status.initContainerStatuses?.first?.restartCount == 0)
        #expect(pod.advance(.seconds(9)).lines == [])
        #expect(pod.advance(.seconds(1)).lines == ["start proxy#0", "publish Pending"])
    }

    @Test func aBlockedMainDoesNotHoldTheOthersAndShowsContainerCreatingForAMount() {
        var pod = Transcript(pod([], [container("a"), container("b")], policy: "Never"))
        #expect(pod.send(.admitted).lines == ["start a#0", "publish Pending"])
        let message = #"MountVolume.SetUp failed for volume "creds" : secret "nope" not found"#
        #expect(pod.send(.containerCreateBlocked(run("a"), .failedMount(message))).lines == [
            "Warning FailedMount: \(message)",
            "start b#0",
            // Still Pending with `a` Waiting in ContainerCreating: nothing new to publish.
            pod.wake(in: .seconds(10)),
        ])
        #expect(pod.containerStatus("a")?.state?.waiting == ContainerStateWaiting(reason: "ContainerCreating"))
        pod.started("b")
        #expect(pod.exited("b").lines == ["publish Pending"])
        #expect(pod.advance(.seconds(10)).lines == ["start a#0"])
        pod.started("a")
        #expect(pod.exited("a").lines.last == "finished Succeeded")
    }

    @Test func deletionEndsAPodWhoseContainerWasNeverCreated() {
        var pod = Transcript(pod([], [container("app")], policy: "Always"))
        pod.send(.admitted)
        pod.send(.containerCreateBlocked(run("app"), .configError(#"configmap "c" not found"#)))
        #expect(pod.send(.deletionRequested(gracePeriodSeconds: nil)).lines == ["publish Failed", "finished Failed"])
        #expect(pod.all.starts == ["app#0"])
    }
}
