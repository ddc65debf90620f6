/// The apimachinery string checks (`k8s.io/apimachinery/pkg/util/validation`): each returns the
/// list of problem descriptions, worded exactly as the API server words them.
enum NameRules {
    static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let labelValueFormat = "(" + qualifiedNameFormat + ")?"

    static func maxLenError(_ length: Int) -> String { "must be no more than \(length) characters" }
    static func inclusiveRangeError(_ low: Int64, _ high: Int64) -> String { "must be between \(low) and \(high), inclusive" }
    static let emptyError = "must be non-empty"

    /// Go's `RegexError`, including its historical double space before "or".
    static func regexError(_ message: String, _ format: String, _ examples: String...) -> String {
        if examples.isEmpty { return message + " (regex used for validation is '" + format + "')" }
        var text = message + " (e.g. "
        for (index, example) in examples.enumerated() {
            if index > 0 { text += " or " }
            text += "'" + example + "', "
        }
        return text + "regex used for validation is '" + format + "')"
    }

    // MARK: character-class matchers (the Go regexes, on ASCII bytes)

    private static func isLowerAlnum(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) }
    private static func isAlnum(_ byte: UInt8) -> Bool { isLowerAlnum(byte) || (byte >= 65 && byte <= 90) }

    static func matchesDNS1123Label(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard let first = bytes.first, let last = bytes.last else { return false }
        return isLowerAlnum(first) && isLowerAlnum(last) && bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    static func matchesDNS1123Subdomain(_ value: String) -> Bool {
        value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { matchesDNS1123Label(String($0)) }
    }

    static func matchesQualifiedNamePart(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard let first = bytes.first, let last = bytes.last else { return false }
        let extra: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ".")]
        return isAlnum(first) && isAlnum(last) && bytes.allSatisfy { isAlnum($0) || extra.contains($0) }
    }

    // MARK: the checks

    static func dns1123Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(maxLenError(63)) }
        if !matchesDNS1123Label(value) {
            if matchesDNS1123Subdomain(value) {
                errors.append("must not contain dots")
            } else {
                errors.append(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                                         dns1123LabelFormat, "my-name", "123-abc"))
            }
        }
        return errors
    }

    static func dns1123Subdomain(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 253 { errors.append(maxLenError(253)) }
        if !matchesDNS1123Subdomain(value) {
            errors.append(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                                     dns1123SubdomainFormat, "example.com"))
        }
        return errors
    }

    /// `NameIsDNSSubdomain(name, prefix)`: a generateName prefix may end in '-'.
    static func nameIsDNSSubdomain(_ value: String, prefix: Bool) -> [String] {
        dns1123Subdomain(prefix ? maskTrailingDash(value) : value)
    }

    /// Go's `maskTrailingDash` (replaces the last two bytes with "a", as the original does).
    static func maskTrailingDash(_ value: String) -> String {
        let bytes = Array(value.utf8)
        guard bytes.count > 1, bytes.last == UInt8(ascii: "-") else { return value }
        return String(decoding: bytes.dropLast(2), as: UTF8.self) + "a"
    }

    static func qualifiedName(_ value: String) -> [String] {
        let message = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
        var errors: [String] = []
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name: String
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                errors.append("prefix part " + emptyError)
            } else {
                errors += dns1123Subdomain(prefix).map { "prefix part " + $0 }
            }
        default:
            return ["a qualified name " + regexError(message, qualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            errors.append("name part " + emptyError)
        } else if name.utf8.count > 63 {
            errors.append("name part " + maxLenError(63))
        }
        if !matchesQualifiedNamePart(name) {
            errors.append("name part " + regexError(message, qualifiedNameFormat, "MyName", "my.name", "123-abc"))
        }
        return errors
    }

    static func labelValue(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(maxLenError(63)) }
        if !value.isEmpty && !matchesQualifiedNamePart(value) {
            errors.append(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                                     labelValueFormat, "MyValue", "my_value", "12345"))
        }
        return errors
    }

    static func portNumber(_ port: Int64) -> [String] {
        (1...65535).contains(port) ? [] : [inclusiveRangeError(1, 65535)]
    }

    /// IANA_SVC_NAME rules for named ports.
    static func portName(_ port: String) -> [String] {
        var errors: [String] = []
        let bytes = Array(port.utf8)
        if bytes.count > 15 { errors.append(maxLenError(15)) }
        if bytes.isEmpty || !bytes.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }) {
            errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if !bytes.contains(where: { $0 >= 97 && $0 <= 122 }) {
            errors.append("must contain at least one letter (a-z)")
        }
        if port.contains("--") { errors.append("must not contain consecutive hyphens") }
        if let first = bytes.first, let last = bytes.last, first == UInt8(ascii: "-") || last == UInt8(ascii: "-") {
            errors.append("must not begin or end with a hyphen")
        }
        return errors
    }

    /// `IsRelaxedEnvVarName` (RelaxedEnvironmentVariableValidation is on by default in v1.33).
    static func relaxedEnvVarName(_ value: String) -> [String] {
        var errors: [String] = []
        if value.isEmpty { errors.append("environment variable name " + emptyError) }
        if value.unicodeScalars.contains(where: { $0.value > 0x7E || $0.value < 0x20 || $0 == "=" }) {
            errors.append("a valid environment variable name must consist only of printable ASCII characters other than '='")
        }
        return errors
    }

    static func httpHeaderName(_ value: String) -> [String] {
        let bytes = Array(value.utf8)
        if !bytes.isEmpty && bytes.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: "-") }) { return [] }
        return [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", "[-A-Za-z0-9]+", "X-Header-Name")]
    }

    static func configMapKey(_ value: String) -> [String] {
        var errors: [String] = []
        let bytes = Array(value.utf8)
        if bytes.count > 253 { errors.append(maxLenError(253)) }
        let extra: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ".")]
        if bytes.isEmpty || !bytes.allSatisfy({ isAlnum($0) || extra.contains($0) }) {
            errors.append(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                                     "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"))
        }
        if value == "." {
            errors.append("must not be '.'")
        } else if value == ".." {
            errors.append("must not be '..'")
        } else if value.hasPrefix("..") {
            errors.append("must not start with '..'")
        }
        return errors
    }

    /// UID/GID range of v1.33 (`0 .. math.MaxInt32`).
    static func userOrGroupID(_ id: Int64) -> [String] {
        (0...2_147_483_647).contains(id) ? [] : [inclusiveRangeError(0, 2_147_483_647)]
    }
}
