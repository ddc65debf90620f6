import TandemAPI
import Testing
@testable import TandemLifecycle

/// A transcript that also narrates: every event's narration, one line each, with the offset from
/// `t0`, the reason, the container, the message and the annotations (sorted).
struct NarratedTranscript {
    var pod: Transcript
    var narrator: PodNarrator

    init(_ spec: Pod, options: LifecycleOptions = LifecycleOptions(sidecarSettle: .zero)) {
        pod = Transcript(spec, options: options)
        narrator = PodNarrator(pod: spec, options: options)
    }

    mutating func send(_ event: PodEvent, probeExitCode: Int32? = nil) -> [String] {
        let actions = pod.send(event)
        return narrator.narrate(event, at: pod.now, actions: actions, machine: pod.machine,
                                probeExitCode: probeExitCode).map(Self.line)
    }

    mutating func advance(_ duration: Duration, then event: PodEvent = .timerFired) -> [String] {
        pod.now = pod.now + duration
        return send(event)
    }

    static func line(_ event: NarratedEvent) -> String {
        let (seconds, attoseconds) = (event.at - t0).components
        let offset = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let annotations = event.annotations.sorted { $0.key < $1.key }
            .map { "\($0.key.dropFirst("tandem.dev/".count))=\($0.value)" }
        let tail = annotations.isEmpty ? "" : " [" + annotations.joined(separator: " ") + "]"
        let source = event.source == .tandem ? "" : "\(event.source.rawValue) "
        return "\(offset)ms \(source)\(event.type == "Warning" ? "W " : "")\(event.reason) "
            + "\(event.container ?? "-"): \(event.message)\(tail)"
    }
}

@Suite struct PodNarratorTests {
    /// The README's web-behind-proxy shape: a sidecar gated by its startup probe, a main, both with
    /// preStop; deleted: preStops at once, SIGTERM to app after its preStop, to proxy after app exited.
    @Test func sidecarStartupAndOrderedDeletion() {
        var proxy = container("proxy", sidecar: true, preStop: true, startup: probe())
        proxy.lifecycle?.stopSignal = "SIGQUIT"
        var t = NarratedTranscript(pod([proxy], [container("app", preStop: true)], grace: 10))
        #expect(t.send(.admitted) == [])   // Pending from the start: no phase change to tell
        #expect(t.send(.containerStarted(run("proxy"))) == [
            "0ms kubelet Created proxy: Created container: proxy",
            "0ms kubelet Started proxy: Started container proxy",
        ])
        #expect(t.advance(.milliseconds(5), then: .probeReported(run("proxy"), .startup, .success)) == [
            "5ms SidecarStarted proxy: Sidecar proxy started (startupProbe passed) [cause=startupProbe]",
            "5ms ContainerReady proxy: Container proxy is ready",
        ])
        #expect(t.advance(.milliseconds(1), then: .containerStarted(run("app"))) == [
            "6ms kubelet Created app: Created container: app",
            "6ms kubelet Started app: Started container app",
            "6ms ContainerReady app: Container app is ready",
            "6ms PodPhase -: Pod web is Running [phase=Running]",
        ])
        #expect(t.advance(.seconds(1), then: .deletionRequested(gracePeriodSeconds: nil)) == [
            "1006ms PodTerminating -: Deleting pod web (grace 10s) [cause=deletion grace-deadline=2026-11-18T11:06:51.006000Z grace-period-seconds=10]",
            "1006ms kubelet Killing proxy: Stopping container proxy",
            "1006ms PreStopStarted proxy: PreStop hook of proxy started",
            "1006ms kubelet Killing app: Stopping container app",
            "1006ms PreStopStarted app: PreStop hook of app started",
        ])
        #expect(t.advance(.milliseconds(100), then: .hookFinished(run("app"), .preStop, .succeeded)) == [
            "1106ms PreStopFinished app: PreStop hook of app finished",
            "1106ms SignalSent app: Sent SIGTERM to container app [cause=deletion signal=SIGTERM]",
        ])
        #expect(t.advance(.milliseconds(10), then: .containerExited(run("app"), ContainerExit(exitCode: 143, signal: 15))) == [
            "1116ms ContainerExited app: Container app exited with code 143 (SIGTERM) [exit-code=143 signal=SIGTERM termination-reason=Error]",
            "1116ms ContainerNotReady app: Container app is not ready",
        ])
        #expect(t.advance(.milliseconds(10), then: .hookFinished(run("proxy"), .preStop, .succeeded)) == [
            "1126ms PreStopFinished proxy: PreStop hook of proxy finished",
            "1126ms SignalSent proxy: Sent SIGQUIT to container proxy [cause=deletion signal=SIGQUIT]",
        ])
        #expect(t.advance(.milliseconds(10), then: .containerExited(run("proxy"), ContainerExit(exitCode: 0))) == [
            "1136ms ContainerExited proxy: Container proxy exited with code 0 [exit-code=0 termination-reason=Completed]",
            "1136ms ContainerNotReady proxy: Container proxy is not ready",
            "1136ms PodPhase -: Pod web is Failed [phase=Failed]",
        ])
    }
}

