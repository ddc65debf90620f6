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
        #expect(t.send(.admitted) == ["0ms PodPhase -: Pod web is Pending [phase=Pending]"]
            || t.narrator.lastStatus.phase == "Pending")
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
            "1006ms PodTerminating -: Deleting pod web (grace 10s) [cause=deletion grace-deadline=2026-11-18T20:53:31.006000Z grace-period-seconds=10]",
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
