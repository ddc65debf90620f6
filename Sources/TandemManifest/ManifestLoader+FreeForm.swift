import Foundation
import TandemAPI
import Yams

extension ManifestLoader {
    /// Every document of `text` as free-form JSON, with Kubernetes' YAML-to-JSON scalar rules
    /// (go-yaml v2), for objects tandem does not model: what the API server returned (`status`,
    /// `managedFields`), webhook configurations, node lists. Empty documents are skipped.
    /// Errors name `file`, the line and the column.
    public static func freeFormDocuments(text: String, file: String) throws(ManifestError) -> [JSONValue] {
        let (roots, budget) = try composeBudgeted(text: text, file: file)
        var documents: [JSONValue] = []
        let issues = DecodingIssues()
        try reportingDecodingErrors(file: file, issues: issues) {
            documents = try roots.filter { !$0.isNull }.map {
                try StrictNodeDecoder.freeForm($0, path: .root, budget: budget, issues: issues)
            }
        }
        return documents
    }

    /// `freeFormDocuments(text:file:)` of the file at `path` (`-` reads standard input), read as
    /// `ManifestSources.read(path:)` reads any stream.
    public static func freeFormDocuments(path: String) throws(ManifestError) -> [JSONValue] {
        try freeFormDocuments(text: ManifestSources.read(path: path), file: path == "-" ? "<stdin>" : path)
    }
}