@Suite struct PodNarratorFactsTests {
    /// Grace expired: SIGTERM at the deadline while preStop still runs, SIGKILL 2 s later; both say why.
    @Test func preStopOverrunningTheGraceIsCutAtTheDeadline() {
        var t = NarratedTranscript(pod([], [container("app", preStop: true)], grace: 1))
        _ = t.send(.admitted)
        _ = t.send(.containerStarted(run("app")))
        #expect(t.send(.deletionRequested(gracePeriodSeconds: nil)) == [
            "0ms PodTerminating -: Deleting pod web (grace 1s) [cause=deletion grace-deadline=2026-11-18T11:06:41.000000Z grace-period-seconds=1]",
            "0ms kubelet Killing app: Stopping container app",
            "0ms PreStopStarted app: PreStop hook of app started",
        ])
        #expect(t.advance(.seconds(1)) == [
            "1000ms SignalSent app: Sent SIGTERM to container app (grace period expired) [cause=deadline signal=SIGTERM]",
        ])
        #expect(t.advance(.seconds(2)) == [
            "3000ms SignalSent app: Sent SIGKILL to container app (grace period expired) [cause=deadline signal=SIGKILL]",
        ])
        #expect(t.advance(.milliseconds(5), then: .containerExited(run("app"), ContainerExit(exitCode: 137, signal: 9))) == [
            "3005ms ContainerExited app: Container app exited with code 137 (SIGKILL) [exit-code=137 signal=SIGKILL termination-reason=Error]",
            "3005ms ContainerNotReady app: Container app is not ready",
            "3005ms PodPhase -: Pod web is Failed [phase=Failed]",
        ])
    }

    /// A crash-looping sidecar: the first restart at once, then the back-off, doubling; the kubelet's
    /// BackOff event is passed through with the pod's uid.
    @Test func crashLoopingSidecarTellsEachRestartAndItsBackOff() {
        var t = NarratedTranscript(pod([container("proxy", sidecar: true)], [container("app")]),
                                   options: LifecycleOptions(initialBackoff: .seconds(10), sidecarSettle: .zero))
        _ = t.send(.admitted)
        _ = t.send(.containerStarted(run("proxy")))
        _ = t.send(.containerStarted(run("app")))
        #expect(t.advance(.seconds(1), then: .containerExited(run("proxy"), ContainerExit(exitCode: 1))) == [
            "1000ms ContainerExited proxy: Container proxy exited with code 1 [exit-code=1 termination-reason=Error]",
            "1000ms ContainerNotReady proxy: Container proxy is not ready",
            "1000ms RestartScheduled proxy: Restarting container proxy now [back-off-seconds=0]",
        ])
        _ = t.send(.containerStarted(run("proxy", 1)))
        #expect(t.advance(.seconds(1), then: .containerExited(run("proxy", 1), ContainerExit(exitCode: 1))) == [
            "2000ms ContainerExited proxy: Container proxy exited with code 1 [exit-code=1 termination-reason=Error]",
            "2000ms ContainerNotReady proxy: Container proxy is not ready",
            "2000ms RestartScheduled proxy: Restarting container proxy in 10s (back-off) [back-off-seconds=10]",
            "2000ms kubelet W BackOff proxy: Back-off restarting failed container proxy in pod web_default(u1)",
        ])
        // The restart is created now; nothing is told until it runs (the kubelet's Started).
        #expect(t.advance(.seconds(10)) == [])
    }

    /// An exec probe that failed printing nothing: the kubelet's text ends with nothing after the
    /// colon; the narration says what failed, with the exit code the runtime knows.
    @Test func emptyProbeOutputIsCompleted() {
        var t = NarratedTranscript(pod([], [container("app", liveness: probe())]))
        _ = t.send(.admitted)
        _ = t.send(.containerStarted(run("app")))
        #expect(t.send(.probeReported(run("app"), .liveness, .failure(output: "")), probeExitCode: 3).first
            == "0ms kubelet W Unhealthy app: Liveness probe failed: command exited with code 3 and printed nothing")
        var other = NarratedTranscript(pod([], [container("app", liveness: probe(failure: 3))]))
        _ = other.send(.admitted)
        _ = other.send(.containerStarted(run("app")))
        #expect(other.send(.probeReported(run("app"), .liveness, .failure(output: "down\n"))) == [
            "0ms kubelet W Unhealthy app: Liveness probe failed: down\n",
        ])
    }

    /// The pod's uid stands in the kubelet's texts once the pod has one (no `web_default()`).
    @Test func postStartWithoutStartupProbeIsTheSidecarsCause() {
        var proxy = container("proxy", sidecar: true, postStart: true)
        proxy.lifecycle?.stopSignal = nil
        var t = NarratedTranscript(pod([proxy], [container("app")]))
        _ = t.send(.admitted)
        _ = t.send(.containerStarted(run("proxy")))
        #expect(t.advance(.milliseconds(3), then: .hookFinished(run("proxy"), .postStart, .succeeded)) == [
            "3ms SidecarStarted proxy: Sidecar proxy started (postStart hook finished) [cause=postStart]",
            "3ms ContainerReady proxy: Container proxy is ready",
        ])
    }
}

