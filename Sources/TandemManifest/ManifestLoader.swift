import Foundation
import TandemAPI
import Yams

/// Reads manifest files (YAML or JSON, several documents per file, `kind: List`) into typed
/// objects, strictly: unknown fields, duplicate fields and wrongly typed values are errors
/// naming the field path and line, as with the API server's strict field validation.
/// It does not default: callers apply `Defaulting` before validating, as the API server does.
public enum ManifestLoader {
    /// The kinds tandem understands and the one apiVersion each is served under.
    static let supportedKinds: [String: String] = [
        "Pod": "v1",
        "Job": "batch/v1",
        "CronJob": "batch/v1",
        "Deployment": "apps/v1",
        "StatefulSet": "apps/v1",
        "DaemonSet": "apps/v1",
        "ReplicaSet": "apps/v1",
    ]

    /// Reads (see `ManifestSources.read`) and decodes every document of the file at `path`;
    /// `-` reads standard input, as `kubectl apply -f -` does.
    public static func load(path: String) throws(ManifestError) -> [ManifestDocument] {
        let text = try ManifestSources.read(path: path)
        return try decode(text: text, file: path == "-" ? "<stdin>" : path)
    }

    /// Decodes every document of `text`; `file` names it in errors.
    /// One `DecodingBudget` covers every pass over the file's node trees.
    public static func decode(text: String, file: String) throws(ManifestError) -> [ManifestDocument] {
        var skipped: [SkippedObject]?
        return try decode(text: text, file: file, skipped: &skipped)
    }

    /// Like `load(path:)`, but objects of other kinds (Services, ConfigMaps…) are passed over and
    /// listed instead of being an error, for commands that look at the pods of a whole manifest set.
    public static func loadSkippingOtherKinds(path: String) throws(ManifestError)
        -> (documents: [ManifestDocument], skipped: [SkippedObject]) {
        let text = try ManifestSources.read(path: path)
        var skipped: [SkippedObject]? = []
        let documents = try decode(text: text, file: path == "-" ? "<stdin>" : path, skipped: &skipped)
        return (documents, skipped ?? [])
    }

    /// `skipped` nil: another kind is an error; otherwise such objects are appended to it.
    static func decode(text: String, file: String, skipped: inout [SkippedObject]?) throws(ManifestError) -> [ManifestDocument] {
        let (roots, budget) = try composeBudgeted(text: text, file: file)
        var documents: [ManifestDocument] = []
        var passedOver = skipped
        try reportingDecodingErrors(file: file) {
            for root in roots where !root.isNull {
                try decodeObjects(root, into: &documents, skipped: &passedOver, file: file, budget: budget)
            }
        }
        skipped = passedOver
        guard !documents.isEmpty || !(skipped ?? []).isEmpty else {
            throw ManifestError(file: file, message: "no objects found")
        }
        return documents
    }

    /// Every document of `text` composed, and the one `DecodingBudget` that every later pass
    /// over them spends from (refused at once when aliases expand them too far). Shared by every
    /// reader of manifests (strict, located, free-form, raw), so none walks an alias bomb.
    static func composeBudgeted(text: String, file: String) throws(ManifestError) -> (roots: [Node], budget: DecodingBudget) {
        let roots: [Node]
        do {
            roots = try composeDocuments(text)
        } catch let error as NodeDecodingError {
            throw ManifestError(file: file, message: error.message, line: error.line, column: error.column)
        } catch {
            throw yamlError(error, text: text, file: file, budget: DecodingBudget())
        }
        var budget = DecodingBudget()
        try reportingDecodingErrors(file: file) { budget = try DecodingBudget(roots: roots) }
        return (roots, budget)
    }

    /// Runs a pass over node trees, its errors as one-line `ManifestError`s naming `file`.
    static func reportingDecodingErrors(file: String, _ body: () throws -> Void) throws(ManifestError) {
        do {
            try body()
        } catch let error as NodeDecodingError {
            throw ManifestError(file: file, message: error.message, line: error.line, column: error.column)
        } catch {
            throw ManifestError(file: file, message: "\(error)")
        }
    }

