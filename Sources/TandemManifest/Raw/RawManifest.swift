import Foundation
import Yams

/// Reads YAML/JSON streams into `RawValue` documents of any kind (a Service passes through
/// `tandem inject` as well as a Pod) and writes them back as YAML. Plain scalars resolve by
/// go-yaml v2's rules as in `ManifestLoader`, so `"8080"` stays a string and `8080` a number.
public enum RawManifest {
    /// Every non-empty document of the file at `path` (`-` reads standard input), read as
    /// `ManifestSources.read(path:)` reads any stream.
    public static func load(path: String) throws(ManifestError) -> [RawValue] {
        try decode(text: ManifestSources.read(path: path), file: path == "-" ? "<stdin>" : path)
    }

    /// Every non-empty document of `text`; `file` names it in errors.
    public static func decode(text: String, file: String) throws(ManifestError) -> [RawValue] {
        let (roots, budget) = try ManifestLoader.composeBudgeted(text: text, file: file)
        var documents: [RawValue] = []
        try ManifestLoader.reportingDecodingErrors(file: file) {
            documents = try roots.filter { !$0.isNull }.map { try raw($0, budget: budget) }
        }
        if documents.isEmpty { throw ManifestError(file: file, message: "no objects found") }
        return documents
    }

    /// The documents as one YAML stream, `---` between documents, keys in their order.
    /// Scalars are re-emitted (quoting may differ from the input; comments are not kept).
    public static func yaml(_ documents: [RawValue]) -> String {
        documents.map { document in
            // Serializing a node tree built from strings cannot fail; nothing is the safe fallback.
            (try? Yams.serialize(node: node(document), width: -1, allowUnicode: true)) ?? ""
        }.joined(separator: "---\n")
    }

    private static func raw(_ node: Node, budget: DecodingBudget) throws -> RawValue {
        try budget.spend(at: node)
        switch node {
        case .scalar(let scalar):
            switch ScalarValue(scalar) {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .int, .uint, .bigInt: return .number(scalar.string)
            case .float(let value):
                guard value.isFinite else {
                    throw NodeDecodingError("\(quoted(scalar.string)) is not a JSON number", at: node.mark)
                }
                return .number(scalar.string)
            case .string(let text): return .string(text)
            case .invalid(let reason): throw NodeDecodingError(reason, at: node.mark)
            }
        case .mapping(let mapping):
            var members: [RawMember] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw NodeDecodingError("field names must be strings, got \(key.kindDescription)", at: key.mark)
                }
                members.append(RawMember(key: keyScalar.string, value: try raw(value, budget: budget)))
            }
            return .object(members)
        case .sequence(let sequence):
            return .array(try sequence.map { try raw($0, budget: budget) })
        case .alias:
            throw NodeDecodingError("unresolved alias", at: node.mark)
        }
    }

    private static func node(_ value: RawValue) -> Node {
        switch value {
        case .null: return Node.scalar(.init("null", Tag(.null), .plain))
        case .bool(let value): return Node.scalar(.init(value ? "true" : "false", Tag(.bool), .plain))
        case .number(let text): return Node.scalar(.init(text, Tag(.float), .plain))
        case .string(let text): return Node.scalar(.init(text, Tag(.str), style(for: text)))
        case .array(let values): return Node.sequence(.init(values.map(node)))
        case .object(let members):
            return Node.mapping(.init(members.map { (Node.scalar(.init($0.key, Tag(.str), style(for: $0.key))), node($0.value)) }))
        }
    }

    /// Plain when the text reads back as this string, a literal block for multi-line text (the
    /// emitter falls back to quotes where a block cannot hold it), double quotes otherwise.
    private static func style(for text: String) -> Node.Scalar.Style {
        if text.contains("\n") { return .literal }
        if case .string = ScalarValue.resolvePlain(text) { return .plain }
        return .doubleQuoted
    }
}
