import Yams

/// The fields of one YAML mapping, indexed by name, with a flag per field recording whether
/// the decoded type read it: what is left unread afterwards is an unknown field.
final class MappingFields {
    struct Entry {
        let key: String
        let keyMark: Mark?
        let value: Node
    }

    private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]
    private var read: [Bool] = []

    /// Indexes `mapping`; `path` is the mapping's own path, for errors.
    /// Throws on a duplicate key (at the second occurrence), on keys that are not scalars, and
    /// when `budget` runs out: merge keys pull in aliased mappings, which may merge others.
    init(_ mapping: Node.Mapping, path: FieldPath, budget: DecodingBudget) throws {
        entries.reserveCapacity(mapping.count)
        var merges: [Node] = []
        try budget.spend(count: mapping.count, at: mapping.mark)
        for (keyNode, value) in mapping {
            if Self.isMergeKey(keyNode) {
                merges.append(value)
                continue
            }
            let key = try Self.fieldName(of: keyNode, in: path)
            if index[key] != nil {
                throw NodeDecodingError.duplicateField(path.field(key), at: keyNode.mark)
            }
            index[key] = entries.count
            entries.append(Entry(key: key, keyMark: keyNode.mark, value: value))
        }
        // Merge keys (`<<: *defaults`) add the fields the mapping does not set itself,
        // the first merged mapping winning, as go-yaml does.
        for merge in merges {
            switch merge {
            case .mapping(let merged):
                try add(merged, path: path, budget: budget)
            case .sequence(let list):
                try budget.spend(count: list.count, at: merge.mark)
                for case .mapping(let merged) in list.reversed() { try add(merged, path: path, budget: budget) }
            default:
                throw NodeDecodingError.invalid(path, "map merge requires a map or a list of maps", at: merge.mark)
            }
        }
        read = Array(repeating: false, count: entries.count)
    }

    private func add(_ merged: Node.Mapping, path: FieldPath, budget: DecodingBudget) throws {
        let fields = try MappingFields(merged, path: path, budget: budget)
        for entry in fields.entries where index[entry.key] == nil {
            index[entry.key] = entries.count
            entries.append(entry)
        }
    }

    /// The value of `key`, marking it as read.
    func value(forKey key: String) -> Node? {
        guard let position = index[key] else { return nil }
        read[position] = true
        return entries[position].value
    }

    func contains(_ key: String) -> Bool { index[key] != nil }

    /// The first field, in document order, that nothing read.
    var firstUnread: Entry? {
        guard let position = read.firstIndex(of: false) else { return nil }
        return entries[position]
    }

    private static func isMergeKey(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.string == "<<" else { return false }
        let tag = scalar.tag.description
        let plain = scalar.style == .plain || scalar.style == .any
        return ((tag.isEmpty || tag == Tag.Name.str.rawValue) && plain) || tag == Tag.Name.merge.rawValue
    }

    /// The JSON object key a YAML key becomes (sigs.k8s.io/yaml turns scalar keys into strings).
    private static func fieldName(of node: Node, in path: FieldPath) throws -> String {
        guard case .scalar(let scalar) = node else {
            throw NodeDecodingError.invalid(path, "field names must be strings, got \(node.kindDescription)", at: node.mark)
        }
        switch ScalarValue(scalar) {
        case .string(let text), .bigInt(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .null: return "null"
        case .float, .invalid: return scalar.string
        }
    }
}

extension Node {
    /// How a node is named in type-mismatch errors.
    var kindDescription: String {
        switch self {
        case .mapping: return "object"
        case .sequence: return "list"
        case .alias: return "alias"
        case .scalar(let scalar): return ScalarValue(scalar).describe(raw: scalar.string)
        }
    }
}
