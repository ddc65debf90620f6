import TandemAPI
import TandemLifecycle

/// Runs postStart and preStop hooks like the kubelet's `HandlerRunner`
/// (`pkg/kubelet/lifecycle/handlers.go`): exec without timeout (exit ≠ 0 fails), httpGet where
/// only transport errors fail (the status code is ignored), sleep (cancellable), and tcpSocket
/// always failing as an invalid handler. Failure messages are the kubelet's.
public struct LifecycleHookRunner: Sendable {
    public let runner: any CommandRunner
    /// The pod IP: the host of HTTP hooks without `host`.
    public let podIP: String

    public init(runner: any CommandRunner, podIP: String = "127.0.0.1") {
        self.runner = runner
        self.podIP = podIP
    }

    /// `format.Pod`: how the kubelet names a pod in hook messages (`web_default(uid)`).
    public static func podDescription(name: String, namespace: String, uid: String) -> String {
        "\(name)_\(namespace)(\(uid))"
    }

    /// Runs `handler` for `container`. `environment` is the container's ("K=V"); `httpTimeout`
    /// optionally bounds an HTTP hook (the kubelet has none; cancelling the task also stops it).
    public func run(
        _ handler: LifecycleHandler, container: Container, podDescription: String,
        environment: [String], httpTimeout: Duration? = nil
    ) async -> HookOutcome {
        let containerName = container.name ?? ""
        if let exec = handler.exec {
            return await runExec(exec.command ?? [], container: container, podDescription: podDescription, environment: environment)
        }
        if let httpGet = handler.httpGet {
            let failure: String?
            switch HTTPGetProber.makeClient(httpGet, container: container, podIP: podIP, userAgentFragment: "lifecycle") {
            case .failure(let error):
                failure = error.description
            case .success(let client):
                failure = await BlockingProbeWork.run(timeout: httpTimeout) { deadline in
                    switch client.get(deadline: deadline) {
                    case .success, .failure(.body): return nil
                    case .failure(.transport(let message)), .failure(.unsupported(let message)): return message
                    }
                }
            }
            guard let failure else { return .succeeded }
            return .failed(message: "HTTP lifecycle hook (\(httpGet.path ?? "")) for Container \(GoQuoting.quote(containerName)) in Pod \(GoQuoting.quote(podDescription)) failed - error: \(failure)")
        }
        if let sleep = handler.sleep {
            let seconds = sleep.seconds ?? 0
            do {
                try await Task.sleep(for: .seconds(seconds))
                return .succeeded
            } catch {
                return .failed(message: "Sleep lifecycle hook (\(seconds)) for Container \(GoQuoting.quote(containerName)) in Pod \(GoQuoting.quote(podDescription)) failed - error: container terminated before sleep hook finished")
            }
        }
        return .failed(message: "Cannot run handler: invalid handler: \(Self.describe(handler))")
    }

    private func runExec(_ command: [String], container: Container, podDescription: String, environment: [String]) async -> HookOutcome {
        let prefix = "Exec lifecycle hook (\(GoFormat.list(command))) for Container \(GoQuoting.quote(container.name ?? "")) in Pod \(GoQuoting.quote(podDescription)) failed - error: "
        let executable: [String]
        switch ExecCommand.resolved(command, environment: environment) {
        case .success(let resolved): executable = resolved
        case .failure(let failure): return .failed(message: prefix + failure.message + ", message: \"\"")
        }
        let result = await runner.run(argv: executable, environment: environment,
                                      workingDirectory: container.workingDir, timeout: nil)
        let output = ExecOutput.text(result.output)
        if let spawnError = result.spawnError {
            return .failed(message: prefix + spawnError + ", message: \(GoQuoting.quote(output))")
        }
        let code = result.effectiveExitCode
        guard code != 0 else { return .succeeded }
        let error = "command '\(command.joined(separator: " "))' exited with \(code): \(output)"
        return .failed(message: prefix + error + ", message: \(GoQuoting.quote(output))")
    }

    /// Go's `%v` of the handler, as in `invalid handler: &LifecycleHandler{…}`.
    static func describe(_ handler: LifecycleHandler) -> String {
        var tcp = "nil"
        if let socket = handler.tcpSocket {
            let port: String
            switch socket.port {
            case .int(let number): port = "{0 \(number) }"
            case .string(let name): port = "{1 0 \(name)}"
            case .none: port = "{0 0 }"
            }
            tcp = "&TCPSocketAction{Port:\(port),Host:\(socket.host ?? ""),}"
        }
        return "&LifecycleHandler{Exec:nil,HTTPGet:nil,TCPSocket:\(tcp),Sleep:nil,}"
    }
}
