import TandemAPI
import Testing
@testable import TandemLifecycle

@Suite struct StartSequenceTests {
    @Test func initContainersRunStrictlyInOrderThenMains() {
        var pod = Transcript(pod([container("init-1"), container("init-2")], [container("app")]))
        #expect(pod.send(.admitted).starts == ["init-1#0"])
        #expect(pod.started("init-1").starts.isEmpty)
        #expect(pod.exited("init-1").starts == ["init-2#0"])
        pod.started("init-2")
        #expect(pod.condition("Initialized")?.message == "containers with incomplete status: [init-2]")
        #expect(pod.machine.status.phase == "Pending")
        #expect(pod.exited("init-2").starts == ["app#0"])
        #expect(pod.condition("Initialized")?.status == "True")
    }

    @Test func failedRegularInitDoesNotAdvance() {
        var pod = Transcript(pod([container("init-1"), container("init-2")], [container("app")], policy: "OnFailure"))
        pod.send(.admitted)
        pod.started("init-1")
        let actions = pod.exited("init-1", code: 1)
        #expect(actions.starts == ["init-1#1"])  // first restart is immediate, init-2 waits
    }

    @Test func sidecarGatesNextInitContainerOnStartupProbe() {
        let sidecar = container("proxy", sidecar: true, startup: probe(delay: 2, period: 1, failure: 3))
        var pod = Transcript(pod([sidecar, container("init-1")], [container("app")]))
        #expect(pod.send(.admitted).starts == ["proxy#0"])
        let started = pod.started("proxy")
        #expect(started.starts.isEmpty)
        #expect(started.probes.isEmpty)
        #expect(started.wakes == [t0 + .seconds(2)])
        #expect(pod.advance(.seconds(2)).probes == ["proxy Startup"])
        let failed = pod.send(.probeReported(run("proxy"), .startup, .failure(output: "no")))
        #expect(failed.starts.isEmpty)
        #expect(pod.containerStatus("proxy")?.started == false)
        #expect(pod.advance(.seconds(1)).probes == ["proxy Startup"])
        #expect(pod.send(.probeReported(run("proxy"), .startup, .success)).starts == ["init-1#0"])
        #expect(pod.containerStatus("proxy")?.started == true)
    }

    @Test func sidecarGatesNextInitContainerOnPostStart() {
        var pod = Transcript(pod([container("proxy", sidecar: true, postStart: true)], [container("app")]))
        pod.send(.admitted)
        let started = pod.started("proxy")
        #expect(started.hooks == ["proxy PostStart"])
        #expect(started.starts.isEmpty)
        #expect(pod.send(.hookFinished(run("proxy"), .postStart, .succeeded)).starts == ["app#0"])
    }

    @Test func sidecarWithoutGatesLetsNextStartInSameCall() {
        var pod = Transcript(pod([container("a", sidecar: true), container("b", sidecar: true)], [container("app")]))
        pod.send(.admitted)
        #expect(pod.started("a").starts == ["b#0"])
        #expect(pod.started("b").starts == ["app#0"])
    }

    @Test func mainsStartInSpecOrderEachAfterPreviousPostStart() {
        var pod = Transcript(pod([], [container("m1", postStart: true), container("m2"), container("m3")]))
        #expect(pod.send(.admitted).starts == ["m1#0"])
        #expect(pod.started("m1").starts.isEmpty)
        #expect(pod.send(.hookFinished(run("m1"), .postStart, .succeeded)).starts == ["m2#0"])
        #expect(pod.started("m2").starts == ["m3#0"])
    }

    @Test func readinessProbeNeverHoldsBackStart() {
        let sidecar = container("proxy", sidecar: true, readiness: probe())
        var pod = Transcript(pod([sidecar], [container("app")]))
        pod.send(.admitted)
        let started = pod.started("proxy")
        #expect(started.starts == ["app#0"])
        #expect(started.probes == ["proxy Readiness"])
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
