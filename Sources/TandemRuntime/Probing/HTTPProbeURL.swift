/// The URL of an HTTP probe or hook request, split the way the client needs it and printed
/// the way Go's `url.URL.String()` prints it in error messages (`http://127.0.0.1:8080/healthz`).
struct HTTPProbeURL: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`, lowercase.
    var scheme: String
    var host: String
    var port: Int
    /// Path and query as sent on the request line; always starts with `/`.
    var requestTarget: String

    init(scheme: String, host: String, port: Int, path: String) {
        self.scheme = scheme.lowercased()
        self.host = host
        self.port = port
        self.requestTarget = path.hasPrefix("/") ? path : "/" + path
    }

    var authority: String { ProbeConnection.joinHostPort(host, port) }

    var description: String { "\(scheme)://\(authority)\(requestTarget)" }

    static func defaultPort(for scheme: String) -> Int { scheme == "https" ? 443 : 80 }

    /// Resolves a `Location` header against this URL (absolute, scheme-relative,
    /// absolute-path or relative-path forms); nil when it cannot be understood.
    func resolving(location: String) -> HTTPProbeURL? {
        let lowered = location.lowercased()
        for candidate in ["http", "https"] where lowered.hasPrefix(candidate + "://") {
            return Self.parseAuthorityAndPath(String(location.dropFirst(candidate.count + 3)), scheme: candidate)
        }
        if location.hasPrefix("//") {
            return Self.parseAuthorityAndPath(String(location.dropFirst(2)), scheme: scheme)
        }
        if location.contains("://") { return nil }
        var copy = self
        if location.hasPrefix("/") {
            copy.requestTarget = location
        } else if location.hasPrefix("?") {
            let path = requestTarget.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            copy.requestTarget = path + location
        } else {
            let path = requestTarget.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "/"
            let directory = path.lastIndex(of: "/").map { path[...$0] } ?? "/"
            copy.requestTarget = String(directory) + location
        }
        return copy
    }

    private static func parseAuthorityAndPath(_ rest: String, scheme: String) -> HTTPProbeURL? {
        let pathStart = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = String(rest[..<pathStart])
        let path = String(rest[pathStart...])
        // Credentials are never sent; drop them like a browser would.
        if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
        var host = authority
        var port = defaultPort(for: scheme)
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let parsed = Int(after.dropFirst()) else { return nil }
                port = parsed
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            let portText = authority[authority.index(after: colon)...]
            if !portText.isEmpty {
                guard let parsed = Int(portText) else { return nil }
                port = parsed
            }
        }
        guard !host.isEmpty else { return nil }
        return HTTPProbeURL(scheme: scheme, host: host, port: port, path: path.isEmpty ? "/" : path)
    }
}
