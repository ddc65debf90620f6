import Glibc
import Synchronization
import TandemAPI
import TandemLifecycle
import Testing
@testable import TandemRuntime

/// Exec probes and hooks as `tandem run` runs them: through the pod worker, as processes of
/// the container, read by `ExecProber` and `LifecycleHookRunner`.
@Suite struct ExecHelperTests {
    final class Events: Sendable {
        let records = Mutex<[PodEventRecord]>([])
        var messages: [String] { records.withLock { $0.map { "\($0.reason): \($0.message)" } } }
    }

    func worker(_ container: Container, host: FakeProcessHost, events: Events) -> PodWorker {
        let pod = Pod(metadata: ObjectMeta(name: "p", namespace: "default", uid: "u"),
                      spec: PodSpec(containers: [container], restartPolicy: "Never", terminationGracePeriodSeconds: 30))
        return PodWorker(
            pod: pod, options: LifecycleOptions(initialBackoff: .seconds(1), maxBackoff: .seconds(4), sidecarSettle: .zero),
            host: host, launcher: LiteralLauncher(), network: ScriptedNetwork(), output: NullOutput(),
            observer: PodObserver(event: { record in events.records.withLock { $0.append(record) } })
        )
    }

    @Test func probeCommandsAreExpandedHookCommandsAreNot() {
        let host = FakeProcessHost()
        let container = Container(
            name: "app", command: ["/bin/sh", "-c", "main"],
            env: [EnvVar(name: "MARK", value: "/tmp/mark")],
            startupProbe: Probe(exec: ExecAction(command: ["test", "-f", "$(MARK)"]), timeoutSeconds: 5, periodSeconds: 1),
            lifecycle: Lifecycle(postStart: LifecycleHandler(exec: ExecAction(command: ["echo", "$(MARK)"]))))
        let worker = worker(container, host: host, events: Events())
        worker.start()
        host.exit("echo", with: .exited(0))
        host.advance(by: .seconds(1))
        #expect(host.spawnedArguments == ["/bin/sh -c main", "echo $(MARK)", "test -f /tmp/mark"])
        // argv[0] is looked up in PATH, as the runtime's exec does.
        #expect(host.process(running: "test -f")?.spec.executable.hasSuffix("/test") == true)
        host.exit("test -f", with: .exited(0))
        #expect(worker.status.containerStatuses?.first?.started == true)
    }

    @Test func aTimedOutProbeFailsWithTheKubeletsWords() {
        let host = FakeProcessHost()
        let container = Container(
            name: "app", command: ["/bin/sh", "-c", "main"],
            startupProbe: Probe(exec: ExecAction(command: ["sleep", "10"]), timeoutSeconds: 1, periodSeconds: 5,
                                failureThreshold: 3))
        let events = Events()
        let worker = worker(container, host: host, events: events)
        worker.start()
        host.advance(by: .seconds(1))
        let probe = host.process(running: "sleep 10")
        #expect(probe != nil)
        host.advance(by: .seconds(1))
        // Killed with its group at the timeout; the exit then reports the timeout.
        #expect(host.state.withLock { $0.signals.contains { $0.pid == probe?.process.pid && $0.signal == SIGKILL && $0.group } })
        host.exit("sleep 10", with: .signaled(SIGKILL))
        #expect(events.messages.filter { $0.hasPrefix("Unhealthy") }
                == ["Unhealthy: Startup probe failed: command \"sleep 10\" timed out"])
        _ = worker
    }

    @Test func probeOutputIsStdoutThenStderr() {
        let host = FakeProcessHost()
        let container = Container(
            name: "app", command: ["/bin/sh", "-c", "main"],
            readinessProbe: Probe(exec: ExecAction(command: ["/bin/sh", "-c", "check"]), timeoutSeconds: 5, periodSeconds: 5))
        let events = Events()
        let worker = worker(container, host: host, events: events)
        worker.start()
        host.advance(by: .seconds(1))
        host.output("check", "to stderr\n", on: .stderr)
        host.output("check", "to stdout\n", on: .stdout)
        host.exit("check", with: .exited(1))
        #expect(events.messages.filter { $0.hasPrefix("Unhealthy") }
                == ["Unhealthy: Readiness probe failed: to stdout\nto stderr\n"])
        _ = worker
    }

    @Test func aProbeCommandThatCannotBeFoundIsAProbeError() {
        let host = FakeProcessHost()
        let container = Container(
            name: "app", command: ["/bin/sh", "-c", "main"],
            livenessProbe: Probe(exec: ExecAction(command: ["no-such-program-xyz"]), periodSeconds: 5))
        let events = Events()
        let worker = worker(container, host: host, events: events)
        worker.start()
        host.advance(by: .seconds(1))
        #expect(events.messages.filter { $0.hasPrefix("Unhealthy") }
                == ["Unhealthy: Liveness probe errored and resulted in unknown state: exec: \"no-such-program-xyz\": executable file not found in $PATH"])
        #expect(!host.spawnedArguments.contains { $0.contains("no-such-program-xyz") })
        _ = worker
    }
}
