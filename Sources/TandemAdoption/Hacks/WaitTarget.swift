/// What a wait hack polls, when the command makes it clear: an HTTP(S) URL (curl, wget,
/// linkerd-await, `pilot-agent wait`) or a TCP port (nc, `/dev/tcp`, wait-for-it). `tandem convert`
/// turns it into the sidecar's `startupProbe` (`httpGet` or `tcpSocket`).
public enum WaitTarget: Sendable, Equatable, CustomStringConvertible {
    /// `scheme` is `HTTP` or `HTTPS` (the API's spelling), `path` starts with `/`.
    case http(scheme: String, host: String, port: Int, path: String)
    case tcp(host: String, port: Int)

    public var host: String {
        switch self {
        case .http(_, let host, _, _), .tcp(let host, _): return host
        }
    }

    public var port: Int {
        switch self {
        case .http(_, _, let port, _), .tcp(_, let port): return port
        }
    }

    /// True when the target is in the pod's own network namespace (where its sidecars listen).
    public var isLocal: Bool {
        ["localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", ""].contains(host.lowercased())
    }

    public var description: String {
        switch self {
        case .http(let scheme, let host, let port, let path): return "\(scheme.lowercased())://\(host):\(port)\(path)"
        case .tcp(let host, let port): return "tcp://\(host):\(port)"
        }
    }

    /// Parses `[scheme://]host[:port][/path][?query]`, the way curl and wget read a bare URL
    /// (no scheme means http). Nil when there is no host or the port is not a number.
    static func url(_ text: String) -> WaitTarget? {
        var rest = Substring(text)
        var scheme = "HTTP"
        if let separator = rest.firstRange(of: "://") {
            switch rest[..<separator.lowerBound].lowercased() {
            case "http": scheme = "HTTP"
            case "https": scheme = "HTTPS"
            default: return nil
            }
            rest = rest[separator.upperBound...]
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }), !path.hasPrefix("?") {
            path = String(path[..<query])
        } else if path.hasPrefix("?") || path.hasPrefix("#") {
            path = ""
        }
        if path.isEmpty { path = "/" }
        guard let (host, port) = hostPort(authority, defaultPort: scheme == "HTTPS" ? 443 : 80) else { return nil }
        return .http(scheme: scheme, host: host, port: port, path: path)
    }

    /// `host:port` (or `[v6]:port`); without a port, `defaultPort` (nil: required).
    static func hostPort(_ text: Substring, defaultPort: Int?) -> (String, Int)? {
        guard !text.isEmpty, !text.contains("@"), !text.contains("$") else { return nil }
        var host = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[...close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { return nil }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else { return nil }
            return (String(host), port)
        }
        guard let defaultPort else { return nil }
        return (String(host), defaultPort)
    }
}

extension WaitTarget {
    /// The target of one `curl`, `wget` or `nc` invocation (`words[0]` is the program), or nil
    /// when the words do not make it clear (a variable, several URLs, no port for nc).
    static func of(invocation words: [String]) -> WaitTarget? {
        guard let program = words.first.map(programName) else { return nil }
        let operands = Self.operands(Array(words.dropFirst()), takingValue: Self.optionsWithValue[program] ?? [])
        switch program {
        case "curl", "wget":
            guard operands.count == 1 else { return nil }
            return url(operands[0])
        case "nc", "ncat", "netcat":
            guard operands.count == 2, let port = Int(operands[1]), (1...65535).contains(port),
                  !operands[0].contains("$") else { return nil }
            return .tcp(host: operands[0], port: port)
        default:
            return nil
        }
    }

    /// `bash`'s `/dev/tcp/HOST/PORT` redirection target, if `word` is one.
    static func devTCP(_ word: String) -> WaitTarget? {
        guard let range = word.firstRange(of: "/dev/tcp/") else { return nil }
        let parts = word[range.upperBound...].split(separator: "/")
        guard parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
        return .tcp(host: String(parts[0]), port: port)
    }

    /// The last path component of a program word (`/usr/bin/curl` → `curl`).
    static func programName(_ word: String) -> String {
        word.split(separator: "/").last.map(String.init) ?? word
    }

    /// Non-option words, skipping redirections and the values of options that take one.
    private static func operands(_ words: [String], takingValue: Set<String>) -> [String] {
        var result: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word.first == ">" || word.first == "<" || word.hasPrefix("2>") || word.hasPrefix("1>") || word.hasPrefix("&>") {
                if [">", ">>", "<", "2>", "1>", "&>", "2>>"].contains(word) { index += 1 }
                continue
            }
            if word.hasPrefix("--") {
                if !word.contains("="), takingValue.contains(word) { index += 1 }
                continue
            }
            if word.hasPrefix("-"), word.count > 1 {
                // Short options cluster (`-sSf`); a value-taking one last takes the next word.
                if let last = word.last, takingValue.contains("-\(last)") { index += 1 }
                continue
            }
            result.append(word)
        }
        return result
    }

    private static let optionsWithValue: [String: Set<String>] = [
        "curl": ["-X", "-H", "-o", "-w", "-m", "-d", "-u", "-A", "-e", "-b", "-c", "-F", "-T", "-x", "-K", "-E", "-r", "-Y", "-y", "-z",
                 "--request", "--header", "--output", "--write-out", "--max-time", "--data", "--data-raw", "--data-binary",
                 "--user", "--user-agent", "--referer", "--cookie", "--connect-timeout", "--retry", "--retry-delay",
                 "--retry-max-time", "--cacert", "--cert", "--key", "--resolve", "--unix-socket", "--proxy", "--form",
                 "--json", "--url-query", "--interface", "--expect100-timeout"],
        "wget": ["-O", "-o", "-a", "-t", "-T", "-w", "-e", "-U", "-P", "--output-document", "--output-file", "--tries",
                 "--timeout", "--wait", "--header", "--user-agent", "--post-data", "--method", "--body-data",
                 "--directory-prefix", "--ca-certificate", "--certificate", "--user", "--password"],
        "nc": ["-w", "-i", "-p", "-s", "-x", "-X", "-q", "-W", "-T", "-I", "-O", "-V", "-M", "-m"],
        "ncat": ["-w", "-i", "-p", "-s", "-x", "-q", "--wait", "--idle-timeout", "--source-port", "--source", "--proxy"],
        "netcat": ["-w", "-i", "-p", "-s", "-x", "-q"],
    ]
}
