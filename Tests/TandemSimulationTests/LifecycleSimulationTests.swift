import Testing
import TandemAPI
import TandemLifecycle
import TandemSimulation

/// Whole lifecycles on the virtual clock, told by the narrators: what `tandem simulate` prints.
@Suite struct LifecycleSimulationTests {
    static let defaults = TimingAssumptions(initRunsFor: .seconds(1), mainRunsFor: .seconds(5))

    func simulate(_ objects: [SimulatedObject], _ script: SimulationScript = SimulationScript(),
                  overrides: [String: TimingOverride] = [:]) -> SimulationLog {
        LifecycleSimulation(objects: objects, options: LifecycleOptions(sidecarSettle: .zero), script: script) { spec in
            var timings = Self.defaults.timings(for: spec)
            for (name, override) in overrides { timings[name] = override.applied(to: timings[name] ?? ContainerTiming()) }
            return timings
        }.run()
    }

    /// `seconds reason container` for every told event of `object`, skipping the kubelet's Created/Killing.
    func story(_ log: SimulationLog, _ object: SimulationLog.Object) -> [String] {
        log.told.filter { $0.object == object && !["Created", "Killing", "ContainerReady", "ContainerNotReady"].contains($0.event.reason) }
            .map { told in
                let at = Double((told.event.at - log.origin).nanoseconds) / 1e9
                let signal = told.event.annotations["tandem.dev/signal"].map { " \($0)" } ?? ""
                return "\(at) \(told.event.reason)\(signal) \(told.event.container ?? "-")"
            }
    }

    func sidecar(_ name: String) -> Container { Container(name: name, image: name, restartPolicy: "Always") }

    @Test func aLongRunningPodIsDeletedAfterItsStartUpAndStopsInOrder() {
        var app = Container(name: "app", image: "app")
        app.lifecycle = Lifecycle(preStop: LifecycleHandler(sleep: SleepAction(seconds: 2)))
        let pod = Pod(metadata: ObjectMeta(name: "web"), spec: PodSpec(
            initContainers: [sidecar("logs"), sidecar("proxy")], containers: [app], terminationGracePeriodSeconds: 30))
        var options = SimulationScript()
        options.defaultDeletionDelay = .seconds(5)
        let log = LifecycleSimulation(objects: [.pod(pod)], options: LifecycleOptions(sidecarSettle: .zero), script: options) {
            Self.defaults.timings(for: $0)
        }.run()
        #expect(log.deletionWasDefault && log.deletedAt == log.origin + .seconds(5) && !log.stoppedAtBound)
        #expect(story(log, .pod(0)) == [
            "0.0 Started logs", "0.0 SidecarStarted logs", "0.0 Started proxy", "0.0 SidecarStarted proxy",
            "0.0 Started app", "0.0 PodPhase -",
            "5.0 PodTerminating -", "5.0 PreStopStarted app",
            "7.0 PreStopFinished app", "7.0 SignalSent SIGTERM app",
            "8.0 ContainerExited SIGTERM app", "8.0 SignalSent SIGTERM proxy",
            "9.0 ContainerExited SIGTERM proxy", "9.0 SignalSent SIGTERM logs",
            "10.0 ContainerExited SIGTERM logs", "10.0 PodPhase -",
        ])
    }

    @Test func aJobRetriesWithTheControllersBackOffUntilItsLimit() {
        let job = Job(metadata: ObjectMeta(name: "report"), spec: JobSpec(
            backoffLimit: 1,
            template: PodTemplateSpec(spec: PodSpec(
                initContainers: [sidecar("shipper")], containers: [Container(name: "main", image: "m")], restartPolicy: "Never"))))
        var exitOne = TimingOverride()
        exitOne.exitCode = 1
        let log = simulate([.job(job)], overrides: ["main": exitOne])
        #expect(log.pods.map { $0.metadata?.name ?? "" } == ["report-0", "report-1"])
        // main fails at 5 s, the shipper stops 1 s later; the next pod comes 10 s after the failure.
        #expect(story(log, .job(0)) == [
            "0.0 SuccessfulCreate -", "6.0 RetryScheduled -", "16.0 SuccessfulCreate -", "22.0 BackoffLimitExceeded -",
        ])
        #expect(story(log, .pod(1)).first == "16.0 Started shipper")
        #expect(story(log, .pod(1)).suffix(3) == ["21.0 SignalSent SIGTERM shipper", "22.0 ContainerExited SIGTERM shipper", "22.0 PodPhase -"])
    }

    @Test func aCrashedSidecarRestartsAndOneThatIgnoresSIGTERMIsKilledAtTheDeadline() {
        let pod = Pod(metadata: ObjectMeta(name: "p"), spec: PodSpec(
            initContainers: [sidecar("proxy")], containers: [Container(name: "app", image: "a")],
            terminationGracePeriodSeconds: 4))
        var stubborn = TimingOverride()
        stubborn.stop = .some(nil)
        let log = simulate([.pod(pod)], SimulationScript(deleteAt: .seconds(10), crashes: [.init(container: "proxy", at: .seconds(3))]),
                           overrides: ["proxy": stubborn])
        // The first restart of a sidecar is immediate (no back-off yet), told as a restart scheduled now,
        // as `tandem run` tells it ("Restarting container proxy now"); the restarted instance ignores
        // SIGTERM too and is SIGKILLed at the grace deadline (deletion at 10 s + 4 s).
        #expect(story(log, .pod(0)) == [
            "0.0 Started proxy", "0.0 SidecarStarted proxy", "0.0 Started app", "0.0 PodPhase -",
            "3.0 ContainerExited proxy", "3.0 RestartScheduled proxy", "3.0 Started proxy", "3.0 SidecarStarted proxy",
            "10.0 PodTerminating -", "10.0 SignalSent SIGTERM app",
            "11.0 ContainerExited SIGTERM app", "11.0 SignalSent SIGTERM proxy",
            "14.0 SignalSent SIGKILL proxy", "14.0 ContainerExited SIGKILL proxy", "14.0 PodPhase -",
        ])
    }

    func problem(_ text: String) -> String? {
        if case .failure(let error) = TimingOverride.parse(text) { return error.message }
        return nil
    }

    @Test func assumptionsParseOrSayWhatIsWrong() throws {
        let parsed = try TimingOverride.parse("proxy=start:0.5s,ready:1s,stop:never,run:2m,exit:3,prestop:1500ms,poststart:2").get()
        #expect(parsed.name == "proxy")
        var expected = TimingOverride()
        expected.startDelay = .milliseconds(500)
        expected.ready = .seconds(1)
        expected.stop = .some(nil)
        expected.runsFor = .some(.seconds(120))
        expected.exitCode = 3
        expected.preStop = .milliseconds(1500)
        expected.postStart = .seconds(2)
        #expect(parsed.override == expected)
        let timing = parsed.override.applied(to: ContainerTiming())
        #expect(timing.exitAfterTerminate == nil && timing.exitCodeAfterTerminate == 3 && timing.runsFor == .seconds(120))
        #expect(problem("x=later:1s") == "x: unknown key later (known: start, ready, stop, run, exit, prestop, poststart)")
        #expect(problem("x=stop:soon") == "x: stop: expected a duration or never, got soon")
        #expect(problem("x=ready:-1s") == "x: ready: expected a duration like 500ms or 2s, got -1s")
        #expect(problem("x=exit:300") == "x: exit: expected an exit code 0-255, got 300")
        #expect(problem("=ready:1s") == "expected NAME=key:value,..., got =ready:1s")
        #expect(TimingOverride.duration("1e400") == nil && TimingOverride.duration("nan") == nil)
    }
}
