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
        // Its first restart is immediate and fails too; the second waits its back-off. A sidecar
        // of a Never pod shows Terminated meanwhile (ShouldContainerBeRestarted is false).
        let proxy = worker.status.initContainerStatuses?.first
        #expect(proxy?.state?.terminated?.reason == "StartError")
        #expect(proxy?.state?.terminated?.message == "exec /bin/sh failed: No such file or directory")
        #expect(proxy?.lastState?.terminated?.reason == "StartError")
        #expect(proxy?.lastState?.terminated?.exitCode == 128)
        #expect(proxy?.restartCount == 1)
        #expect(host.spawnedArguments == [])
    }

    @Test func deletionStopsMainFirstThenSidecar() throws {
        let host = FakeProcessHost()
        let finish = Finish()
        let worker = worker(pod(restartPolicy: "Always"), host: host, finish: finish)
        worker.start()
        worker.delete()
        let app = try #require(host.process(running: "main"))
        let proxy = try #require(host.process(running: "sidecar"))
        #expect(host.state.withLock { $0.signals.map(\.pid) } == [app.process.pid])
        host.exit("main", with: .exited(0))
        // SIGTERM to main; once it exited, SIGKILL to whatever is left of its group; then the sidecar's turn.
        let signals = host.state.withLock { $0.signals.map { "\($0.pid) \($0.signal) \($0.group)" } }
        #expect(signals == ["\(app.process.pid) 15 false", "\(app.process.pid) 9 true", "\(proxy.process.pid) 15 false"])
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
