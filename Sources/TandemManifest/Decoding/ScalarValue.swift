import TandemAPI
import Yams

/// A YAML scalar resolved to the JSON value Kubernetes would see.
///
/// Kubernetes (sigs.k8s.io/yaml) turns YAML into JSON with go-yaml v2's YAML 1.1 resolution
/// before decoding: an unquoted `8080` is a number, `"8080"` a string, `yes`/`on`/`true` are
/// booleans, `~`/`null`/empty are null, and timestamps stay strings. This reproduces
/// `goyaml.v2/resolve.go` so that the same manifests are accepted and rejected.
enum ScalarValue: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    /// An integer literal beyond 64 bits (kept as written).
    case bigInt(String)
    case float(Double)
    case string(String)
    /// An explicitly tagged scalar whose text does not fit its tag (`!!int abc`).
    case invalid(String)

    init(_ scalar: Node.Scalar) {
        let text = scalar.string
        let plain = scalar.style == .plain || scalar.style == .any
        switch scalar.tag.description {
        case "":
            // Only plain scalars are resolved; quoted and block scalars are always strings.
            self = plain ? ScalarValue.resolvePlain(text) : .string(text)
        case Tag.Name.str.rawValue where plain:
            // With Yams' basic resolver an untagged plain scalar arrives as `!!str`; an explicit
            // `!!str` on a plain scalar cannot be told apart from it and is resolved too.
            self = ScalarValue.resolvePlain(text)
        case Tag.Name.null.rawValue:
            self = ScalarValue.resolveTagged(text, accepting: { if case .null = $0 { return true }; return false }, tag: "!!null")
        case Tag.Name.bool.rawValue:
            self = ScalarValue.resolveTagged(text, accepting: { if case .bool = $0 { return true }; return false }, tag: "!!bool")
        case Tag.Name.int.rawValue:
            self = ScalarValue.resolveTagged(text, accepting: { $0.isInteger }, tag: "!!int")
        case Tag.Name.float.rawValue:
            switch ScalarValue.resolvePlain(text) {
            case .float(let value): self = .float(value)
            case .int(let value): self = .float(Double(value))
            case .uint(let value): self = .float(Double(value))
            default: self = .invalid("cannot decode `\(text)` as a !!float")
            }
        default:
            // !!str, !!binary, !!timestamp, the non-specific `!` and application tags: the text.
            self = .string(text)
        }
    }

    var isInteger: Bool {
        switch self {
        case .int, .uint, .bigInt: return true
        default: return false
        }
    }

    private static func resolveTagged(_ text: String, accepting: (ScalarValue) -> Bool, tag: String) -> ScalarValue {
        let value = resolvePlain(text)
        return accepting(value) ? value : .invalid("cannot decode `\(text)` as a \(tag)")
    }

    /// go-yaml v2 `resolve("", in)` for an untagged plain scalar.
    static func resolvePlain(_ text: String) -> ScalarValue {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
             UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
             UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            return keywords[text] ?? .string(text)
        case UInt8(ascii: "."):
            if let keyword = keywords[text] { return keyword }
            if let value = parseDecimalFloat(text) { return .float(value) }
            return .string(text)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let keyword = keywords[text] { return keyword }
            let plain = text.replacingAll("_")
            switch parseGoInteger(plain) {
            case .value(let value): return value
            case .outOfRange: return .bigInt(plain)
            case .invalid: break
            }
            if isYAMLStyleFloat(plain), let value = parseDecimalFloat(plain) { return .float(value) }
            return .string(text)
        default:
            return .string(text)
        }
    }

    private static let keywords: [String: ScalarValue] = {
        var table: [String: ScalarValue] = [:]
        for word in ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] { table[word] = .bool(true) }
        for word in ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] { table[word] = .bool(false) }
        for word in ["~", "null", "Null", "NULL"] { table[word] = .null }
        for word in [".nan", ".NaN", ".NAN"] { table[word] = .float(.nan) }
        for word in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] { table[word] = .float(.infinity) }
        for word in ["-.inf", "-.Inf", "-.INF"] { table[word] = .float(-.infinity) }
        return table
    }()

    private enum IntegerParse {
        case value(ScalarValue)
        case outOfRange
        case invalid
    }

    /// Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint(s, 0, 64)`: optional sign, then
    /// `0x`, `0o`, `0b` or a leading `0` (octal) prefix, else decimal.
    private static func parseGoInteger(_ text: String) -> IntegerParse {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var radix: UInt64 = 10
        if bytes.count >= 2, bytes.first == UInt8(ascii: "0") {
            let marker = bytes[bytes.index(after: bytes.startIndex)] | 0x20
            switch marker {
            case UInt8(ascii: "x"): radix = 16; bytes = bytes.dropFirst(2)
            case UInt8(ascii: "o"): radix = 8; bytes = bytes.dropFirst(2)
            case UInt8(ascii: "b"): radix = 2; bytes = bytes.dropFirst(2)
            default: radix = 8; bytes = bytes.dropFirst()
            }
        }
        guard !bytes.isEmpty else { return .invalid }
        var magnitude: UInt64 = 0
        var overflow = false
        for byte in bytes {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return .invalid
            }
            guard digit < radix else { return .invalid }
            if overflow { continue }
            let (shifted, o1) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, o2) = shifted.addingReportingOverflow(digit)
            if o1 || o2 { overflow = true } else { magnitude = sum }
        }
        if overflow { return .outOfRange }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .value(.int(-Int64(magnitude))) }
            if magnitude == UInt64(Int64.max) + 1 { return .value(.int(Int64.min)) }
            return .outOfRange
        }
        if magnitude <= UInt64(Int64.max) { return .value(.int(Int64(magnitude))) }
        return .value(.uint(magnitude))
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
    private static func isYAMLStyleFloat(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                _ = digits()
            }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }

    /// A finite decimal float (Go's ParseFloat reports overflow to infinity as an error).
    private static func parseDecimalFloat(_ text: String) -> Double? {
        guard text.utf8.allSatisfy({ byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }), let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// How the value is named in a type-mismatch error: `string "abc"`, `number 1.5`, `bool true`.
    func describe(raw: String) -> String {
        switch self {
        case .null: return "null"
        case .bool: return "bool \(raw)"
        case .int, .uint, .bigInt, .float: return "number \(raw)"
        case .string(let text): return "string \(quoted(text))"
        case .invalid: return "invalid scalar \(quoted(raw))"
        }
    }
}

/// `"text"` Go-quoted (`GoQuoting.quote`), cut after 64 characters (`"abc..."`): decoding
/// messages quote a snippet of arbitrary user input, and a whole scalar can be a long script.
func quoted(_ text: String) -> String {
    GoQuoting.quote(text, limit: 64)
}

extension String {
    /// The string without any occurrence of `character` (no Foundation needed).
    func replacingAll(_ character: Character) -> String {
        guard contains(character) else { return self }
        return String(filter { $0 != character })
    }
}