    /// All documents of the stream; Yams' sequence hides errors, so they are collected here.
    static func composeDocuments(_ text: String) throws -> [Node] {
        // `ScalarValue` resolves plain scalars itself, the way go-yaml v2 does for Kubernetes, so
        // Yams' rule-based resolver is not wanted: `.basic` tags every implicit scalar `!!str`,
        // and spares the regular expressions of `Resolver.default`, whose first compilation
        // initialises ICU's regex tables (about 1 ms, a tenth of a `tandem run` start-up).
        if let key = YAMLEventScan.firstCollectionKey(in: text) {
            var error = NodeDecodingError("field names must be strings, got an object or list", at: nil)
            (error.line, error.column) = (key.line, key.column)
            throw error
        }
        var sequence = try Yams.compose_all(yaml: text, .basic)
        var nodes: [Node] = []
        while let node = sequence.next() {
            nodes.append(node)
        }
        if let error = sequence.error { throw error }
        return nodes
    }

    private static func decodeObjects(_ root: Node, into documents: inout [ManifestDocument],
                                      skipped: inout [SkippedObject]?, file: String, budget: DecodingBudget) throws {
        let header = try TypeHeader(root, path: .root)
        if header.kind == "List" {
            for (index, item) in try listItems(root, header: header, budget: budget).enumerated() {
                let path = FieldPath.root.field("items").index(index)
                let itemHeader = try TypeHeader(item, path: path)
                guard itemHeader.kind != "List" else {
                    throw NodeDecodingError.invalid(path, "a List may not contain another List", at: item.mark)
                }
                if try skip(item, header: itemHeader, path: path, file: file, into: &skipped, budget: budget) { continue }
                documents.append(try decodeObject(item, header: itemHeader, path: path, file: file,
                                                  index: documents.count, budget: budget))
            }
        } else if try !skip(root, header: header, path: .root, file: file, into: &skipped, budget: budget) {
            documents.append(try decodeObject(root, header: header, path: .root, file: file,
                                              index: documents.count, budget: budget))
        }
    }

    /// Whether the object is of another kind and `skipped` collects those (then it is added).
    /// ConfigMaps and Secrets (`v1`) are decoded strictly on the way: they are the store a run's
    /// pods read (see `ConfigObject`).
    private static func skip(_ node: Node, header: TypeHeader, path: FieldPath, file: String,
                             into skipped: inout [SkippedObject]?, budget: DecodingBudget) throws -> Bool {
        guard skipped != nil, supportedKinds[header.kind] == nil else { return false }
        var name: String?
        if case .mapping(let fields)? = node["metadata"], case .scalar(let scalar)? = fields["name"] {
            name = scalar.string
        }
        var object = SkippedObject(file: file, kind: header.kind, name: name, line: node.mark?.line ?? 1)
        object.config = try ConfigObject.decode(node, header: header, path: path, budget: budget)
        object.refusal = ManifestError(
            file: file, message: "unsupported kind \(quoted(header.kind)) (apiVersion \(quoted(header.apiVersion ?? "")))",
            line: header.kindMark?.line, column: header.kindMark?.column)
        skipped?.append(object)
        return true
    }

