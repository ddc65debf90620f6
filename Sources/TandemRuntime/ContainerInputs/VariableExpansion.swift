/// Kubernetes' `$(VAR)` expansion (`third_party/forked/golang/expansion`), ported byte for
/// byte: `$(NAME)` is replaced by the mapping, `$$` is an escaped `$`, and references the
/// mapping does not know stay verbatim. Used for `command`, `args` and `env` values.
public enum VariableExpansion {
    private static let operatorByte = UInt8(ascii: "$")
    private static let opener = UInt8(ascii: "(")
    private static let closer = UInt8(ascii: ")")

    /// `MappingFuncFor`: the first context holding the name wins; unknown names map back to `$(NAME)`.
    public static func mappingFor(_ contexts: [String: String]...) -> @Sendable (String) -> String {
        let contexts = contexts
        return { name in
            for context in contexts {
                if let value = context[name] { return value }
            }
            return "$(" + name + ")"
        }
    }

    public static func expand(_ input: String, mapping: (String) -> String) -> String {
        let bytes = Array(input.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var checkpoint = 0
        var cursor = 0
        while cursor < bytes.count {
            if bytes[cursor] == operatorByte && cursor + 1 < bytes.count {
                output += bytes[checkpoint..<cursor]
                let (read, isVariable, advance) = tryReadVariableName(bytes[(cursor + 1)...])
                if isVariable {
                    output += Array(mapping(String(decoding: read, as: UTF8.self)).utf8)
                } else {
                    output += read
                }
                cursor += advance
                checkpoint = cursor + 1
            }
            cursor += 1
        }
        output += bytes[checkpoint...]
        return String(decoding: output, as: UTF8.self)
    }

    /// Reads what follows a `$`: the variable name, or else the text to copy (including the
    /// `$` where it stays), whether it names a variable, and how many bytes to advance.
    private static func tryReadVariableName(_ input: ArraySlice<UInt8>) -> ([UInt8], Bool, Int) {
        let start = input.startIndex
        switch input[start] {
        case operatorByte:
            // An escaped operator: `$$` reads as one `$`.
            return ([operatorByte], false, 1)
        case opener:
            var index = start + 1
            while index < input.endIndex {
                if input[index] == closer {
                    return (Array(input[(start + 1)..<index]), true, index - start + 1)
                }
                index += 1
            }
            // An unterminated reference stays as text; only `$(` is consumed.
            return ([operatorByte, opener], false, 1)
        default:
            return ([operatorByte, input[start]], false, 1)
        }
    }
}
