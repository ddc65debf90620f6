import Foundation
import TandemAPI
import Yams

/// Reads manifest files (YAML or JSON, several documents per file) into typed objects.
/// INTERIM implementation: not strict yet, no defaulting; the strict decoder replaces the body.
public enum ManifestLoader {
    /// Reads and decodes every document of the file at `path`.
    public static func load(path: String) throws(ManifestError) -> [ManifestDocument] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ManifestError(file: path, message: "no such file or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: path, message: "not UTF-8 text")
        }
        return try decode(text: text, file: path)
    }

    /// Decodes every document of `text`; `file` names it in errors.
    public static func decode(text: String, file: String) throws(ManifestError) -> [ManifestDocument] {
        do {
            var documents: [ManifestDocument] = []
            for (index, node) in try Yams.compose_all(yaml: text).enumerated() {
                let kind = node["kind"]?.string ?? ""
                let decoder = YAMLDecoder()
                let object: ManifestObject
                switch kind {
                case "Pod": object = .pod(try decoder.decode(Pod.self, from: node))
                case "Job": object = .job(try decoder.decode(Job.self, from: node))
                default: throw ManifestError(file: file, message: "unsupported kind \"\(kind)\"")
                }
                documents.append(ManifestDocument(file: file, index: index, line: node.mark.map { $0.line } ?? 1, object: object))
            }
            return documents
        } catch let error as ManifestError {
            throw error
        } catch {
            throw ManifestError(file: file, message: "\(error)")
        }
    }
}

/// Kubernetes v1 defaulting (`pkg/apis/core/v1/defaults.go`) for the fields tandem relies on.
/// INTERIM: the manifest module's full defaulting replaces this body.
public enum Defaulting {
    public static func apply(to spec: inout PodSpec) {
        if spec.restartPolicy == nil { spec.restartPolicy = "Always" }
        if spec.terminationGracePeriodSeconds == nil { spec.terminationGracePeriodSeconds = 30 }
    }
}
