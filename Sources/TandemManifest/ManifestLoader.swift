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
    /// Every document is decoded even when an earlier one failed, and every problem of the
    /// file is thrown together, in file order.
    static func decode(text: String, file: String, skipped: inout [SkippedObject]?) throws(ManifestError) -> [ManifestDocument] {
        let composed = try composeCollecting(text: text, file: file)
        var documents: [ManifestDocument] = []
        var passedOver = skipped
        try reportingDecodingErrors(file: file, issues: composed.issues) {
            for root in composed.roots where !root.isNull {
                _ = try composed.issues.recovering(at: root.mark, path: .root) {
                    try decodeObjects(root, into: &documents, skipped: &passedOver, file: file,
                                      budget: composed.budget, issues: composed.issues)
                }
            }
        }
        skipped = passedOver
        guard !documents.isEmpty || !(skipped ?? []).isEmpty else {
            throw ManifestError(file: file, message: "no objects found")
        }
        return documents
    }

    /// A file's documents composed, the one `DecodingBudget` every later pass over them spends
    /// from, and the problems found so far (keys repeated in a mapping: the tree holds the
    /// last occurrence; see `DuplicateKeyLocator`).
    struct ComposedFile {
        var roots: [Node]
        var budget: DecodingBudget
        var issues: DecodingIssues
    }

    /// Every document of `text` composed with its budget (refused at once when aliases expand
    /// it too far), for readers that do not decode strictly: a repeated key is an error here.
    /// Shared by every reader of manifests (strict, located, free-form, raw), so none walks an
    /// alias bomb.
    static func composeBudgeted(text: String, file: String) throws(ManifestError) -> (roots: [Node], budget: DecodingBudget) {
        let composed = try composeCollecting(text: text, file: file)
        try reportingDecodingErrors(file: file, issues: composed.issues) {}
        return (composed.roots, composed.budget)
    }

    /// Like `composeBudgeted`, but repeated keys are recorded in `issues` for the strict
    /// decoder to report with the rest, instead of failing the file alone.
    static func composeCollecting(text: String, file: String) throws(ManifestError) -> ComposedFile {
        let issues = DecodingIssues()
        var roots: [Node]
        var renamed: [DuplicateKeyLocator.Renamed] = []
        do {
            roots = try composeDocuments(text)
        } catch let error as NodeDecodingError {
            throw ManifestError(error, file: file)
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            let outcome = DuplicateKeyLocator.compose(text, key: duplicates.first ?? "", firstMark: context.mark)
            guard let composed = outcome.roots else {
                // The text cannot be made to compose: the repeats found, then what else is wrong.
                var errors = outcome.renamed.map { ManifestError(DuplicateKeyLocator.unlocated($0), file: file) }
                if let failure = outcome.failure { errors.append(yamlError(failure, text: text, file: file)) }
                throw ManifestError.combining(errors.sorted(by: ManifestError.fileOrder))
            }
            roots = composed
            renamed = outcome.renamed
        } catch {
            throw yamlError(error, text: text, file: file)
        }
        let budget: DecodingBudget
        do {
            budget = try DecodingBudget(roots: roots)
        } catch let error as NodeDecodingError {
            // Too many aliases: nothing walks the documents, except the (linear) search that
            // names the repeated keys, with a fixed budget of its own.
            let found = DuplicateKeyLocator.locate(renamed, in: roots, budget: DecodingBudget()) + [error]
            throw ManifestError.combining(found.map { ManifestError($0, file: file) }.sorted(by: ManifestError.fileOrder))
        } catch {
            throw ManifestError(file: file, message: "\(error)")
        }
        if !renamed.isEmpty {
            issues.shadowedKeys = Set(renamed.map { DecodingIssues.Position($0.mark) })
            for error in DuplicateKeyLocator.locate(renamed, in: roots, budget: budget) { issues.record(error) }
        }
        return ComposedFile(roots: roots, budget: budget, issues: issues)
    }

    /// Runs a pass over node trees; its problems, and those already in `issues`, are thrown
    /// as one `ManifestError` naming `file`, in file order.
    static func reportingDecodingErrors(file: String, issues: DecodingIssues = DecodingIssues(),
                                        _ body: () throws -> Void) throws(ManifestError) {
        do {
            try body()
        } catch let error as NodeDecodingError {
            issues.record(error)
        } catch is RecordedDecodingProblems {
            // Recorded in `issues`; were they recorded elsewhere, the file must still fail.
            if issues.isEmpty { issues.record(NodeDecodingError("the document did not decode", at: nil)) }
        } catch {
            issues.record(NodeDecodingError("\(error)", at: nil))
        }
        guard !issues.isEmpty else { return }
        throw ManifestError.combining(issues.sorted().map { ManifestError($0, file: file) })
    }

    /// All documents of the stream; Yams' sequence hides errors, so they are collected here.
    static func composeDocuments(_ text: String) throws -> [Node] {
        // A stream kubectl reads as JSON reads surrogate escapes as encoding/json does.
        let text = JSONStreams.looksLikeJSON(text.utf8) ? JSONStreams.yamlReadable(text) : text
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

    /// Decodes one document (each item of a `kind: List` on its own); an object with problems
    /// has them recorded in `issues` and is left out.
    private static func decodeObjects(_ root: Node, into documents: inout [ManifestDocument],
                                      skipped: inout [SkippedObject]?, file: String, budget: DecodingBudget,
                                      issues: DecodingIssues) throws {
        let header = try TypeHeader(root, path: .root)
        if header.kind == "List" {
            for (index, item) in try listItems(root, header: header, budget: budget, issues: issues).enumerated() {
                let path = FieldPath.root.field("items").index(index)
                let decoded = try issues.recovering(at: item.mark, path: path) { () throws -> ManifestDocument? in
                    let itemHeader = try TypeHeader(item, path: path)
                    guard itemHeader.kind != "List" else {
                        throw NodeDecodingError.invalid(path, "a List may not contain another List", at: item.mark)
                    }
                    if try skip(item, header: itemHeader, path: path, file: file, into: &skipped, budget: budget, issues: issues) { return nil }
                    return try decodeObject(item, header: itemHeader, path: path, file: file,
                                            index: documents.count, budget: budget, issues: issues)
                }
                if let document = decoded ?? nil { documents.append(document) }
            }
        } else if try !skip(root, header: header, path: .root, file: file, into: &skipped, budget: budget, issues: issues) {
            documents.append(try decodeObject(root, header: header, path: .root, file: file,
                                              index: documents.count, budget: budget, issues: issues))
        }
    }

    /// Whether the object is of another kind and `skipped` collects those (then it is added).
    /// ConfigMaps and Secrets (`v1`) are decoded strictly on the way: they are the store a run's
    /// pods read (see `ConfigObject`).
    private static func skip(_ node: Node, header: TypeHeader, path: FieldPath, file: String,
                             into skipped: inout [SkippedObject]?, budget: DecodingBudget,
                             issues: DecodingIssues) throws -> Bool {
        guard skipped != nil, supportedKinds[header.kind] == nil else { return false }
        var name: String?
        if case .mapping(let fields)? = node["metadata"], case .scalar(let scalar)? = fields["name"] {
            name = scalar.string
        }
        var object = SkippedObject(file: file, kind: header.kind, name: name, line: node.mark?.line ?? 1)
        object.config = try ConfigObject.decode(node, header: header, path: path, budget: budget, issues: issues)
        object.refusal = ManifestError(
            file: file, message: "unsupported kind \(quoted(header.kind)) (apiVersion \(quoted(header.apiVersion ?? "")))",
            line: header.kindMark?.line, column: header.kindMark?.column)
        skipped?.append(object)
        return true
    }

    /// The object of `node`; when decoding it recorded problems in `issues`, it throws
    /// `RecordedDecodingProblems` instead (the problems are reported with the file's others).
    static func decodeObject(_ node: Node, header: TypeHeader, path: FieldPath, file: String, index: Int,
                             budget: DecodingBudget, issues: DecodingIssues) throws -> ManifestDocument {
        let known = issues.count
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
        case "Pod": object = .pod(try StrictNodeDecoder.decode(Pod.self, from: node, path: path, budget: budget, issues: issues))
        case "Job": object = .job(try StrictNodeDecoder.decode(Job.self, from: node, path: path, budget: budget, issues: issues))
        case "CronJob": object = .cronJob(try StrictNodeDecoder.decode(CronJob.self, from: node, path: path, budget: budget, issues: issues))
        case "Deployment": object = .deployment(try StrictNodeDecoder.decode(Deployment.self, from: node, path: path, budget: budget, issues: issues))
        case "StatefulSet": object = .statefulSet(try StrictNodeDecoder.decode(StatefulSet.self, from: node, path: path, budget: budget, issues: issues))
        case "DaemonSet": object = .daemonSet(try StrictNodeDecoder.decode(DaemonSet.self, from: node, path: path, budget: budget, issues: issues))
        default: object = .replicaSet(try StrictNodeDecoder.decode(ReplicaSet.self, from: node, path: path, budget: budget, issues: issues))
        }
        guard issues.count == known else { throw RecordedDecodingProblems() }
        return ManifestDocument(file: file, index: index, line: node.mark?.line ?? 1, object: object)
    }

    /// The `items` of a `kind: List` (`apiVersion: v1`), whose other fields are checked strictly too.
    private static func listItems(_ root: Node, header: TypeHeader, budget: DecodingBudget, issues: DecodingIssues) throws -> [Node] {
        guard header.apiVersion == "v1" else {
            throw NodeDecodingError(
                "unsupported apiVersion \(quoted(header.apiVersion ?? "")) for kind \"List\" (expected \"v1\")",
                at: header.apiVersionMark ?? root.mark)
        }
        let decoder = StrictNodeDecoder(node: root, path: .root, budget: budget, issues: issues)
        let fields = try decoder.mappingFields()
        _ = fields.value(forKey: "apiVersion")
        _ = fields.value(forKey: "kind")
        if let metadata = fields.value(forKey: "metadata") {
            _ = try StrictNodeDecoder.freeForm(metadata, path: FieldPath.root.field("metadata"), budget: budget, issues: issues)
        }
        var items: [Node] = []
        if let list = fields.value(forKey: "items"), !list.isNull {
            guard case .sequence(let sequence) = list else {
                throw NodeDecodingError.mismatch(FieldPath.root.field("items"), expected: "list", got: list.kindDescription, at: list.mark)
            }
            items = Array(sequence)
        }
        decoder.recordUnreadFields()
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
