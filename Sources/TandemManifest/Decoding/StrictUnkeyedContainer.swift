import Yams

/// Sequential access to a sequence node; elements' paths are `field[i]`.
struct StrictUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: StrictNodeDecoder
    let elements: [Node]
    private(set) var currentIndex = 0

    init(decoder: StrictNodeDecoder, elements: [Node]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private func current() throws -> Node {
        guard currentIndex < elements.count else {
            throw NodeDecodingError.invalid(decoder.path.index(currentIndex), "no more list elements", at: decoder.node.mark)
        }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard try current().isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try generic(T.self)
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try generic(Bool.self) }
    mutating func decode(_ type: String.Type) throws -> String { try generic(String.self) }
    mutating func decode(_ type: Double.Type) throws -> Double { try generic(Double.self) }
    mutating func decode(_ type: Float.Type) throws -> Float { try generic(Float.self) }
    mutating func decode(_ type: Int.Type) throws -> Int { try generic(Int.self) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try generic(Int8.self) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try generic(Int16.self) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try generic(Int32.self) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try generic(Int64.self) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try generic(UInt.self) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try generic(UInt8.self) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try generic(UInt16.self) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try generic(UInt32.self) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try generic(UInt64.self) }

    /// Primitive overloads funnel into the generic path, which resolves scalars once for all types.
    /// When an element fails, the list cannot be built, but the elements after it are still
    /// decoded (and their values dropped) so that their problems are reported in the same run.
    private mutating func generic<T: Decodable>(_ type: T.Type) throws -> T {
        let node = try current()
        let path = decoder.path.index(currentIndex)
        let issues = decoder.issues
        guard let value = try issues.recovering(at: node.mark, path: path, {
            try StrictNodeDecoder.decode(T.self, from: node, path: path, budget: decoder.budget, issues: issues)
        }) else {
            for index in (currentIndex + 1)..<max(currentIndex + 1, elements.count) {
                _ = try issues.recovering(at: elements[index].mark, path: decoder.path.index(index)) {
                    try StrictNodeDecoder.decode(T.self, from: elements[index], path: decoder.path.index(index),
                                                 budget: decoder.budget, issues: issues)
                }
            }
            currentIndex = elements.count
            throw RecordedDecodingProblems()
        }
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try decoder.child(try current(), path: decoder.path.index(currentIndex)).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try decoder.child(try current(), path: decoder.path.index(currentIndex)).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let child = decoder.child(try current(), path: decoder.path.index(currentIndex))
        currentIndex += 1
        return child
    }
}
