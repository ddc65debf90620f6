import TandemAPI
import TandemLifecycle

/// postStart and preStop hooks with the kubelet's rules and words (`HandlerRunner` in
/// `pkg/kubelet/lifecycle/handlers.go`): exec hooks run their command as written (no
/// `$(VAR)` expansion, unlike probes) without a timeout, and fail on a non-zero exit;
/// httpGet hooks fail only on transport errors (the status code is ignored); any other
/// handler (tcpSocket) is invalid. The pod worker runs exec commands and sleeps; this type
/// runs HTTP hooks and words every outcome.
public struct LifecycleHookRunner: Sendable {
    /// The pod IP: the host of HTTP hooks without `host`.
    public let podIP: String

    public init(podIP: String = "127.0.0.1") {
        self.podIP = podIP
    }

    /// `format.Pod`: how the kubelet names a pod in hook messages (`web_default(uid)`).
    public static func podDescription(name: String, namespace: String, uid: String) -> String {
        "\(name)_\(namespace)(\(uid))"
    }

    /// Runs an httpGet hook. `timeout` optionally bounds it (the kubelet has none; cancelling
    /// the task also stops it).
    public func runHTTP(
        _ action: HTTPGetAction, container: Container, podDescription: String, timeout: Duration? = nil
    ) async -> HookOutcome {
        let failure: String?
        switch HTTPGetProber.makeClient(action, container: container, podIP: podIP, userAgentFragment: "lifecycle") {
        case .failure(let error):
            failure = error.description
        case .success(let client):
            failure = await BlockingProbeWork.run(timeout: timeout) { deadline in
                switch client.get(deadline: deadline) {
                case .success, .failure(.body): return nil
                case .failure(.transport(let message)), .failure(.unsupported(let message)): return message
                }
            }
        }
        guard let failure else { return .succeeded }
        return .failed(message: "HTTP lifecycle hook (\(action.path ?? "")) for Container \(GoQuoting.quote(container.name ?? "")) in Pod \(GoQuoting.quote(podDescription)) failed - error: \(failure)")
    }

    /// The kubelet's reading of an exec hook's ExecSync result: the error is the runtime's
    /// `command '<cmd>' exited with <code>: <stderr>`, the message stdout and stderr joined.
    public static func execOutcome(
        of result: CommandResult, command: [String], containerName: String, podDescription: String
    ) -> HookOutcome {
        let error: String
        if let spawnError = result.spawnError {
            error = spawnError
        } else if result.effectiveExitCode != 0 {
            error = "command '\(command.joined(separator: " "))' exited with \(result.effectiveExitCode): "
                + String(decoding: result.stderr, as: UTF8.self)
        } else {
            return .succeeded
        }
        let output = String(decoding: result.output, as: UTF8.self)
        return .failed(message: "Exec lifecycle hook (\(GoFormat.list(command))) for Container \(GoQuoting.quote(containerName)) in Pod \(GoQuoting.quote(podDescription)) failed - error: \(error), message: \(GoQuoting.quote(output))")
    }

    /// A handler with no action tandem can run (tcpSocket): `Cannot run handler: invalid handler: …`.
    public static func invalidHandler(_ handler: LifecycleHandler) -> HookOutcome {
        .failed(message: "Cannot run handler: invalid handler: \(describe(handler))")
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
