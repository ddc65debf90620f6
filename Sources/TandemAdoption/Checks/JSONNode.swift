import TandemAPI

/// JSON with keys in a chosen order, rendered with two-space indentation and `"key": value`,
/// for the `-o json` reports. Written by hand because Foundation's encoders only sort keys
/// alphabetically and print `"key" : value` and `[\n\n]` for empty lists on Linux.
indirect enum JSONNode: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object([(String, JSONNode)])

    static func == (lhs: JSONNode, rhs: JSONNode) -> Bool { lhs.rendered() == rhs.rendered() }

    /// Free-form JSON, keys sorted.
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .array(let list): self = .array(list.map(JSONNode.init))
        case .object(let fields): self = .object(fields.keys.sorted().compactMap { key in fields[key].map { (key, JSONNode($0)) } })
        }
    }

    static func optional(_ text: String?) -> JSONNode { text.map(JSONNode.string) ?? .null }
    static func strings(_ list: [String]) -> JSONNode { .array(list.map(JSONNode.string)) }

    func rendered(indent: String = "") -> String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            if number == number.rounded(), abs(number) < 9e15 { return String(Int64(number)) }
            return number.isFinite ? String(number) : "null"
        case .string(let text): return JSONText.string(text)
        case .array(let list):
            if list.isEmpty { return "[]" }
            let inner = indent + "  "
            return "[\n" + list.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            let inner = indent + "  "
            return "{\n" + fields.map { inner + JSONText.string($0.0) + ": " + $0.1.rendered(indent: inner) }.joined(separator: ",\n")
                + "\n\(indent)}"
        }
    }
}
