/// Go's `time.ParseDuration`, which kubectl's `--since` flag uses (`5s`, `2m`, `1h30m`, `1.5h`,
/// `300ms`); the error text is Go's (`time: invalid duration "abc"`).
public enum GoDurationParser {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// - Returns: nanoseconds.
    public static func parse(_ text: String) throws(Failure) -> Int64 {
        let quoted = "\"" + text + "\""
        var rest = Substring(text)
        var negative = false
        if let first = rest.first, first == "-" || first == "+" {
            negative = first == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { throw Failure(description: "time: invalid duration \(quoted)") }
        var total: Double = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1, let value = Double(number) else {
                throw Failure(description: "time: invalid duration \(quoted)")
            }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard !unit.isEmpty else { throw Failure(description: "time: missing unit in duration \(quoted)") }
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: throw Failure(description: "time: unknown unit \"\(unit)\" in duration \(quoted)")
            }
            rest = rest.dropFirst(unit.count)
            total += value * scale
            guard total < 9.223372036854775e18 else { throw Failure(description: "time: invalid duration \(quoted)") }
        }
        return Int64(negative ? -total : total)
    }
}
