import TandemAPI

/// A manifest document as written, kept whole: every field (known to tandem or not) in its
/// original key order, numbers as their original text. `tandem inject` edits these and prints
/// them back, so that an injected manifest differs from its input only where the sidecar went in.
/// (`JSONValue` cannot serve: its objects are unordered dictionaries.)
public indirect enum RawValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number as written (`8080`, `0.5`, `1e3`).
    case number(String)
    case string(String)
    case array([RawValue])
    case object([RawMember])

    /// The same value as free-form JSON (key order and number spelling are lost).
    public var json: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let text):
            switch ScalarValue.resolvePlain(text) {
            case .int(let value): return .number(Double(value))
            case .uint(let value): return .number(Double(value))
            case .float(let value): return .number(value)
            case .bigInt(let digits): return .number(Double(digits) ?? 0)
            default: return .number(Double(text) ?? 0)
            }
        case .string(let value): return .string(value)
        case .array(let values): return .array(values.map(\.json))
        case .object(let members):
            var object: [String: JSONValue] = [:]
            for member in members { object[member.key] = member.value.json }
            return .object(object)
        }
    }

    /// A value made from free-form JSON, whose objects carry no order: the fields of a Container
    /// (and `name` of any list item) come in the order of the Go type, as the API server writes
    /// them in JSON; other keys follow alphabetically.
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value):
            self = .number(value == value.rounded() && abs(value) < 9e15 ? String(Int64(value)) : String(value))
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map(RawValue.init))
        case .object(let object):
            let keys = object.keys.sorted { left, right in
                switch (Self.fieldRank[left], Self.fieldRank[right]) {
                case let (l?, r?): return l < r
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return left < right
                }
            }
            self = .object(keys.compactMap { key in object[key].map { RawMember(key: key, value: RawValue($0)) } })
        }
    }

    /// Field order of `core/v1.Container` (types.go), `name` first for every object.
    private static let fieldRank: [String: Int] = Dictionary(uniqueKeysWithValues: [
        "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy",
        "restartPolicy", "restartPolicyRules", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe",
        "startupProbe", "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy",
        "securityContext", "stdin", "stdinOnce", "tty",
    ].enumerated().map { ($1, $0) })

    /// The member `key` of an object, `nil` for other values or a missing key.
    public subscript(key: String) -> RawValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}

/// One `key: value` of a `RawValue.object`, in document order.
public struct RawMember: Equatable, Sendable {
    public var key: String
    public var value: RawValue

    public init(key: String, value: RawValue) {
        self.key = key
        self.value = value
    }
}
