import TandemAPI
import Yams

/// A `Decoder` over a Yams node tree that decodes like the API server's strict mode:
/// fields the type does not know, duplicate fields and values of the wrong JSON type are
/// errors naming the field path and the line, and YAML scalars resolve as in Kubernetes.
///
/// Problems are collected in the file's `DecodingIssues` rather than thrown at the first: an
/// optional field whose value fails is recorded and left out, and decoding goes on, so one run
/// reports every problem of the file. A value only throws `RecordedDecodingProblems` upwards
/// when it cannot be built at all.
///
/// One decoder exists per decoded value; keyed containers record which fields were read,
/// and `decode(_:from:path:budget:issues:)` checks, once the value is built, that none is left.
final class StrictNodeDecoder: Decoder {
    let node: Node
    let path: FieldPath
    let budget: DecodingBudget
    let issues: DecodingIssues
    private var fields: MappingFields?
    /// Decoders handed out for nested containers: their fields are checked with ours.
    private var nested: [StrictNodeDecoder] = []

    init(node: Node, path: FieldPath, budget: DecodingBudget, issues: DecodingIssues) {
        self.node = node
        self.path = path
        self.budget = budget
        self.issues = issues
    }

    var codingPath: [any CodingKey] { path.codingKeys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Decodes `type` from `node`, then records every field of `node` that `type` never read.
    static func decode<T: Decodable>(_ type: T.Type, from node: Node, path: FieldPath, budget: DecodingBudget,
                                     issues: DecodingIssues) throws -> T {
        try budget.spend(at: node)
        // Types whose own `init(from:)` would accept or reject the wrong things are decoded
        // here the way Kubernetes' unmarshallers do it.
        if T.self == JSONValue.self, let value = try freeForm(node, path: path, budget: budget, issues: issues) as? T {
            return value
        }
        if T.self == Quantity.self, let value = try quantity(node, path: path) as? T {
            return value
        }
        if T.self == IntOrString.self, let value = try intOrString(node, path: path) as? T {
            return value
        }
        let decoder = StrictNodeDecoder(node: node, path: path, budget: budget, issues: issues)
        let value = try T(from: decoder)
        decoder.recordUnreadFields()
        return value
    }

    /// Records `unknown field` for every field nothing read, here and in nested containers,
    /// with the closest field the type knows as a suggestion.
    func recordUnreadFields() {
        if let fields {
            for unread in fields.unread {
                issues.record(.unknownField(path.field(unread.key), at: unread.keyMark,
                                            suggestion: fields.suggestion(for: unread.key)))
            }
        }
        for decoder in nested { decoder.recordUnreadFields() }
    }

    func child(_ node: Node, path: FieldPath) -> StrictNodeDecoder {
        let decoder = StrictNodeDecoder(node: node, path: path, budget: budget, issues: issues)
        nested.append(decoder)
        return decoder
    }

    func mappingFields() throws -> MappingFields {
        if let fields { return fields }
        guard case .mapping(let mapping) = node else {
            throw NodeDecodingError.mismatch(path, expected: "object", got: node.kindDescription, at: node.mark)
        }
        let indexed = try MappingFields(mapping, path: path, budget: budget, issues: issues)
        fields = indexed
        return indexed
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(StrictKeyedContainer<Key>(decoder: self, fields: try mappingFields()))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else {
            throw NodeDecodingError.mismatch(path, expected: "list", got: node.kindDescription, at: node.mark)
        }
        return StrictUnkeyedContainer(decoder: self, elements: Array(sequence))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }
}

// MARK: - Scalars

extension StrictNodeDecoder: SingleValueDecodingContainer {
    private func scalar(expected: String) throws -> (ScalarValue, String) {
        guard case .scalar(let scalar) = node else {
            throw NodeDecodingError.mismatch(path, expected: expected, got: node.kindDescription, at: node.mark)
        }
        return (ScalarValue(scalar), scalar.string)
    }

    private func mismatch(_ expected: String, _ value: ScalarValue, _ raw: String) -> NodeDecodingError {
        NodeDecodingError.mismatch(path, expected: expected, got: value.describe(raw: raw), at: node.mark)
    }

    func decodeNil() -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return ScalarValue(scalar) == .null
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        let (value, raw) = try scalar(expected: "bool")
        guard case .bool(let result) = value else { throw mismatch("bool", value, raw) }
        return result
    }

    func decode(_ type: String.Type) throws -> String {
        let (value, raw) = try scalar(expected: "string")
        guard case .string(let result) = value else { throw mismatch("string", value, raw) }
        return result
    }

    func decode(_ type: Double.Type) throws -> Double { try floatingPoint(Double.self, name: "float64") }
    func decode(_ type: Float.Type) throws -> Float { try floatingPoint(Float.self, name: "float32") }
    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self, name: "int") }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self, name: "int8") }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self, name: "int16") }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self, name: "int32") }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self, name: "int64") }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self, name: "uint") }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self, name: "uint8") }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self, name: "uint16") }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self, name: "uint32") }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self, name: "uint64") }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // A wrapper decoding its inner value from the same node: same path, fresh field tracking.
        try StrictNodeDecoder.decode(T.self, from: node, path: path, budget: budget, issues: issues)
    }

    /// Integers accept integral JSON numbers only, in range (`1.0` is 1 once Kubernetes made it JSON).
    private func integer<T: FixedWidthInteger>(_ type: T.Type, name: String) throws -> T {
        let (value, raw) = try scalar(expected: name)
        let result: T?
        switch value {
        case .int(let number): result = T(exactly: number)
        case .uint(let number): result = T(exactly: number)
        case .bigInt: result = nil
        case .float(let number):
            guard number.isFinite, number.rounded(.towardZero) == number else { throw mismatch(name, value, raw) }
            result = T(exactly: number)
        default:
            throw mismatch(name, value, raw)
        }
        guard let result else {
            throw NodeDecodingError.invalid(path, "expected \(name), got \(value.describe(raw: raw)) (out of range)", at: node.mark)
        }
        return result
    }

    private func floatingPoint<T: BinaryFloatingPoint>(_ type: T.Type, name: String) throws -> T {
        let (value, raw) = try scalar(expected: name)
        switch value {
        case .int(let number): return T(number)
        case .uint(let number): return T(number)
        case .bigInt(let text): if let number = Double(text) { return T(number) }
        case .float(let number) where number.isFinite: return T(number)
        default: break
        }
        throw mismatch(name, value, raw)
    }
}
