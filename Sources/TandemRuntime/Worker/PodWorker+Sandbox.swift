import Glibc
import TandemLifecycle

extension PodWorker {
    /// Starts the pod's pause-like init when its containers share a PID namespace. A pod whose
    /// sandbox cannot start runs its containers in namespaces of their own (the failure is an
    /// event, as the kubelet reports a sandbox it could not create).
    func startSandbox() {
        guard let spec = launcher.sandboxSpec(for: pod) else { return }
        do {
            let process = try host.spawn(spec, onOutput: { _, _ in }, onOutputEnd: {}, onExit: { _ in })
            core.withLock { $0.sandbox = process }
        } catch {
            observer.event(PodEventRecord(type: "Warning", reason: "FailedCreatePodSandBox",
                                          message: "Failed to create pod sandbox: \(error.message)",
                                          fieldPath: nil, at: host.now()))
        }
    }

    /// The sandbox goes once the pod is done: every container in its namespace dies with it.
    func stopSandbox(core: inout WorkerCore) {
        guard let sandbox = core.sandbox else { return }
        core.sandbox = nil
        host.send(SIGKILL, to: sandbox, toGroup: false)
    }
}
