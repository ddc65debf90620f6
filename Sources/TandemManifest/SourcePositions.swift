import Yams

/// Where the fields of one decoded object sit in its file, looked up by the field path the API server
/// writes (`spec.template.spec.initContainers[1].resources`, `metadata.annotations[lint.tandem.dev/ignore]`).
///
/// It keeps the object's YAML node tree and walks it on demand, so objects that never need a position
/// (the common case for a linter: no finding) cost nothing beyond the decoding itself.
public struct SourcePositions {
    /// A 1-based line and column (columns count Unicode scalars, as libyaml does).
    public struct Position: Sendable, Equatable, Hashable {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    let root: Node

    init(root: Node) {
        self.root = root
    }

    /// The position of `path`: the key of a mapping field, or the start of a list item. When the path does
    /// not exist in the file (a field that is missing is often what a finding is about), the position of the
    /// deepest part of it that exists — e.g. the container that lacks `resources`.
    public func position(of path: String) -> Position {
        var node = root
        var best = Self.position(root.mark)
        for component in Self.components(path) {
            switch (component, node) {
            case (.field(let name), .mapping(let mapping)):
                guard let pair = mapping.first(where: { key, _ in key.scalar?.string == name }) else { return best }
                best = Self.position(pair.key.mark)
                node = pair.value
            case (.index(let index), .sequence(let sequence)):
                guard index >= 0, index < sequence.count else { return best }
                node = sequence[index]
                best = Self.position(node.mark)
            default:
                return best
            }
        }
        return best
    }

    enum Component: Equatable {
        case field(String)
        case index(Int)
    }

    /// `a.b[2][key.with.dots]` → field a, field b, index 2, field "key.with.dots".
    static func components(_ path: String) -> [Component] {
        var result: [Component] = []
        var current = ""
        var iterator = path.makeIterator()
        while let character = iterator.next() {
            switch character {
            case ".":
                if !current.isEmpty { result.append(.field(current)); current = "" }
            case "[":
                if !current.isEmpty { result.append(.field(current)); current = "" }
                var inside = ""
                while let next = iterator.next(), next != "]" { inside.append(next) }
                result.append(Int(inside).map(Component.index) ?? .field(inside))
            default:
                current.append(character)
            }
        }
        if !current.isEmpty { result.append(.field(current)) }
        return result
    }

    static func position(_ mark: Mark?) -> Position {
        Position(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}

/// One object of a manifest stream with the positions of its fields; see `ManifestLoader.decodeLocated`.
public struct LocatedDocument {
    public var document: ManifestDocument
    public var positions: SourcePositions
}

extension ManifestLoader {
    /// The kinds that carry a pod spec (the ones `decodeLocated` decodes).
    public static var podKinds: Set<String> { Set(supportedKinds.keys) }

    /// Like `decode(text:file:)`, for linters: objects of other kinds (Services, ConfigMaps, …) are skipped
    /// instead of being errors, and every object comes with its field positions. Broken YAML, a malformed
    /// object of a pod kind, or a stream without any object at all is still an error.
    public static func decodeLocated(text: String, file: String) throws(ManifestError) -> [LocatedDocument] {
        let composed = try composeCollecting(text: text, file: file)
        let (budget, issues) = (composed.budget, composed.issues)
        var documents: [LocatedDocument] = []
        try reportingDecodingErrors(file: file, issues: issues) {
            for root in composed.roots where !root.isNull {
                _ = try issues.recovering(at: root.mark, path: .root) {
                    let header = try TypeHeader(root, path: .root)
                    if header.kind == "List", case .mapping(let mapping) = root,
                       let items = mapping.first(where: { key, _ in key.scalar?.string == "items" })?.value,
                       case .sequence(let sequence) = items {
                        for (index, item) in sequence.enumerated() {
                            let path = FieldPath.root.field("items").index(index)
                            _ = try issues.recovering(at: item.mark, path: path) {
                                let itemHeader = try TypeHeader(item, path: path)
                                try appendLocated(item, header: itemHeader, path: path, file: file, budget: budget,
                                                  issues: issues, into: &documents)
                            }
                        }
                    } else {
                        try appendLocated(root, header: header, path: .root, file: file, budget: budget,
                                          issues: issues, into: &documents)
                    }
                }
            }
        }
        if composed.roots.allSatisfy(\.isNull) {
            throw ManifestError(file: file, message: "no objects found")
        }
        return documents
    }

    private static func appendLocated(_ node: Node, header: TypeHeader, path: FieldPath, file: String,
                                      budget: DecodingBudget, issues: DecodingIssues,
                                      into documents: inout [LocatedDocument]) throws {
        guard supportedKinds[header.kind] != nil else { return }
        let document = try decodeObject(node, header: header, path: path, file: file, index: documents.count,
                                        budget: budget, issues: issues)
        documents.append(LocatedDocument(document: document, positions: SourcePositions(root: node)))
    }
}
