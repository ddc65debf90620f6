import Yams

/// The source range of one scalar and how to write a new value in its place, keeping its style
/// where the new value allows (quoted stays quoted, plain stays plain, block scalars become `|`).
struct ScalarText {
    let source: SourceText

    /// The scalar's range (and for a block scalar, its content's indentation), or nil when its end
    /// cannot be found with certainty (a multi-line plain scalar): the document is re-emitted then.
    func range(of scalar: Node.Scalar, inFlow: Bool) -> (range: Range<String.Index>, contentIndent: Int)? {
        guard let mark = scalar.mark else { return nil }
        let text = source.text
        let start = source.index(of: mark)
        switch scalar.style {
        case .doubleQuoted, .singleQuoted:
            let quote: Character = scalar.style == .doubleQuoted ? "\"" : "'"
            guard start < text.endIndex, text[start] == quote else { return nil }
            var index = text.index(after: start)
            while index < text.endIndex {
                let character = text[index]
                if quote == "\"", character == "\\" {
                    index = text.index(after: index)
                    if index < text.endIndex { index = text.index(after: index) }
                    continue
                }
                if character == quote {
                    let next = text.index(after: index)
                    if quote == "'", next < text.endIndex, text[next] == "'" {
                        index = text.index(after: next)
                        continue
                    }
                    return (start..<next, 0)
                }
                index = text.index(after: index)
            }
            return nil
        case .literal, .folded:
            let headerLine = mark.line - 1
            var line = headerLine + 1
            var lastContent = headerLine
            var contentIndent: Int?
            while line < source.lineCount {
                if source.isBlank(line) { line += 1; continue }
                let indent = source.indent(line)
                if let contentIndent, indent < contentIndent { break }
                if contentIndent == nil {
                    guard indent > source.indent(headerLine) || headerLine == 0 else { break }
                    contentIndent = indent
                }
                lastContent = line
                line += 1
            }
            return (start..<source.line(lastContent).endIndex, contentIndent ?? source.indent(headerLine) + 2)
        default:
            let lineEnd = source.line(mark.line - 1).endIndex
            var index = start
            while index < lineEnd {
                let character = text[index]
                if inFlow, character == "," || character == "]" || character == "}" { break }
                if character == "#", index > start, text[text.index(before: index)] == " " { break }
                index = text.index(after: index)
            }
            let token = String(text[start..<index]).trimmingSpaces
            guard token == scalar.string else { return nil }
            return (start..<text.index(start, offsetBy: token.count), 0)
        }
    }

    /// `value` written in (or close to) `style`; `contentIndent` is used for block scalars.
    func replacement(_ value: String, style: Node.Scalar.Style, inFlow: Bool, contentIndent: Int) -> String {
        switch style {
        case .plain where Self.isPlainSafe(value):
            return value
        case .singleQuoted where !value.contains("\n"):
            return "'" + value.replacingAll("'", with: "''") + "'"
        case .literal where !inFlow, .folded where !inFlow:
            var body = value
            var header = "|-"
            if body.hasSuffix("\n") {
                header = "|"
                body.removeLast()
            }
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
            // A leading space or kept trailing breaks would need indicators: quote instead.
            guard !body.isEmpty, body.first != " ", !body.hasSuffix("\n") else { return Self.doubleQuoted(value) }
            let pad = String(repeating: " ", count: contentIndent)
            return header + lines.map { source.newline + ($0.isEmpty ? "" : pad + $0) }.joined()
        default:
            return Self.doubleQuoted(value)
        }
    }

    /// A YAML double-quoted scalar.
    static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Plain in block and flow context and read back as the same string by go-yaml's rules:
    /// letters, digits and a few punctuation marks, starting with a letter, `.` or `/`.
    static func isPlainSafe(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, first.properties.isAlphabetic || first == "." || first == "/" else { return false }
        guard !["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(value.lowercased()) else { return false }
        return value.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || " ./_-=+@%".unicodeScalars.contains(scalar)
        } && !value.hasSuffix(" ")
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
