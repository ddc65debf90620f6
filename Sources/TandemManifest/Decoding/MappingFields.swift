import Yams

/// The fields of one YAML mapping, indexed by name, with a flag per field recording whether
/// the decoded type read it: what is left unread afterwards is an unknown field.
/// It also remembers the names the type asked for that the mapping lacks: the type's other
/// known fields, from which a "did you mean" is picked for an unknown one.
final class MappingFields {
    struct Entry {
        let key: String
        let keyMark: Mark?
        let value: Node
    }

    private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]
    private var read: [Bool] = []
    /// Field names asked for and absent, in the order asked (declaration order for synthesized
    /// `Decodable`, which asks for every field): the candidates for a suggestion.
    private var absentAsked: [String] = []

    /// Indexes `mapping`; `path` is the mapping's own path, for errors.
    /// A duplicate key (two keys equal only once resolved, as `1` and `"1"`; YAML-equal keys are
    /// found while composing, see `DecodingIssues.shadowedKeys`) is recorded in `issues` at its
    /// second occurrence, which wins as in JSON. Throws on keys that are not scalars, and when
    /// `budget` runs out: merge keys pull in aliased mappings, which may merge others.
    init(_ mapping: Node.Mapping, path: FieldPath, budget: DecodingBudget, issues: DecodingIssues) throws {
        entries.reserveCapacity(mapping.count)
        var merges: [Node] = []
        var overridden: [Int] = []
        try budget.spend(count: mapping.count, at: mapping.mark)
        for (keyNode, value) in mapping {
            if Self.isMergeKey(keyNode) {
                merges.append(value)
                continue
            }
            if issues.isShadowed(keyNode.mark) { continue }
            let key = try Self.fieldName(of: keyNode, in: path)
            if let earlier = index[key] {
                issues.record(.duplicateField(path.field(key), at: keyNode.mark))
                overridden.append(earlier)
            }
            index[key] = entries.count
            entries.append(Entry(key: key, keyMark: keyNode.mark, value: value))
        }
        // Merge keys (`<<: *defaults`) add the fields the mapping does not set itself,
        // the first merged mapping winning, as go-yaml does.
        for merge in merges {
            switch merge {
            case .mapping(let merged):
                try add(merged, path: path, budget: budget, issues: issues)
            case .sequence(let list):
                try budget.spend(count: list.count, at: merge.mark)
                for case .mapping(let merged) in list.reversed() { try add(merged, path: path, budget: budget, issues: issues) }
            default:
                throw NodeDecodingError.invalid(path, "map merge requires a map or a list of maps", at: merge.mark)
            }
        }
        read = Array(repeating: false, count: entries.count)
        // An overridden occurrence is reported as a duplicate, not again as unknown.
        for position in overridden { read[position] = true }
    }

    private func add(_ merged: Node.Mapping, path: FieldPath, budget: DecodingBudget, issues: DecodingIssues) throws {
        let fields = try MappingFields(merged, path: path, budget: budget, issues: issues)
        for entry in fields.entries where index[entry.key] == nil {
            index[entry.key] = entries.count
            entries.append(entry)
        }
    }

    /// The value of `key`, marking it as read.
    func value(forKey key: String) -> Node? {
        guard let position = index[key] else {
            noteAbsent(key)
            return nil
        }
        read[position] = true
        return entries[position].value
    }

    func contains(_ key: String) -> Bool {
        if index[key] != nil { return true }
        noteAbsent(key)
        return false
    }

    private func noteAbsent(_ key: String) {
        // Types ask for a field more than once (contains, then decode): keep one.
        if absentAsked.last != key { absentAsked.append(key) }
    }

    /// The fields, in document order, that nothing read.
    var unread: [Entry] {
        zip(entries, read).compactMap { entry, wasRead in wasRead ? nil : entry }
    }

    /// The field the type knows that `unknown` most likely meant, if one is close enough.
    func suggestion(for unknown: String) -> String? {
        FieldSuggestion.nearest(to: unknown, among: absentAsked)
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
