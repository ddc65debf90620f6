import TandemAPI

/// A `startupProbe` that `tandem convert` adds, as block YAML lines (without the indentation of the
/// key they sit under) and as a Yams node for documents that are re-emitted.
enum ProbeText {
    static func lines(key: String, probe: Probe, unit: Int) -> [String] {
        let one = String(repeating: " ", count: unit)
        var lines = ["\(key):"]
        for (name, fields) in actionFields(probe) {
            lines.append(one + "\(name):")
            lines += fields.map { one + one + "\($0.0): \($0.1)" }
        }
        lines += timingFields(probe).map { one + "\($0.0): \($0.1)" }
        return lines
    }

    /// The action (`httpGet` or `tcpSocket`) and its fields, values written as YAML scalars.
    static func actionFields(_ probe: Probe) -> [(String, [(String, String)])] {
        if let httpGet = probe.httpGet {
            var fields: [(String, String)] = []
            if let path = httpGet.path {
                fields.append(("path", ScalarText.isPlainSafe(path) ? path : ScalarText.doubleQuoted(path)))
            }
            if let port = httpGet.port { fields.append(("port", port.description)) }
            if let scheme = httpGet.scheme { fields.append(("scheme", scheme)) }
            return [("httpGet", fields)]
        }
        if let tcp = probe.tcpSocket, let port = tcp.port {
            return [("tcpSocket", [("port", port.description)])]
        }
        return []
    }

    static func timingFields(_ probe: Probe) -> [(String, String)] {
        var fields: [(String, String)] = []
        if let period = probe.periodSeconds { fields.append(("periodSeconds", String(period))) }
        if let failures = probe.failureThreshold { fields.append(("failureThreshold", String(failures))) }
        return fields
    }
}
