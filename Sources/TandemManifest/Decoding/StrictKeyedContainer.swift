import Yams

/// Keyed access to a mapping node; every field a type asks for is marked as read.
struct StrictKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: StrictNodeDecoder
    let fields: MappingFields

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] { fields.entries.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { fields.contains(key.stringValue) }

    private func value(for key: Key) throws -> Node {
        guard let node = fields.value(forKey: key.stringValue) else {
            throw NodeDecodingError.invalid(decoder.path.field(key.stringValue), "required field is missing", at: decoder.node.mark)
        }
        return node
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let node = fields.value(forKey: key.stringValue) else { return true }
        return node.isNull
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try generic(T.self, key)
    }

    /// Absent and `null` are the same for an optional field, as in Kubernetes.
    /// A value that fails is recorded in the file's issues and left out, so that decoding
    /// goes on to the other fields and every problem is reported in one run.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = fields.value(forKey: key.stringValue), !node.isNull else { return nil }
        let path = decoder.path.field(key.stringValue)
        return try decoder.issues.recovering(at: node.mark, path: path) {
            try StrictNodeDecoder.decode(T.self, from: node, path: path, budget: decoder.budget, issues: decoder.issues)
        }
    }

    // The standard library's own `decodeIfPresent` for these would call `decode` and throw past the recovery.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try decodeIfPresent(Bool.self as Bool.Type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try decodeIfPresent(String.self as String.Type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try decodeIfPresent(Double.self as Double.Type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try decodeIfPresent(Float.self as Float.Type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try decodeIfPresent(Int.self as Int.Type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try decodeIfPresent(Int8.self as Int8.Type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try decodeIfPresent(Int16.self as Int16.Type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try decodeIfPresent(Int32.self as Int32.Type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try decodeIfPresent(Int64.self as Int64.Type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try decodeIfPresent(UInt.self as UInt.Type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try decodeIfPresent(UInt8.self as UInt8.Type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try decodeIfPresent(UInt16.self as UInt16.Type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try decodeIfPresent(UInt32.self as UInt32.Type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try decodeIfPresent(UInt64.self as UInt64.Type, key) }

    private func decodeIfPresent<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        try decodeIfPresent(type, forKey: key)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try generic(Bool.self, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try generic(String.self, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try generic(Double.self, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try generic(Float.self, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try generic(Int.self, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try generic(Int8.self, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try generic(Int16.self, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try generic(Int32.self, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try generic(Int64.self, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try generic(UInt.self, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try generic(UInt8.self, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try generic(UInt16.self, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try generic(UInt32.self, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try generic(UInt64.self, key) }

    /// Primitive overloads funnel into the generic path, which resolves scalars once for all types.
    private func generic<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try StrictNodeDecoder.decode(T.self, from: try value(for: key), path: decoder.path.field(key.stringValue),
                                     budget: decoder.budget, issues: decoder.issues)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(try value(for: key), path: decoder.path.field(key.stringValue)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(try value(for: key), path: decoder.path.field(key.stringValue)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder.child(fields.value(forKey: "super") ?? .scalar(.init("null")), path: decoder.path.field("super"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(fields.value(forKey: key.stringValue) ?? .scalar(.init("null")), path: decoder.path.field(key.stringValue))
    }
}

extension Node {
    /// YAML null (`null`, `~`, empty) as Kubernetes resolves it.
    var isNull: Bool {
        guard case .scalar(let scalar) = self else { return false }
        return ScalarValue(scalar) == .null
    }
}
