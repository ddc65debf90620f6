import TandemAPI

/// Which local ports a container serves or connects to, read from its spec only.
///
/// A later container "connects to" a sidecar when its command, args or env values name
/// `localhost:PORT`, `127.0.0.1:PORT` or `[::1]:PORT` (also `localhost PORT`, as `nc -z localhost 5432`)
/// for a port the sidecar serves: a declared `containerPort`, or a `--port=N`/`--*-port=N` flag of its own.
enum PortReferences {
    static let loopbackHosts = ["localhost", "127.0.0.1", "[::1]"]

    /// Ports the container listens on.
    static func served(by container: Container) -> Set<Int> {
        var ports = Set((container.ports ?? []).compactMap { $0.containerPort.map(Int.init) })
        let words = (container.command ?? []) + (container.args ?? [])
        for (index, word) in words.enumerated() where word.hasPrefix("-") && word.lowercased().contains("port") {
            if let equals = word.firstIndex(of: "="), let port = trailingPort(word[word.index(after: equals)...]) {
                ports.insert(port)
            } else if index + 1 < words.count, let port = Int(words[index + 1]), (1...65535).contains(port) {
                ports.insert(port)
            }
        }
        return ports
    }

    /// Loopback ports named in the container's command, args and env values.
    static func used(by container: Container) -> Set<Int> {
        var texts = (container.command ?? []) + (container.args ?? [])
        texts += (container.env ?? []).compactMap(\.value)
        var ports = Set<Int>()
        for text in texts { scan(text, into: &ports) }
        return ports
    }

    static func scan(_ text: String, into ports: inout Set<Int>) {
        let scalars = Array(text.utf8)
        for host in loopbackHosts {
            let needle = Array(host.utf8)
            guard needle.count < scalars.count else { continue }
            var start = 0
            while start + needle.count < scalars.count {
                if scalars[start..<(start + needle.count)].elementsEqual(needle) {
                    var cursor = start + needle.count
                    if scalars[cursor] == UInt8(ascii: ":") || scalars[cursor] == UInt8(ascii: " ") {
                        cursor += 1
                        var value = 0
                        var digits = 0
                        while cursor < scalars.count, scalars[cursor] >= 48, scalars[cursor] <= 57, digits < 6 {
                            value = value * 10 + Int(scalars[cursor] - 48)
                            digits += 1
                            cursor += 1
                        }
                        if digits > 0, (1...65535).contains(value) { ports.insert(value) }
                    }
                }
                start += 1
            }
        }
    }

    /// `0.0.0.0:5432` or `5432` → 5432.
    static func trailingPort(_ text: Substring) -> Int? {
        let digits = text.split(separator: ":").last ?? text
        guard let port = Int(digits), (1...65535).contains(port) else { return nil }
        return port
    }
}
