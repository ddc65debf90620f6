import Testing
import TandemAPI
import TandemSimulation

@Suite struct PodSimulationTests {
    func pod(grace: Int64?, sidecars: [Container], mains: [Container]) -> Pod {
        Pod(apiVersion: "v1", kind: "Pod", metadata: ObjectMeta(name: "p"),
            spec: PodSpec(initContainers: sidecars, containers: mains, terminationGracePeriodSeconds: grace))
    }

    func sidecar(_ name: String) -> Container { Container(name: name, image: name, restartPolicy: "Always") }

    @Test func sidecarsStopInReverseOrderAfterTheMains() throws {
        let subject = pod(grace: 30, sidecars: [sidecar("logs"), sidecar("proxy")],
                          mains: [Container(name: "app", image: "app")])
        let trace = try #require(PodSimulation(pod: subject).deletion())
        typealias Step = ShutdownTrace.Step
        #expect(trace.steps == [
            Step(at: .zero, container: "app", kind: .terminate),
            Step(at: .seconds(1), container: "app", kind: .exited(code: 143)),
            Step(at: .seconds(1), container: "proxy", kind: .terminate),
            Step(at: .seconds(2), container: "proxy", kind: .exited(code: 143)),
            Step(at: .seconds(2), container: "logs", kind: .terminate),
            Step(at: .seconds(3), container: "logs", kind: .exited(code: 143)),
        ])
        #expect(trace.finishedAfter == .seconds(3))
        #expect(trace.killed == [])
        #expect(trace.chain == "0s app SIGTERM → 1s app exited → 1s proxy SIGTERM → 2s proxy exited → 2s logs SIGTERM → 3s logs exited")
    }

    @Test func preStopThatOverrunsTheGraceEndsInSIGKILL() throws {
        var app = Container(name: "app", image: "app")
        app.lifecycle = Lifecycle(preStop: LifecycleHandler(exec: ExecAction(command: ["sh", "-c", "sleep 8"])))
        let subject = pod(grace: 10, sidecars: [sidecar("proxy")], mains: [app])
        let timings = TimingAssumptions(exitAfterTerminate: .seconds(3)).timings(for: subject.spec ?? PodSpec())
        let trace = try #require(PodSimulation(pod: subject, timings: timings).deletion())
        typealias Step = ShutdownTrace.Step
        #expect(trace.steps == [
            Step(at: .zero, container: "app", kind: .preStopStarted),
            Step(at: .seconds(8), container: "app", kind: .preStopFinished),
            Step(at: .seconds(8), container: "app", kind: .terminate),
            // At the deadline the sidecar's turn no longer matters: it gets SIGTERM while the main is killed;
            // SIGKILL comes no sooner than 2 s after a late SIGTERM (the kubelet's minimum grace).
            Step(at: .seconds(10), container: "proxy", kind: .terminate),
            Step(at: .seconds(10), container: "app", kind: .kill),
            Step(at: .seconds(10), container: "app", kind: .exited(code: 137)),
            Step(at: .seconds(12), container: "proxy", kind: .kill),
            Step(at: .seconds(12), container: "proxy", kind: .exited(code: 137)),
        ])
        #expect(trace.killed == ["app", "proxy"])
        #expect(trace.preStopsCutShort == [])
    }

    @Test func aContainerThatIgnoresSIGTERMIsKilledAtTheDeadline() throws {
        let subject = pod(grace: 5, sidecars: [], mains: [Container(name: "stubborn", image: "x")])
        let trace = try #require(PodSimulation(pod: subject, timings: ["stubborn": ContainerTiming(exitAfterTerminate: nil)]).deletion())
        #expect(trace.steps == [
            ShutdownTrace.Step(at: .zero, container: "stubborn", kind: .terminate),
            ShutdownTrace.Step(at: .seconds(5), container: "stubborn", kind: .kill),
            ShutdownTrace.Step(at: .seconds(5), container: "stubborn", kind: .exited(code: 137)),
        ])
    }

    @Test func startupProbesAndRegularInitContainersAreWaitedFor() throws {
        var proxy = sidecar("proxy")
        proxy.startupProbe = Probe(httpGet: HTTPGetAction(path: "/ready", port: .int(15021)), periodSeconds: 1)
        let subject = pod(grace: 30, sidecars: [Container(name: "setup", image: "setup"), proxy],
                          mains: [Container(name: "app", image: "app")])
        // Passes on the third try (0 s, 1 s, 2 s); failureThreshold 3 would restart it at the third failure.
        let timings = ["proxy": ContainerTiming(startupProbePasses: .seconds(2))]
        let trace = try #require(PodSimulation(pod: subject, timings: timings).deletion())
        #expect(trace.exitOrder == ["app", "proxy"])
        // A startup probe that never passes in time keeps restarting the sidecar: no steady state to delete.
        let failing = ["proxy": ContainerTiming(startupProbePasses: .seconds(3))]
        #expect(PodSimulation(pod: subject, timings: failing).deletion() == nil)
    }

    @Test func hookLengthsAreReadFromPlainSleeps() {
        #expect(TimingAssumptions.sleepSeconds(["sleep", "15"]) == 15)
        #expect(TimingAssumptions.sleepSeconds(["/bin/sh", "-c", "sleep 2.5"]) == 3)
        #expect(TimingAssumptions.sleepSeconds(["sleep", "10s"]) == 10)
        #expect(TimingAssumptions.sleepSeconds(["sh", "-c", "sleep 5 && kill 1"]) == nil)
        #expect(TimingAssumptions.sleepSeconds(["curl", "localhost"]) == nil)
    }
}
