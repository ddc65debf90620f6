import Foundation
import TandemAPI
import TandemManifest
import Testing

/// Decodes `text` and expects exactly one Pod.
func decodePod(_ text: String) throws -> Pod {
    let documents = try ManifestLoader.decode(text: text, file: "pod.yaml")
    guard documents.count == 1, case .pod(let pod) = documents[0].object else {
        throw ManifestError(file: "test", message: "expected one Pod, got \(documents.map(\.object.kind))")
    }
    return pod
}

/// The error `text` fails with, or nil if it decodes.
func decodingError(_ text: String, file: String = "pod.yaml") -> ManifestError? {
    do {
        _ = try ManifestLoader.decode(text: text, file: file)
        return nil
    } catch {
        return error
    }
}

/// A minimal Pod manifest with `extra` appended under the first container (indented 4).
func podWithContainerFields(_ extra: String) -> String {
    """
    apiVersion: v1
    kind: Pod
    metadata:
      name: p
    spec:
      containers:
      - name: app
        image: busybox
    \(extra.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
    """
}

func fixturePath(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return url.path
}
