import TandemAPI
import Testing
@testable import TandemLifecycle

@Suite struct SidecarSettleTests {
    let settle = LifecycleOptions(sidecarSettle: .milliseconds(50))

    @Test func probelessSidecarCountsAsStartedOnlyAfterSettling() {
        var pod = Transcript(pod([container("proxy", sidecar: true)], [container("app")]), options: settle)
        pod.send(.admitted)
        #expect(pod.started("proxy").lines == [
            "Normal Created spec.initContainers{proxy}: Created container: proxy",
            "Normal Started spec.initContainers{proxy}: Started container proxy",
            "publish Pending",
            "wake 50ms",
        ])
        #expect(pod.containerStatus("proxy")?.started == false)
        #expect(pod.advance(.milliseconds(49)).lines == [])
        #expect(pod.advance(.milliseconds(1)).lines == ["start app#0", "publish Pending"])
        #expect(pod.containerStatus("proxy")?.started == true)
    }

    @Test func startupProbeReplacesTheSettleTime() {
        let sidecar = container("proxy", sidecar: true, startup: probe(delay: 0, period: 1, failure: 3))
        var pod = Transcript(pod([sidecar], [container("app")]), options: settle)
        pod.send(.admitted)
        #expect(pod.started("proxy").lines == [
            "Normal Created spec.initContainers{proxy}: Created container: proxy",
            "Normal Started spec.initContainers{proxy}: Started container proxy",
            "probe proxy#0 Startup",
            "publish Pending",
        ])
        #expect(pod.send(.probeReported(run("proxy"), .startup, .success)).lines == ["start app#0", "publish Pending"])
    }

    @Test func regularInitContainersAndMainsDoNotSettle() {
        var pod = Transcript(pod([container("init-1")], [container("a"), container("b")]), options: settle)
        pod.send(.admitted)
        pod.started("init-1")
        #expect(pod.exited("init-1").lines == ["start a#0", "publish Pending"])
        #expect(pod.started("a").lines == [
            "Normal Created spec.containers{a}: Created container: a",
            "Normal Started spec.containers{a}: Started container a",
            "start b#0",
            "publish Pending",
        ])
    }

    @Test func restartedSidecarSettlesAgain() {
        var pod = Transcript(pod([container("proxy", sidecar: true)], [container("app")]), options: settle)
        pod.send(.admitted)
        pod.started("proxy")
        pod.advance(.milliseconds(50))
        pod.started("app")
        pod.exited("proxy", code: 1)
        #expect(pod.started("proxy", 1).lines == [
            "Normal Created spec.initContainers{proxy}: Created container: proxy",
            "Normal Started spec.initContainers{proxy}: Started container proxy",
            "publish Running",
            "wake 100ms",
        ])
        #expect(pod.containerStatus("proxy")?.started == false)
        #expect(pod.advance(.milliseconds(50)).lines == ["publish Running"])
        #expect(pod.containerStatus("proxy")?.started == true)
    }
}
