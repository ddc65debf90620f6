import TandemAPI

/// The HTTP GET client of probes and HTTP hooks, behaving like the kubelet's Go client:
/// one connection per request (`Connection: close`), no proxy, no compression, TLS not
/// verified, same-host redirects followed up to 10 times, errors worded like Go's
/// (`Get "http://127.0.0.1:8080/healthz": dial tcp 127.0.0.1:8080: connect: connection refused`).
struct HTTPGetClient {
    /// Why a GET produced no response.
    enum Failure: Error, Equatable {
        /// No response: connect, TLS, write or header read failed (a probe *failure*).
        case transport(String)
        /// The response started but its body could not be read (a probe *error*, as in the kubelet).
        case body(String)
        /// The request could not be attempted here (HTTPS without libssl).
        case unsupported(String)
    }

    static let maxRedirects = 10

    var url: HTTPProbeURL
    /// Headers in order, canonicalised; `Host` is taken out into `hostHeader`.
    var headers: [(name: String, value: String)]
    var hostHeader: String?

    /// Builds the request as `pkg/probe/http/request.go` does: custom headers first, then
    /// `User-Agent: kube-<fragment>/1.33` and `Accept: */*` unless given (an empty `Accept` removes it).
    init(url: HTTPProbeURL, httpHeaders: [HTTPHeader], userAgentFragment: String) {
        self.url = url
        var headers: [(name: String, value: String)] = []
        var hostHeader: String?
        for header in httpHeaders {
            let name = Self.canonicalHeaderName(header.name ?? "")
            let value = header.value ?? ""
            if name == "Host" {
                if hostHeader == nil { hostHeader = value }
                continue
            }
            headers.append((name, value))
        }
        if !headers.contains(where: { $0.name == "User-Agent" }) {
            headers.append(("User-Agent", "kube-\(userAgentFragment)/\(KubeletVersion.majorMinor)"))
        }
        if let accept = headers.first(where: { $0.name == "Accept" }) {
            if accept.value.isEmpty { headers.removeAll { $0.name == "Accept" } }
        } else {
            headers.append(("Accept", "*/*"))
        }
        self.headers = headers
        self.hostHeader = hostHeader.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Go's `textproto.CanonicalMIMEHeaderKey` for ordinary names (`x-custom-header` → `X-Custom-Header`).
    static func canonicalHeaderName(_ name: String) -> String {
        var result = ""
        var upper = true
        for character in name {
            result += upper ? character.uppercased() : character.lowercased()
            upper = character == "-"
        }
        return result
    }

    /// Performs the GET, following same-host redirects; the body is read from the final response only.
    func get(deadline: ProbeDeadline) -> Result<HTTPProbeResponse, Failure> {
        var current = url
        var hostHeader = self.hostHeader
        var redirects = 0
        while true {
            let prefix = "Get \"\(current)\": "
            let stream: any ProbeStream
            do {
                let connection = try ProbeConnection.connect(host: current.host, port: current.port, deadline: deadline)
                if current.scheme == "https" {
                    stream = try TLSSession.open(over: connection, serverName: current.host, deadline: deadline)
                } else {
                    stream = connection
                }
                try stream.writeAll(requestBytes(current, hostHeader: hostHeader), deadline: deadline)
            } catch {
                if error.kind == .unsupported { return .failure(.unsupported(error.message)) }
                return .failure(.transport(prefix + Self.awaitingHeaders(error)))
            }
            var reader = HTTPResponseReader(stream: stream, deadline: deadline)
            do {
                var response = try reader.readHead()
                if let location = response.header("Location"),
                   [301, 302, 303, 307, 308].contains(response.statusCode),
                   let next = current.resolving(location: location),
                   // A redirect to another host is not followed: the 3xx itself is the answer.
                   next.host.lowercased() == url.host.lowercased() {
                    if redirects >= Self.maxRedirects {
                        return .failure(.transport("Get \"\(next)\": stopped after \(Self.maxRedirects) redirects"))
                    }
                    // Go keeps a custom Host header only across relative redirects.
                    if location.contains("://") || location.hasPrefix("//") { hostHeader = nil }
                    redirects += 1
                    current = next
                    continue
                }
                try reader.readBody(into: &response)
                return .success(response)
            } catch {
                switch error {
                case .head(let network):
                    return .failure(.transport(prefix + Self.awaitingHeaders(network)))
                case .body(let network):
                    if network.kind == .timeout || network.kind == .cancelled {
                        return .failure(.body("context deadline exceeded (Client.Timeout or context cancellation while reading body)"))
                    }
                    return .failure(.body(network.message))
                }
            }
        }
    }

    /// Go's wording for errors before the response headers arrived.
    private static func awaitingHeaders(_ error: NetworkError) -> String {
        switch error.kind {
        case .timeout:
            if error.message.hasPrefix("dial ") {
                return error.message + " (Client.Timeout exceeded while awaiting headers)"
            }
            return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
        case .cancelled:
            return "context canceled"
        default:
            return error.message
        }
    }

    private func requestBytes(_ target: HTTPProbeURL, hostHeader: String?) -> [UInt8] {
        var text = "GET \(target.requestTarget) HTTP/1.1\r\n"
        text += "Host: \(hostHeader ?? target.authority)\r\n"
        for header in headers {
            text += "\(header.name): \(header.value)\r\n"
        }
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }
}

/// The Kubernetes release tandem reproduces, as it appears in `kube-probe/<major>.<minor>`.
enum KubeletVersion {
    static let majorMinor = "1.33"
}
