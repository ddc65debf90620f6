import TandemAPI
import Testing
@testable import TandemLifecycle

@Suite struct ProbeTests {
    @Test func livenessWaitsForStartupAndCountsDelayFromContainerStart() {
        let app = container("app", startup: probe(delay: 0, period: 1, failure: 5), liveness: probe(delay: 3, period: 2))
        var pod = Transcript(pod([], [app]))
        pod.send(.admitted)
        #expect(pod.started("app").probes == ["app Startup"])
        pod.advance(.seconds(1), then: .probeReported(run("app"), .startup, .success))
        #expect(pod.all.probes == ["app Startup"])       // liveness waits for its initial delay
        #expect(pod.advance(.seconds(2)).probes == ["app Liveness"])  // 3 s after container start
    }

    @Test func periodCountsFromPreviousStartAndNeverOverlaps() {
        var pod = Transcript(pod([], [container("app", readiness: probe(period: 5, failure: 3))]))
        pod.send(.admitted)
        #expect(pod.started("app").probes == ["app Readiness"])
        #expect(pod.advance(.seconds(6)).probes.isEmpty)    // still in flight: no second run
        let late = pod.send(.probeReported(run("app"), .readiness, .success))
        #expect(late.probes == ["app Readiness"])            // due since t+5: runs now
        let onTime = pod.advance(.seconds(1), then: .probeReported(run("app"), .readiness, .success))
        #expect(onTime.wakes == [t0 + .seconds(11)])         // previous start (t+6) + period
    }

    @Test func livenessFailureThresholdKillsWithPreStopAndProbeGrace() {
        let app = container("app", preStop: true, liveness: probe(period: 1, failure: 2, grace: 5))
        var pod = Transcript(pod([], [app], grace: 30))
        pod.send(.admitted)
        pod.started("app")
        let first = pod.send(.probeReported(run("app"), .liveness, .failure(output: "down")))
        #expect(first.events == ["Unhealthy: Liveness probe failed: down"])
        #expect(first.hooks.isEmpty)
        pod.advance(.seconds(1))
        pod.send(.probeReported(run("app"), .liveness, .error(message: "exec broke")))  // not counted
        pod.advance(.seconds(1))
        let second = pod.send(.probeReported(run("app"), .liveness, .failure(output: "down")))
        #expect(second.events.contains("Killing: Container app failed liveness probe, will be restarted"))
        #expect(second.hooks == ["app PreStop"])
        #expect(second.signals.isEmpty)
        let killStart = pod.now
        let hookDone = pod.advance(.seconds(1), then: .hookFinished(run("app"), .preStop, .succeeded))
        #expect(hookDone.signals == ["app TERM"])
        #expect(hookDone.wakes.isEmpty)                       // SIGKILL stays due at the grace deadline
        #expect(pod.advance(.seconds(4) - .milliseconds(1)).signals.isEmpty)
        #expect(pod.now + .milliseconds(1) == killStart + .seconds(5))  // the probe's grace, not the pod's 30 s
        #expect(pod.advance(.milliseconds(1)).signals == ["app KILL"])
        #expect(pod.advance(.seconds(1)).probes.isEmpty)      // liveness stopped for that run
        #expect(pod.send(.containerExited(run("app"), ContainerExit(exitCode: 137, signal: 9))).starts == ["app#1"])
    }

    @Test func livenessKillOfNeverPodEndsThePod() {
        let app = container("app", preStop: true, liveness: probe(period: 1, failure: 1))
        var pod = Transcript(pod([], [app], policy: "Never"))
        pod.send(.admitted)
        pod.started("app")
        let kill = pod.send(.probeReported(run("app"), .liveness, .failure(output: "x")))
        #expect(kill.events.contains("Killing: Container app failed liveness probe"))
        pod.send(.hookFinished(run("app"), .preStop, .succeeded))
        let end = pod.exited("app", code: 0)
        #expect(end.starts.isEmpty)
        #expect(end.finished == "Succeeded")
        #expect(pod.containerStatus("app")?.restartCount == 0)
    }

    @Test func sidecarStartupFailureRestartsAndKeepsBlocking() {
        let sidecar = container("proxy", sidecar: true, preStop: true, startup: probe(period: 1, failure: 1, grace: 2))
        var pod = Transcript(pod([sidecar], [container("app")], grace: 30))
        pod.send(.admitted)
        pod.started("proxy")
        let failed = pod.send(.probeReported(run("proxy"), .startup, .failure(output: "no")))
        #expect(failed.events.contains("Killing: Init container proxy failed startup probe"))
        #expect(failed.hooks == ["proxy PreStop"])
        #expect(failed.wakes == [pod.now + .seconds(2)])
        #expect(pod.advance(.seconds(2)).signals == ["proxy TERM"])
        #expect(pod.advance(.seconds(2)).signals == ["proxy KILL"])  // 2 s minimum after SIGTERM
        #expect(pod.exited("proxy", code: 137).starts == ["proxy#1"])
        #expect(pod.started("proxy", 1).probes == ["proxy Startup"])
        #expect(!pod.all.starts.contains("app#0"))
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
        #expect(pod.advance(.seconds(1)).probes == ["app Readiness"])
        pod.send(.probeReported(run("app"), .readiness, .success))
        #expect(pod.containerStatus("app")?.ready == true)
        #expect(pod.condition("Ready")?.status == "True")
        pod.advance(.seconds(1))
        pod.send(.probeReported(run("app"), .readiness, .failure(output: "503")))
        #expect(pod.containerStatus("app")?.ready == true)
        pod.advance(.seconds(1))
        let notReady = pod.send(.probeReported(run("app"), .readiness, .failure(output: "503")))
        #expect(pod.containerStatus("app")?.ready == false)
        #expect(notReady.signals.isEmpty && notReady.hooks.isEmpty)
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
        let actions = pod.send(.probeReported(run("app"), .liveness, .success))
        #expect(actions.publishes == 0)
        #expect(actions.wakes == [t0 + .seconds(1)])
        #expect(pod.advance(.milliseconds(10)).wakes.isEmpty)  // same deadline: no new wake
    }
}

@Suite struct ProbeWarningTests {
    @Test func aWarningCountsAsSuccessAndIsRecorded() {
        let sidecar = container("proxy", sidecar: true, startup: probe(delay: 0, period: 1, failure: 3))
        var pod = Transcript(pod([sidecar], [container("app")]))
        pod.send(.admitted)
        pod.started("proxy")
        let actions = pod.send(.probeReported(run("proxy"), .startup, .warning(output: "Probe terminated redirects")))
        #expect(actions.starts == ["app#0"])
        #expect(actions.contains { action in
            if case .record(let event) = action { return event.reason == "ProbeWarning" && event.type == "Warning" }
            return false
        })
    }
}