    static func decodeObject(_ node: Node, header: TypeHeader, path: FieldPath, file: String, index: Int,
                                     budget: DecodingBudget) throws -> ManifestDocument {
        guard let expectedVersion = supportedKinds[header.kind] else {
            throw NodeDecodingError(
                "unsupported kind \(quoted(header.kind)) (apiVersion \(quoted(header.apiVersion ?? "")))", at: header.kindMark)
        }
        guard let apiVersion = header.apiVersion else {
            throw NodeDecodingError(prefix(path, "missing \"apiVersion\""), at: node.mark)
        }
        guard apiVersion == expectedVersion else {
            throw NodeDecodingError(
                "unsupported apiVersion \(quoted(apiVersion)) for kind \(quoted(header.kind)) (expected \(quoted(expectedVersion)))",
                at: header.apiVersionMark)
        }
        let object: ManifestObject
        switch header.kind {
        case "Pod": object = .pod(try StrictNodeDecoder.decode(Pod.self, from: node, path: path, budget: budget))
        case "Job": object = .job(try StrictNodeDecoder.decode(Job.self, from: node, path: path, budget: budget))
        case "CronJob": object = .cronJob(try StrictNodeDecoder.decode(CronJob.self, from: node, path: path, budget: budget))
        case "Deployment": object = .deployment(try StrictNodeDecoder.decode(Deployment.self, from: node, path: path, budget: budget))
        case "StatefulSet": object = .statefulSet(try StrictNodeDecoder.decode(StatefulSet.self, from: node, path: path, budget: budget))
        case "DaemonSet": object = .daemonSet(try StrictNodeDecoder.decode(DaemonSet.self, from: node, path: path, budget: budget))
        default: object = .replicaSet(try StrictNodeDecoder.decode(ReplicaSet.self, from: node, path: path, budget: budget))
        }
        return ManifestDocument(file: file, index: index, line: node.mark?.line ?? 1, object: object)
    }

    /// The `items` of a `kind: List` (`apiVersion: v1`), whose other fields are checked strictly too.
    private static func listItems(_ root: Node, header: TypeHeader, budget: DecodingBudget) throws -> [Node] {
        guard header.apiVersion == "v1" else {
            throw NodeDecodingError(
                "unsupported apiVersion \(quoted(header.apiVersion ?? "")) for kind \"List\" (expected \"v1\")",
                at: header.apiVersionMark ?? root.mark)
        }
        let decoder = StrictNodeDecoder(node: root, path: .root, budget: budget)
        let fields = try decoder.mappingFields()
        _ = fields.value(forKey: "apiVersion")
        _ = fields.value(forKey: "kind")
        if let metadata = fields.value(forKey: "metadata") {
            _ = try StrictNodeDecoder.freeForm(metadata, path: FieldPath.root.field("metadata"), budget: budget)
        }
        var items: [Node] = []
        if let list = fields.value(forKey: "items"), !list.isNull {
            guard case .sequence(let sequence) = list else {
                throw NodeDecodingError.mismatch(FieldPath.root.field("items"), expected: "list", got: list.kindDescription, at: list.mark)
            }
            items = Array(sequence)
        }
        try decoder.checkAllFieldsRead()
        return items
    }

    private static func prefix(_ path: FieldPath, _ message: String) -> String {
        path.isRoot ? message : "\(path.rendered): \(message)"
    }
}

/// `apiVersion` and `kind`, read before anything else to pick the type to decode.
struct TypeHeader {
    var apiVersion: String?
    var apiVersionMark: Mark?
    var kind: String
    var kindMark: Mark?

    init(_ node: Node, path: FieldPath) throws {
        guard case .mapping(let mapping) = node else {
            throw NodeDecodingError.mismatch(path, expected: "a Kubernetes object (a mapping with apiVersion and kind)",
                                             got: node.kindDescription, at: node.mark)
        }
        var kind: String?
        for (key, value) in mapping {
            guard case .scalar(let keyScalar) = key else { continue }
            switch keyScalar.string {
            case "kind":
                kind = try Self.string(value, path: path.field("kind"))
                kindMark = value.mark
            case "apiVersion":
                apiVersion = try Self.string(value, path: path.field("apiVersion"))
                apiVersionMark = value.mark
            default:
                continue
            }
        }
        guard let kind, !kind.isEmpty else {
            throw NodeDecodingError(path.isRoot ? "missing \"kind\"" : "\(path.rendered): missing \"kind\"", at: node.mark)
        }
        self.kind = kind
        if apiVersion?.isEmpty == true { apiVersion = nil }
    }

    private static func string(_ node: Node, path: FieldPath) throws -> String? {
        if node.isNull { return nil }
        guard case .scalar(let scalar) = node, case .string(let text) = ScalarValue(scalar) else {
            throw NodeDecodingError.mismatch(path, expected: "string", got: node.kindDescription, at: node.mark)
        }
        return text
    }
}
