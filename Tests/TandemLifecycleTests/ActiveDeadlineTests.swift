import TandemAPI
import Testing
@testable import TandemLifecycle

/// `spec.activeDeadlineSeconds` (kubelet `activeDeadlineHandler`): counted from the start time,
/// then phase `Failed`/`DeadlineExceeded` and the normal, ordered termination.
@Suite struct ActiveDeadlineTests {
    func deadlinePod(seconds: Int64, grace: Int64 = 30, policy: String = "Never") -> Pod {
        var spec = pod([container("proxy", sidecar: true, preStop: true, startup: probe(period: 1, failure: 1000))],
                       [container("app")], policy: policy, grace: grace)
        spec.spec?.activeDeadlineSeconds = seconds
        return spec
    }

    func killing(_ name: String, _ field: String, at instant: Instant) -> PodAction {
        .record(PodEventRecord(type: "Normal", reason: "Killing", message: "Stopping container \(name)",
                               fieldPath: field, at: instant))
    }

    @Test func deadlineFailsThePodAndStopsASidecarStuckInItsStartupProbe() {
        var pod = Transcript(deadlinePod(seconds: 3, grace: 5))
        let admitted = pod.send(.admitted)
        #expect(admitted == [.startContainer(run("proxy")), .publish(pod.machine.status), .wake(at: t0 + .seconds(3))])
        pod.started("proxy")
        pod.advance(.seconds(1), then: .probeReported(run("proxy"), .startup, .failure(output: "not yet")))
        pod.advance(.seconds(1), then: .probeReported(run("proxy"), .startup, .failure(output: "not yet")))
        pod.now = t0 + .seconds(3)
        let deadline = pod.send(.timerFired)
        // `mergePodStatus`: the phase, reason and message wait until no container may run; the
        // conditions already say Failed.
        let status = pod.machine.status
        #expect(status.phase == "Pending")
        #expect(status.reason == nil)
        #expect(pod.condition("Ready")?.reason == "PodFailed")
        #expect(deadline == [
            .record(PodEventRecord(type: "Normal", reason: "DeadlineExceeded",
                                   message: "Pod was active on the node longer than the specified deadline",
                                   fieldPath: nil, at: t0 + .seconds(3))),
            killing("proxy", "spec.initContainers{proxy}", at: t0 + .seconds(3)),
            .runHook(run("proxy"), .preStop),
            .publish(status),
            .wake(at: t0 + .seconds(8)),
        ])
        // The termination is the normal one: preStop first, then SIGTERM, SIGKILL at the grace's end.
        let afterHook = pod.advance(.seconds(1), then: .hookFinished(run("proxy"), .preStop, .succeeded))
        #expect(afterHook == [.signal(run("proxy"), .terminate)])
        let exited = pod.advance(.milliseconds(10), then: .containerExited(run("proxy"), ContainerExit(exitCode: 143)))
        let final = pod.machine.status
        #expect(exited == [.publish(final), .finished(phase: "Failed")])
        #expect(final.phase == "Failed")
        #expect(final.reason == "DeadlineExceeded")
        #expect(final.message == "Pod was active on the node longer than the specified deadline")
        #expect(pod.containerStatus("proxy")?.state?.terminated?.exitCode == 143)
        #expect(pod.containerStatus("app")?.state?.waiting?.reason == "PodInitializing")
    }

    @Test func deadlineCountsFromStartTimeNotFromTheContainers() {
        var pod = Transcript(deadlinePod(seconds: 10))
        pod.send(.admitted)
        pod.started("proxy")
        pod.advance(.seconds(1), then: .probeReported(run("proxy"), .startup, .success))
        pod.started("app")
        pod.now = t0 + .milliseconds(9_999)
        #expect(pod.send(.timerFired) == [])
        pod.now = t0 + .seconds(10)
        let deadline = pod.send(.timerFired)
        #expect(deadline == [
            .record(PodEventRecord(type: "Normal", reason: "DeadlineExceeded",
                                   message: "Pod was active on the node longer than the specified deadline",
                                   fieldPath: nil, at: t0 + .seconds(10))),
            killing("proxy", "spec.initContainers{proxy}", at: t0 + .seconds(10)),
            .runHook(run("proxy"), .preStop),
            killing("app", "spec.containers{app}", at: t0 + .seconds(10)),
            .signal(run("app"), .terminate),
            .publish(pod.machine.status),
            .wake(at: t0 + .seconds(40)),
        ])
    }

    @Test func aPodThatCompletedBeforeItsDeadlineSucceeds() {
        var pod = Transcript(deadlinePod(seconds: 5))
        pod.send(.admitted)
        pod.started("proxy")
        pod.send(.probeReported(run("proxy"), .startup, .success))
        pod.started("app")
        pod.advance(.seconds(1), then: .containerExited(run("app"), ContainerExit(exitCode: 0)))
        pod.send(.hookFinished(run("proxy"), .preStop, .succeeded))
        let done = pod.exited("proxy", code: 143)
        #expect(done == [.publish(pod.machine.status), .finished(phase: "Succeeded")])
        #expect(pod.machine.status.reason == nil)
    }

    @Test func noDeadlineNoWake() {
        var pod = Transcript(pod([], [container("app")], policy: "Never"))
        #expect(pod.send(.admitted) == [.startContainer(run("app")), .publish(pod.machine.status)])
    }
}
