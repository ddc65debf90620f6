/// The JSON pieces behind `tandem validate -o json` and `tandem resources -o json`, written by hand
/// because those outputs have a fixed key order and layout that tests and users rely on: Foundation's
/// JSONEncoder/JSONSerialization promise no key order (only `.sortedKeys`, which is a different
/// order), pretty-print as `"key" : value`, and escape `/` and `\b`/`\f` differently.
///
/// Deliberately separate from `GoQuoting.quote` (Go's `%q`): JSON escapes control characters as
/// `\u00XX` and leaves DEL and other Unicode alone, where Go writes `\a`, `\x7f` or `\u2028`.
enum JSONText {
    /// A JSON string literal with the escapes JSON requires.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

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
