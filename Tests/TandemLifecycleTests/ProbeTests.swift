import TandemAPI
import Testing
@testable import TandemLifecycle

@Suite struct ProbeTests {
    @Test func livenessWaitsForStartupAndCountsDelayFromContainerStart() {
        let app = container("app", startup: probe(delay: 0, period: 1, failure: 5), liveness: probe(delay: 3, period: 2))
        var pod = Transcript(pod([], [app]))
        pod.send(.admitted)
        #expect(pod.started("app").lines == [
            "Normal Created spec.containers{app}: Created container: app",
            "Normal Started spec.containers{app}: Started container app",
            "probe app#0 Startup",
            "publish Running",
        ])
        // Liveness waits for its initial delay, counted from the container start.
        #expect(pod.advance(.seconds(1), then: .probeReported(run("app"), .startup, .success)).lines
                == ["publish Running", "wake 3s"])
        #expect(pod.advance(.seconds(2)).lines == ["probe app#0 Liveness"])
    }

    @Test func periodCountsFromPreviousStartAndNeverOverlaps() {
        var pod = Transcript(pod([], [container("app", readiness: probe(period: 5, failure: 3))]))
        pod.send(.admitted)
        #expect(pod.started("app").lines.suffix(2) == ["probe app#0 Readiness", "publish Running"])
        #expect(pod.advance(.seconds(6)).lines == [])    // still in flight: no second run
        let late = pod.send(.probeReported(run("app"), .readiness, .success))
        #expect(late.lines == ["probe app#0 Readiness", "publish Running"])   // due since t+5: runs now
        let onTime = pod.advance(.seconds(1), then: .probeReported(run("app"), .readiness, .success))
        #expect(onTime.lines == ["wake 11s"])         // previous start (t+6) + period
    }

    @Test func livenessFailureThresholdKillsWithPreStopAndProbeGrace() {
        let app = container("app", preStop: true, liveness: probe(period: 1, failure: 2, grace: 5))
        var pod = Transcript(pod([], [app], grace: 30))
        pod.send(.admitted)
        pod.started("app")
        let first = pod.send(.probeReported(run("app"), .liveness, .failure(output: "down")))
        #expect(first.lines == ["Warning Unhealthy spec.containers{app}: Liveness probe failed: down", "wake 1s"])
        pod.advance(.seconds(1))
        pod.send(.probeReported(run("app"), .liveness, .error(message: "exec broke")))  // not counted
        pod.advance(.seconds(1))
        let second = pod.send(.probeReported(run("app"), .liveness, .failure(output: "down")))
        #expect(second.lines == [
            "Warning Unhealthy spec.containers{app}: Liveness probe failed: down",
            "Normal Killing spec.containers{app}: Container app failed liveness probe, will be restarted",
            "hook app#0 PreStop",
            "wake 7s",
        ])
        // SIGTERM once the preStop is done; SIGKILL stays due at the probe's grace (5 s), not the pod's 30 s.
        let hookDone = pod.advance(.seconds(1), then: .hookFinished(run("app"), .preStop, .succeeded))
        #expect(hookDone.lines == ["TERM app#0"])
        #expect(pod.advance(.seconds(4) - .milliseconds(1)).lines == [])
        #expect(pod.advance(.milliseconds(1)).lines == ["KILL app#0"])
        #expect(pod.advance(.seconds(1)).lines == [])      // liveness stopped for that run
        #expect(pod.send(.containerExited(run("app"), ContainerExit(exitCode: 137, signal: 9))).lines
                == ["start app#1", "publish Running"])
    }

    @Test func livenessKillOfNeverPodEndsThePod() {
        let app = container("app", preStop: true, liveness: probe(period: 1, failure: 1))
        var pod = Transcript(pod([], [app], policy: "Never"))
        pod.send(.admitted)
        pod.started("app")
        let kill = pod.send(.probeReported(run("app"), .liveness, .failure(output: "x")))
        #expect(kill.lines == [
            "Warning Unhealthy spec.containers{app}: Liveness probe failed: x",
            "Normal Killing spec.containers{app}: Container app failed liveness probe",
            "hook app#0 PreStop",
            "wake 30s",
        ])
        #expect(pod.send(.hookFinished(run("app"), .preStop, .succeeded)).lines == ["TERM app#0"])
        let end = pod.exited("app", code: 0)
        #expect(end.lines == ["publish Succeeded", "finished Succeeded"])
        #expect(pod.containerStatus("app")?.restartCount == 0)
    }

    @Test func sidecarStartupFailureRestartsAndKeepsBlocking() {
        let sidecar = container("proxy", sidecar: true, preStop: true, startup: probe(period: 1, failure: 1, grace: 2))
        var pod = Transcript(pod([sidecar], [container("app")], grace: 30))
        pod.send(.admitted)
        pod.started("proxy")
        let failed = pod.send(.probeReported(run("proxy"), .startup, .failure(output: "no")))
        #expect(failed.lines == [
            "Warning Unhealthy spec.initContainers{proxy}: Startup probe failed: no",
            "Normal Killing spec.initContainers{proxy}: Init container proxy failed startup probe",
            "hook proxy#0 PreStop",
            "wake 2s",
        ])
        #expect(pod.advance(.seconds(2)).lines == ["TERM proxy#0", "wake 4s"])
        #expect(pod.advance(.seconds(2)).lines == ["KILL proxy#0"])  // 2 s minimum after SIGTERM
        #expect(pod.exited("proxy", code: 137).lines == ["start proxy#1", "publish Pending"])
        #expect(pod.started("proxy", 1).lines == [
            "Normal Created spec.initContainers{proxy}: Created container: proxy",
            "Normal Started spec.initContainers{proxy}: Started container proxy",
            "probe proxy#1 Startup",
            "publish Pending",
        ])
        #expect(pod.all.starts == ["proxy#0", "proxy#1"])
        #expect(pod.containerStatus("proxy")?.lastState?.terminated?.exitCode == 137)
    }

    @Test func readinessThresholdsAndNoRestart() {
        let app = container("app", readiness: probe(period: 1, success: 2, failure: 2))
        var pod = Transcript(pod([], [app]))
        pod.send(.admitted)
        pod.started("app")
        #expect(pod.containerStatus("app")?.ready == false)   // initial readiness is false
        pod.send(.probeReported(run("app"), .readiness, .success))
        #expect(pod.containerStatus("app")?.ready == false)
        #expect(pod.advance(.seconds(1)).lines == ["probe app#0 Readiness"])
        pod.send(.probeReported(run("app"), .readiness, .success))
        #expect(pod.containerStatus("app")?.ready == true)
        #expect(pod.condition("Ready")?.status == "True")
        pod.advance(.seconds(1))
        pod.send(.probeReported(run("app"), .readiness, .failure(output: "503")))
        #expect(pod.containerStatus("app")?.ready == true)
        pod.advance(.seconds(1))
        let notReady = pod.send(.probeReported(run("app"), .readiness, .failure(output: "503")))
        #expect(pod.containerStatus("app")?.ready == false)
        #expect(notReady.lines == ["Warning Unhealthy spec.containers{app}: Readiness probe failed: 503", "publish Running", "wake 4s"])
        #expect(pod.condition("ContainersReady")?.message == "containers with unready status: [app]")
    }

    @Test func sidecarReadinessBlocksPodReadyButNotStart() {
        let sidecar = container("proxy", sidecar: true, readiness: probe(period: 1, failure: 1))
        var pod = Transcript(pod([sidecar], [container("app")]))
        pod.send(.admitted)
        pod.started("proxy")
        pod.started("app")
        pod.send(.probeReported(run("proxy"), .readiness, .failure(output: "no")))
        #expect(pod.condition("Ready")?.status == "False")
        #expect(pod.condition("Ready")?.message == "containers with unready status: [proxy]")
        #expect(pod.machine.status.phase == "Running")
    }

    @Test func unchangedResultsDoNotRepublish() {
        var pod = Transcript(pod([], [container("app", liveness: probe(period: 1, failure: 3))]))
        pod.send(.admitted)
        pod.started("app")
        #expect(pod.send(.probeReported(run("app"), .liveness, .success)).lines == ["wake 1s"])
        #expect(pod.advance(.milliseconds(10)).lines == [])  // same deadline: no new wake
    }
}

@Suite struct ProbeWarningTests {
    @Test func aWarningCountsAsSuccessAndIsRecorded() {
        let sidecar = container("proxy", sidecar: true, startup: probe(delay: 0, period: 1, failure: 3))
        var pod = Transcript(pod([sidecar], [container("app")]))
        pod.send(.admitted)
        pod.started("proxy")
        let actions = pod.send(.probeReported(run("proxy"), .startup, .warning(output: "Probe terminated redirects")))
        #expect(actions.lines == [
            "Warning ProbeWarning spec.initContainers{proxy}: Startup probe warning: Probe terminated redirects",
            "start app#0",
            "publish Pending",
        ])
    }
}