@Suite struct JobNarratorTests {
    @Test func failedPodThenRetryThenCompletion() {
        let job = Job(metadata: ObjectMeta(name: "report"), spec: JobSpec(backoffLimit: 2))
        var controller = JobController(spec: job.spec ?? JobSpec(), name: "report")
        let narrator = JobNarrator(job: job)
        func tell(_ event: JobEvent, at now: Instant) -> [String] {
            let actions = controller.handle(event, at: now)
            return narrator.narrate(event, at: now, actions: actions, controller: controller).map(NarratedTranscript.line)
        }
        #expect(tell(.started, at: t0) == ["0ms job-controller SuccessfulCreate -: Created pod: report-0"])
        #expect(tell(.podFinished(JobPodID(0), PodStatus(phase: "Failed")), at: t0 + .seconds(1)) == [
            "1000ms RetryScheduled -: Job report: pod failed (1 of backoffLimit 2); retry in 10s [back-off-seconds=10]",
        ])
        #expect(tell(.timerFired, at: t0 + .seconds(11)) == ["11000ms job-controller SuccessfulCreate -: Created pod: report-1"])
        #expect(tell(.podFinished(JobPodID(1), PodStatus(phase: "Succeeded")), at: t0 + .seconds(12)) == [
            "12000ms job-controller Completed -: Job completed",
        ])
    }
}

@Suite struct EventSeriesTests {
    @Test func oneEventLineHasTheContractsShapeAndRepeatsAreCounted() {
        var series = EventSeries(host: "node1", makeUID: { "e-uid" })
        let object = ObjectReference(apiVersion: "v1", kind: "Pod", name: "web", namespace: "default", uid: "p-uid")
        let at = Instant(nanosecondsSinceEpoch: 1_796_018_401_123_456_789)
        let narrated = NarratedEvent(reason: "ContainerExited", message: "Container app exited with code 143 (SIGTERM)",
                                     fieldPath: "spec.containers{app}", container: "app", at: at,
                                     annotations: ["tandem.dev/exit-code": "143", "tandem.dev/signal": "SIGTERM"])
        #expect(series.event(for: narrated, about: object).jsonLine == """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"web.18ecbd3859075715","namespace":"default","uid":"e-uid",\
            "creationTimestamp":"2026-11-30T06:00:01Z","annotations":{"tandem.dev/exit-code":"143","tandem.dev/signal":"SIGTERM"}},\
            "involvedObject":{"apiVersion":"v1","kind":"Pod","name":"web","namespace":"default","uid":"p-uid",\
            "fieldPath":"spec.containers{app}"},"reason":"ContainerExited","message":"Container app exited with code 143 (SIGTERM)",\
            "type":"Normal","source":{"component":"tandem","host":"node1"},"firstTimestamp":"2026-11-30T06:00:01Z",\
            "lastTimestamp":"2026-11-30T06:00:01Z","count":1,"eventTime":"2026-11-30T06:00:01.123456Z",\
            "reportingComponent":"tandem","reportingInstance":"node1"}
            """)
        var later = narrated
        later.at = at + .seconds(5)
        let repeated = series.event(for: later, about: object)
        #expect(repeated.metadata.name == "web.18ecbd3859075715")
        #expect(repeated.count == 2)
        #expect(repeated.firstTimestamp == "2026-11-30T06:00:01Z")
        #expect(repeated.lastTimestamp == "2026-11-30T06:00:06Z")
        #expect(repeated.eventTime == "2026-11-30T06:00:06.123456Z")
    }
}
