import Glibc
import Synchronization
import TandemAPI
import TandemLifecycle
import Testing
@testable import TandemRuntime

@Suite struct PodWorkerTests {
    func pod(restartPolicy: String = "Never", sidecarScript: String = "sidecar", mainScript: String = "main") -> Pod {
        func container(_ name: String, _ marker: String, sidecar: Bool = false) -> Container {
            Container(name: name, image: "busybox", command: ["/bin/sh", "-c", marker],
                      restartPolicy: sidecar ? "Always" : nil, terminationMessagePath: "/dev/termination-log")
        }
        return Pod(
            metadata: ObjectMeta(name: "p", namespace: "default", uid: "u"),
            spec: PodSpec(
                initContainers: [container("proxy", sidecarScript, sidecar: true)],
                containers: [container("app", mainScript)],
                restartPolicy: restartPolicy,
                terminationGracePeriodSeconds: 30
            )
        )
    }

    final class Finish: Sendable {
        let phase = Mutex<String?>(nil)
    }

    func worker(_ pod: Pod, host: FakeProcessHost, finish: Finish) -> PodWorker {
        PodWorker(
            pod: pod, options: LifecycleOptions(initialBackoff: .seconds(1), maxBackoff: .seconds(4), sidecarSettle: .zero),
            host: host, launcher: LiteralLauncher(), network: ScriptedNetwork(), output: NullOutput(),
            observer: PodObserver(finished: { phase in finish.phase.withLock { $0 = phase } })
        )
    }

    @Test func sidecarStartsBeforeMainAndStopsAfterIt() {
        let host = FakeProcessHost()
        let finish = Finish()
        let worker = worker(pod(), host: host, finish: finish)
        worker.start()
        #expect(host.spawnedArguments == ["/bin/sh -c sidecar", "/bin/sh -c main"])

        host.exit("main", with: .exited(0))
        // The pod completes: the sidecar gets SIGTERM (to its main process), then exits.
        let sidecar = host.process(running: "sidecar")
        #expect(host.state.withLock { $0.signals.contains { $0.pid == sidecar?.process.pid && $0.signal == SIGTERM } })
        host.exit("sidecar", with: .signaled(SIGTERM))
        #expect(finish.phase.withLock { $0 } == "Succeeded")
        #expect(worker.status.phase == "Succeeded")
    }

    @Test func execFailureIsAStartError() {
        let host = FakeProcessHost()
        host.state.withLock { $0.failingPrograms = ["/bin/sh"] }
        let finish = Finish()
        let worker = worker(pod(), host: host, finish: finish)
        worker.start()
        let proxy = worker.status.initContainerStatuses?.first
        #expect(proxy?.lastState?.terminated?.reason == "StartError" || proxy?.state?.terminated?.reason == "StartError"
            || proxy?.state?.waiting?.reason == "CrashLoopBackOff")
    }

    @Test func deletionStopsMainFirstThenSidecar() {
        let host = FakeProcessHost()
        let finish = Finish()
        let worker = worker(pod(restartPolicy: "Always"), host: host, finish: finish)
        worker.start()
        worker.delete()
        let app = host.process(running: "main")
        let proxy = host.process(running: "sidecar")
        let signalled = host.state.withLock { $0.signals.map(\.pid) }
        #expect(signalled.contains(app?.process.pid ?? -1))
        #expect(!signalled.contains(proxy?.process.pid ?? -1))
        host.exit("main", with: .exited(0))
        #expect(host.state.withLock { $0.signals.map(\.pid) }.contains(proxy?.process.pid ?? -1))
        host.exit("sidecar", with: .exited(0))
        #expect(finish.phase.withLock { $0 } == "Succeeded")
    }

    @Test func sigkillAfterGraceWhenSigtermIgnored() {
        let host = FakeProcessHost()
        let finish = Finish()
        let worker = worker(pod(restartPolicy: "Always"), host: host, finish: finish)
        worker.start()
        worker.delete(gracePeriodSeconds: 3)
        host.advance(by: .seconds(3) + .milliseconds(10))
        let app = host.process(running: "main")
        #expect(host.state.withLock { $0.signals.contains { $0.pid == app?.process.pid && $0.signal == SIGKILL } })
    }

    @Test func aContainerEndsOnlyOnceItsOutputWasRead() {
        let host = FakeProcessHost()
        let finish = Finish()
        let worker = worker(pod(), host: host, finish: finish)
        worker.start()
        host.exitBeforeOutputEnds("main", with: .exited(0))
        let sidecar = host.process(running: "sidecar")
        #expect(!host.state.withLock { $0.signals.contains { $0.pid == sidecar?.process.pid && $0.signal == SIGTERM } })
        host.endOutput("main")
        #expect(host.state.withLock { $0.signals.contains { $0.pid == sidecar?.process.pid && $0.signal == SIGTERM } })
    }

    @Test func outputHeldOpenByAnEscapedProcessDelaysTheEndOnlyBriefly() {
        let host = FakeProcessHost()
        let finish = Finish()
        let worker = worker(pod(), host: host, finish: finish)
        worker.start()
        host.exitBeforeOutputEnds("main", with: .exited(0))
        host.advance(by: .milliseconds(200))
        let sidecar = host.process(running: "sidecar")
        #expect(host.state.withLock { $0.signals.contains { $0.pid == sidecar?.process.pid && $0.signal == SIGTERM } })
    }
}
