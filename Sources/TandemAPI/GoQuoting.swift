/// Go's `strconv.Quote` (what `%q` prints for a string), shared by every module whose messages
/// must match Kubernetes byte for byte: the API server's validation errors (`Invalid value: "x"`)
/// and the kubelet's event and hook messages (`for Container "app" in Pod "web_default(…)"`).
///
/// This is not JSON string escaping: Go writes `\a`, `\x7f` and `\U0001xxxx` where JSON needs
/// `\u0007` and leaves DEL alone, so JSON output has its own writer (TandemValidation's `JSONText`).
public enum GoQuoting {
    /// `strconv.Quote`: double-quoted, with Go escapes for quotes, backslashes, control and
    /// format characters, and unassigned code points.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{0B}": out += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                            || scalar.properties.generalCategory == .unassigned {
                    out += scalar.value > 0xFFFF ? "\\U" + hex(scalar.value, width: 8) : "\\u" + hex(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
