import Glibc
import Synchronization
import TandemAPI
import TandemLifecycle
import Testing
@testable import TandemRuntime

@Suite struct JobWorkerTests {
    final class Outcome: Sendable {
        let value = Mutex<(Bool, String)?>(nil)
    }

    func job(completions: Int32, backoffLimit: Int32, script: String) -> Job {
        Job(metadata: ObjectMeta(name: "batch", namespace: "default", uid: "j1"), spec: JobSpec(
            completions: completions, backoffLimit: backoffLimit,
            template: PodTemplateSpec(spec: PodSpec(
                containers: [Container(name: "work", image: "busybox", command: ["/bin/sh", "-c", script])],
                restartPolicy: "Never", terminationGracePeriodSeconds: 5))))
    }

    func worker(_ job: Job, host: FakeProcessHost, outcome: Outcome) -> JobWorker {
        JobWorker(
            job: job, host: host,
            makePod: { pod, observer in
                PodWorker(pod: pod, options: LifecycleOptions(sidecarSettle: .zero), host: host,
                          launcher: LiteralLauncher(), network: ScriptedNetwork(), output: NullOutput(),
                          observer: observer)
            },
            observer: PodObserver(),
            done: { succeeded, message in outcome.value.withLock { $0 = (succeeded, message) } })
    }

    @Test func runsPodsOneAfterAnotherUntilCompletions() {
        let host = FakeProcessHost()
        let outcome = Outcome()
        let worker = worker(job(completions: 2, backoffLimit: 0, script: "task"), host: host, outcome: outcome)
        worker.start()
        #expect(host.spawnedArguments == ["/bin/sh -c task"])
        host.exit("task", with: .exited(0))
        #expect(host.spawnedArguments.count == 2)
        #expect(outcome.value.withLock { $0 } == nil)
        host.exit("task", with: .exited(0))
        #expect(outcome.value.withLock { $0?.0 } == true)
    }

    @Test func retriesAfterTheControllersDelayThenFailsOverTheLimit() {
        let host = FakeProcessHost()
        let outcome = Outcome()
        let worker = worker(job(completions: 1, backoffLimit: 1, script: "flaky"), host: host, outcome: outcome)
        worker.start()
        host.exit("flaky", with: .exited(1))
        // The Job controller waits 10 s before the replacement pod.
        host.advance(by: .seconds(9))
        #expect(host.spawnedArguments.count == 1)
        host.advance(by: .seconds(1))
        #expect(host.spawnedArguments.count == 2)
        host.exit("flaky", with: .exited(1))
        let result = outcome.value.withLock { $0 }
        #expect(result?.0 == false)
        #expect(result?.1.contains("BackoffLimitExceeded") == true)
    }

    @Test func deletionEndsTheJobAsNotCompleted() {
        let host = FakeProcessHost()
        let outcome = Outcome()
        let worker = worker(job(completions: 1, backoffLimit: 0, script: "long"), host: host, outcome: outcome)
        worker.start()
        worker.delete()
        #expect(outcome.value.withLock { $0 } == nil)
        host.exit("long", with: .signaled(15))
        #expect(outcome.value.withLock { $0?.0 } == false)
    }

    @Test func onFailureRestartsReachTheBackoffLimitAndThePodIsDeleted() {
        let host = FakeProcessHost()
        let outcome = Outcome()
        var job = job(completions: 1, backoffLimit: 1, script: "crash")
        job.spec?.template?.spec?.restartPolicy = "OnFailure"
        job.spec?.template?.spec?.initContainers = [
            Container(name: "proxy", image: "busybox", command: ["/bin/sh", "-c", "proxy"], restartPolicy: "Always")]
        let worker = worker(job, host: host, outcome: outcome)
        worker.start()
        #expect(host.spawnedArguments == ["/bin/sh -c proxy", "/bin/sh -c crash"])
        host.exit("crash", with: .exited(1))
        // The kubelet restarts the main at once; the controller sees restartCount 1 on the reactor's next turn.
        #expect(host.spawnedArguments == ["/bin/sh -c proxy", "/bin/sh -c crash", "/bin/sh -c crash"])
        #expect(outcome.value.withLock { $0 } == nil)
        host.advance(by: .zero)
        // The Job deletes its pod: the running main gets SIGTERM (the SIGKILL before it cleaned up the
        // group of the run that exited), the sidecar waits for it.
        #expect(host.state.withLock { $0.signals.map(\.signal) } == [SIGKILL, SIGTERM])
        host.exit("crash", with: .signaled(SIGTERM))
        host.exit("proxy", with: .signaled(SIGTERM))
        let result = outcome.value.withLock { $0 }
        #expect(result?.0 == false)
        #expect(result?.1 == "Job batch failed: BackoffLimitExceeded: Job has reached the specified backoff limit")
    }
}
