import TandemAPI
import Testing
@testable import TandemLifecycle

@Suite struct StatusTests {
    @Test func finalStatusOfACompletedPod() {
        var pod = Transcript(pod([container("init1"), container("proxy", sidecar: true)],
                                 [container("b"), container("a")], policy: "Never"))
        pod.send(.admitted)
        pod.started("init1")
        pod.exited("init1")
        pod.started("proxy")
        pod.started("b")
        pod.started("a")
        #expect(pod.machine.status.phase == "Running")
        #expect(pod.condition("Initialized")?.status == "True")
        pod.exited("a")
        pod.advance(.seconds(1))
        #expect(pod.exited("b").lines == [
            "Normal Killing spec.initContainers{proxy}: Stopping container proxy",
            "TERM proxy#0",
            "publish Running",
            "wake 31s",
        ])
        let done = pod.exited("proxy", code: 143)
        #expect(done == [.publish(pod.machine.status), .finished(phase: "Succeeded")])
        let status = pod.machine.status
        #expect(status.phase == "Succeeded")
        #expect(status.containerStatuses?.map(\.name) == ["a", "b"])
        #expect(status.initContainerStatuses?.map(\.name) == ["init1", "proxy"])
        #expect(pod.containerStatus("init1")?.ready == true)
        #expect(pod.containerStatus("proxy")?.ready == false)
        #expect(pod.containerStatus("a")?.ready == false)
        #expect(pod.containerStatus("proxy")?.state?.terminated?.exitCode == 143)
        #expect(pod.condition("Initialized")?.reason == "PodCompleted")
        #expect(pod.condition("Ready")?.status == "False")
        #expect(pod.condition("Ready")?.reason == "PodCompleted")
        #expect(pod.condition("PodScheduled")?.status == "True")
        #expect(status.conditions?.map { $0.type ?? "" }
                == ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"])
        #expect(pod.containerStatus("b")?.state?.terminated?.finishedAt == "2026-11-18T11:06:41Z")
    }

    @Test func readyTransitionsAreStampedOnlyWhenTheyFlip() {
        var pod = Transcript(pod([], [container("app")]))
        pod.send(.admitted)
        #expect(pod.condition("Ready")?.status == "False")
        pod.advance(.seconds(3), then: .containerStarted(run("app")))
        #expect(pod.condition("Ready")?.status == "True")
        #expect(pod.condition("Ready")?.lastTransitionTime == "2026-11-18T11:06:43Z")
        #expect(pod.condition("PodScheduled")?.lastTransitionTime == "2026-11-18T11:06:40Z")
    }

    @Test func timestampsAndGoDurations() {
        #expect(Timestamp.rfc3339(Instant(nanosecondsSinceEpoch: 0)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.rfc3339(Instant(nanosecondsSinceEpoch: 951_782_400_999_000_000)) == "2000-02-29T00:00:00Z")
        #expect(Timestamp.rfc3339(Instant(nanosecondsSinceEpoch: 1_795_515_200_000_000_000)) == "2026-11-24T10:13:20Z")
        #expect(GoDuration.format(.seconds(10)) == "10s")
        #expect(GoDuration.format(.seconds(80)) == "1m20s")
        #expect(GoDuration.format(.seconds(300)) == "5m0s")
        #expect(GoDuration.format(.milliseconds(1500)) == "1.5s")
        #expect(GoDuration.format(.milliseconds(500)) == "500ms")
    }

    @Test func publishesOnlyOnChange() {
        var pod = Transcript(pod([], [container("app")]))
        #expect(pod.send(.admitted).lines == ["start app#0", "publish Pending"])
        #expect(pod.send(.timerFired).lines == [])
        #expect(pod.started("app").lines == [
            "Normal Created spec.containers{app}: Created container: app",
            "Normal Started spec.containers{app}: Started container app",
            "publish Running",
        ])
    }
}
