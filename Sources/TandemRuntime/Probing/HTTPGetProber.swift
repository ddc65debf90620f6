import TandemAPI
import TandemLifecycle

/// The httpGet probe (`pkg/probe/http`): 200–399 is success (a redirect that is not followed
/// counts, as the kubelet's "warning"), ≥ 400 fails with `HTTP probe failed with statuscode: N`,
/// a transport error or timeout fails with Go's error text.
public enum HTTPGetProber {
    /// Probes `action` of `container`; `podIP` is the host when `action.host` is empty.
    public static func probe(
        _ action: HTTPGetAction, container: Container, podIP: String = "127.0.0.1", timeout: Duration
    ) async -> ProbeOutcome {
        let client: HTTPGetClient
        switch makeClient(action, container: container, podIP: podIP, userAgentFragment: "probe") {
        case .success(let built): client = built
        case .failure(let failure): return .error(message: failure.description)
        }
        return await BlockingProbeWork.run(timeout: timeout) { deadline in
            outcome(of: client.get(deadline: deadline))
        }
    }

    static func makeClient(
        _ action: HTTPGetAction, container: Container, podIP: String, userAgentFragment: String
    ) -> Result<HTTPGetClient, ContainerPortResolution.Failure> {
        let port: Int
        switch ContainerPortResolution.resolve(action.port, in: container) {
        case .success(let number): port = number
        case .failure(let failure): return .failure(failure)
        }
        let host = (action.host?.isEmpty == false ? action.host : nil) ?? podIP
        let url = HTTPProbeURL(scheme: action.scheme ?? "HTTP", host: host, port: port, path: action.path ?? "/")
        return .success(HTTPGetClient(url: url, httpHeaders: action.httpHeaders ?? [], userAgentFragment: userAgentFragment))
    }

    static func outcome(of result: Result<HTTPProbeResponse, HTTPGetClient.Failure>) -> ProbeOutcome {
        switch result {
        case .success(let response):
            if (300..<400).contains(response.statusCode) {
                // A redirect that was not followed (another host, or too many): the kubelet's
                // probe.Warning, a success with a ProbeWarning event.
                return .warning(output: "Probe terminated redirects, Response body: "
                    + String(decoding: response.body, as: UTF8.self))
            }
            if (200..<300).contains(response.statusCode) { return .success }
            return .failure(output: "HTTP probe failed with statuscode: \(response.statusCode)")
        case .failure(.transport(let message)):
            return .failure(output: message)
        case .failure(.body(let message)):
            // `pkg/probe/http`: a body that cannot be read returns (Failure, "", err).
            return .error(message: message, state: .failure)
        case .failure(.unsupported(let message)):
            return .error(message: message)
        }
    }
}
