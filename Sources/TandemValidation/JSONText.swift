import TandemAPI

extension JSONText {
    /// A field error's bad value as JSON (`null`, a string, a number or a bool).
    static func value(_ value: BadValue) -> String {
        switch value {
        case .omitted, .null: return "null"
        case .string(let text), .rendered(let text): return string(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        }
    }
}
