import Foundation
import TandemAPI
import Yams

extension ManifestLoader {
    /// Every document of `text` as free-form JSON, with Kubernetes' YAML-to-JSON scalar rules
    /// (go-yaml v2), for objects tandem does not model: what the API server returned (`status`,
    /// `managedFields`), webhook configurations, node lists. Empty documents are skipped.
    /// Errors name `file`, the line and the column.
    public static func freeFormDocuments(text: String, file: String) throws(ManifestError) -> [JSONValue] {
        let roots: [Node]
        do {
            roots = try composeDocuments(text)
        } catch {
            throw yamlError(error, text: text, file: file)
        }
        do {
            let budget = DecodingBudget()
            return try roots.filter { !$0.isNull }.map { try StrictNodeDecoder.freeForm($0, path: .root, budget: budget) }
        } catch let error as NodeDecodingError {
            throw ManifestError(file: file, message: error.message, line: error.line, column: error.column)
        } catch {
            throw ManifestError(file: file, message: "\(error)")
        }
    }

    /// `freeFormDocuments(text:file:)` of the file at `path` (`-` reads standard input).
    public static func freeFormDocuments(path: String) throws(ManifestError) -> [JSONValue] {
        let name = path == "-" ? "<stdin>" : path
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw ManifestError(file: name, message: "no such file or not readable") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: name, message: "not UTF-8 text")
        }
        return try freeFormDocuments(text: text, file: name)
    }
}
