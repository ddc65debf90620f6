import TandemAPI
import Testing
@testable import TandemLifecycle

@Suite struct SidecarSettleTests {
    let settle = LifecycleOptions(sidecarSettle: .milliseconds(50))

    @Test func probelessSidecarCountsAsStartedOnlyAfterSettling() {
        var pod = Transcript(pod([container("proxy", sidecar: true)], [container("app")]), options: settle)
        pod.send(.admitted)
        let started = pod.started("proxy")
        #expect(started.starts.isEmpty)
        #expect(started.wakes == [t0 + .milliseconds(50)])
        #expect(pod.containerStatus("proxy")?.started == false)
        #expect(pod.advance(.milliseconds(49)).starts.isEmpty)
        #expect(pod.advance(.milliseconds(1)).starts == ["app#0"])
        #expect(pod.containerStatus("proxy")?.started == true)
    }

    @Test func startupProbeReplacesTheSettleTime() {
        let sidecar = container("proxy", sidecar: true, startup: probe(delay: 0, period: 1, failure: 3))
        var pod = Transcript(pod([sidecar], [container("app")]), options: settle)
        pod.send(.admitted)
        #expect(pod.started("proxy").probes == ["proxy Startup"])
        #expect(pod.send(.probeReported(run("proxy"), .startup, .success)).starts == ["app#0"])
    }

    @Test func regularInitContainersAndMainsDoNotSettle() {
        var pod = Transcript(pod([container("init-1")], [container("a"), container("b")]), options: settle)
        pod.send(.admitted)
        pod.started("init-1")
        #expect(pod.exited("init-1").starts == ["a#0"])
        #expect(pod.started("a").starts == ["b#0"])
    }

    @Test func restartedSidecarSettlesAgain() {
        var pod = Transcript(pod([container("proxy", sidecar: true)], [container("app")]), options: settle)
        pod.send(.admitted)
        pod.started("proxy")
        pod.advance(.milliseconds(50))
        pod.started("app")
        pod.exited("proxy", code: 1)
        pod.started("proxy", 1)
        #expect(pod.containerStatus("proxy")?.started == false)
        pod.advance(.milliseconds(50))
        #expect(pod.containerStatus("proxy")?.started == true)
    }
}
