import TandemAPI
import Testing
@testable import TandemLifecycle

@Suite struct StartSequenceTests {
    @Test func initContainersRunStrictlyInOrderThenMains() {
        var pod = Transcript(pod([container("init-1"), container("init-2")], [container("app")]))
        #expect(pod.send(.admitted).lines == ["start init-1#0", "publish Pending"])
        #expect(pod.started("init-1").lines == [
            "Normal Created spec.initContainers{init-1}: Created container: init-1",
            "Normal Started spec.initContainers{init-1}: Started container init-1",
            "publish Pending",
        ])
        #expect(pod.exited("init-1").lines == ["start init-2#0", "publish Pending"])
        pod.started("init-2")
        #expect(pod.condition("Initialized")?.message == "containers with incomplete status: [init-2]")
        #expect(pod.machine.status.phase == "Pending")
        #expect(pod.exited("init-2").lines == ["start app#0", "publish Pending"])
        #expect(pod.condition("Initialized")?.status == "True")
    }

    @Test func failedRegularInitDoesNotAdvance() {
        var pod = Transcript(pod([container("init-1"), container("init-2")], [container("app")], policy: "OnFailure"))
        pod.send(.admitted)
        pod.started("init-1")
        let actions = pod.exited("init-1", code: 1)
        // The first restart is immediate; init-2 waits.
        #expect(actions.lines == ["start init-1#1", "publish Pending"])
    }

    @Test func sidecarGatesNextInitContainerOnStartupProbe() {
        let sidecar = container("proxy", sidecar: true, startup: probe(delay: 2, period: 1, failure: 3))
        var pod = Transcript(pod([sidecar, container("init-1")], [container("app")]))
        #expect(pod.send(.admitted).lines == ["start proxy#0", "publish Pending"])
        #expect(pod.started("proxy").lines == [
            "Normal Created spec.initContainers{proxy}: Created container: proxy",
            "Normal Started spec.initContainers{proxy}: Started container proxy",
            "publish Pending",
            "wake 2s",
        ])
        #expect(pod.advance(.seconds(2)).lines == ["probe proxy#0 Startup"])
        let failed = pod.send(.probeReported(run("proxy"), .startup, .failure(output: "no")))
        #expect(failed.lines == ["Warning Unhealthy spec.initContainers{proxy}: Startup probe failed: no", "wake 3s"])
        #expect(pod.containerStatus("proxy")?.started == false)
        #expect(pod.advance(.seconds(1)).lines == ["probe proxy#0 Startup"])
        #expect(pod.send(.probeReported(run("proxy"), .startup, .success)).lines == ["start init-1#0", "publish Pending"])
        #expect(pod.containerStatus("proxy")?.started == true)
    }

    @Test func sidecarGatesNextInitContainerOnPostStart() {
        var pod = Transcript(pod([container("proxy", sidecar: true, postStart: true)], [container("app")]))
        pod.send(.admitted)
        #expect(pod.started("proxy").lines == [
            "Normal Created spec.initContainers{proxy}: Created container: proxy",
            "Normal Started spec.initContainers{proxy}: Started container proxy",
            "hook proxy#0 PostStart",
            "publish Pending",
        ])
        #expect(pod.send(.hookFinished(run("proxy"), .postStart, .succeeded)).lines == ["start app#0", "publish Pending"])
    }

    @Test func sidecarWithoutGatesLetsNextStartInSameCall() {
        var pod = Transcript(pod([container("a", sidecar: true), container("b", sidecar: true)], [container("app")]))
        pod.send(.admitted)
        #expect(pod.started("a").lines == [
            "Normal Created spec.initContainers{a}: Created container: a",
            "Normal Started spec.initContainers{a}: Started container a",
            "start b#0",
            "publish Pending",
        ])
        #expect(pod.started("b").lines == [
            "Normal Created spec.initContainers{b}: Created container: b",
            "Normal Started spec.initContainers{b}: Started container b",
            "start app#0",
            "publish Pending",
        ])
    }

    @Test func mainsStartInSpecOrderEachAfterPreviousPostStart() {
        var pod = Transcript(pod([], [container("m1", postStart: true), container("m2"), container("m3")]))
        #expect(pod.send(.admitted).lines == ["start m1#0", "publish Pending"])
        #expect(pod.started("m1").lines == [
            "Normal Created spec.containers{m1}: Created container: m1",
            "Normal Started spec.containers{m1}: Started container m1",
            "hook m1#0 PostStart",
            "publish Pending",
        ])
        #expect(pod.send(.hookFinished(run("m1"), .postStart, .succeeded)).lines == ["start m2#0", "publish Pending"])
        #expect(pod.started("m2").lines == [
            "Normal Created spec.containers{m2}: Created container: m2",
            "Normal Started spec.containers{m2}: Started container m2",
            "start m3#0",
            "publish Pending",
        ])
    }

    @Test func readinessProbeNeverHoldsBackStart() {
        let sidecar = container("proxy", sidecar: true, readiness: probe())
        var pod = Transcript(pod([sidecar], [container("app")]))
        pod.send(.admitted)
        #expect(pod.started("proxy").lines == [
            "Normal Created spec.initContainers{proxy}: Created container: proxy",
            "Normal Started spec.initContainers{proxy}: Started container proxy",
            "start app#0",
            "probe proxy#0 Readiness",
            "publish Pending",
        ])
    }

    @Test func containerStatusesBeforeStart() {
        var withInit = Transcript(pod([container("init-1")], [container("zeta"), container("alpha")]))
        withInit.send(.admitted)
        #expect(withInit.machine.status.containerStatuses?.map(\.name) == ["alpha", "zeta"])
        #expect(withInit.containerStatus("alpha")?.state?.waiting?.reason == "PodInitializing")
        var plain = Transcript(pod([], [container("app")]))
        plain.send(.admitted)
        #expect(plain.containerStatus("app")?.state?.waiting?.reason == "ContainerCreating")
        #expect(plain.machine.status.startTime == "2026-11-18T11:06:40Z")
    }
}
