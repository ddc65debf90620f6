/// JSON string literals for the outputs tandem writes by hand (`validate -o json`, `resources -o json`,
/// the admission and feature-check reports, convert's JSON documents): those outputs have a fixed key
/// order and layout that tests and users rely on, and Foundation's JSONEncoder/JSONSerialization promise
/// no key order (only `.sortedKeys`, which is a different order), pretty-print as `"key" : value`, and
/// escape `/` differently. One writer for all of them.
///
/// Deliberately separate from `GoQuoting.quote` (Go's `%q`): JSON escapes control characters as
/// `\u00XX` and leaves other Unicode alone, where Go writes `\a`, `\x7f` or `\u2028`. DEL is
/// escaped too (JSON allows it raw), so JSON printed on a terminal carries no control character.
public enum JSONText {
    /// A JSON string literal with the escapes JSON requires, plus DEL.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
