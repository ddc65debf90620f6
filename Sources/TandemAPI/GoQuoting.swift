/// Go's `strconv.Quote` (what `%q` prints for a string), shared by every module whose messages
/// must match Kubernetes byte for byte: the API server's validation errors (`Invalid value: "x"`)
/// and the kubelet's event and hook messages (`for Container "app" in Pod "web_default(…)"`).
///
/// It is also the one place that makes user-supplied text safe for a terminal: every string
/// from a manifest, a file name or a container that tandem prints goes through `quote` (where
/// Kubernetes quotes) or `printable` (where it prints the text bare), so an escape sequence or a
/// carriage return in a name is shown as `\x1b` or `\r`, never executed by the terminal.
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
            default: appendEscaped(scalar, to: &out)
            }
        }
        return out + "\""
    }

    /// `quote` of the first `limit` characters, with `...` after the closing quote's content when
    /// the text was longer: for error messages that quote a snippet of arbitrary input (a whole
    /// scalar can be a long script).
    public static func quote(_ text: String, limit: Int) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return quote(text) }
        var prefix = String.UnicodeScalarView()
        prefix.append(contentsOf: scalars.prefix(limit))
        let quoted = quote(String(prefix))
        return String(quoted.dropLast()) + "...\""
    }

    /// The text with every character `quote` would escape (C0/C1 controls, DEL, line and
    /// paragraph separators, format characters, unassigned code points: what a terminal could
    /// act on) written as Go escapes (`\x1b`, `\r`, `\u2028`); quotes and backslashes stay as they are, so a message that
    /// already holds `quote`d parts passes through unchanged. For text printed bare: a pod name
    /// in a column, a file name, an event message.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars { appendEscaped(scalar, to: &out) }
        return out
    }

    /// Not Go's `unicode.IsPrint`: printable are letters, marks, numbers, punctuation, symbols
    /// and the ASCII space; controls, format characters, other spaces, separators, private-use
    /// and unassigned code points are escaped.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x20 || scalar.value == 0x7F { return true }
        if scalar.isASCII { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return false
        default:
            return true
        }
    }

    private static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
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
            } else if needsEscape(scalar) {
                out += scalar.value > 0xFFFF ? "\\U" + hex(scalar.value, width: 8) : "\\u" + hex(scalar.value, width: 4)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
