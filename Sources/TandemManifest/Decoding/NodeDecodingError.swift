import Yams

/// Why a document did not decode into its Kubernetes type: a complete one-line message
/// (it already names the field path) and where in the file it happened.
struct NodeDecodingError: Error {
    var message: String
    var line: Int?
    var column: Int?

    init(_ message: String, at mark: Mark?) {
        self.message = message
        self.line = mark?.line
        self.column = mark?.column
    }

    static func unknownField(_ path: FieldPath, at mark: Mark?) -> NodeDecodingError {
        NodeDecodingError("unknown field \(quoted(path.rendered))", at: mark)
    }

    static func duplicateField(_ path: FieldPath, at mark: Mark?) -> NodeDecodingError {
        NodeDecodingError("duplicate field \(quoted(path.rendered))", at: mark)
    }

    /// `spec.terminationGracePeriodSeconds: expected int64, got string "abc"`.
    static func mismatch(_ path: FieldPath, expected: String, got: String, at mark: Mark?) -> NodeDecodingError {
        NodeDecodingError(prefixed(path, "expected \(expected), got \(got)"), at: mark)
    }

    static func invalid(_ path: FieldPath, _ detail: String, at mark: Mark?) -> NodeDecodingError {
        NodeDecodingError(prefixed(path, detail), at: mark)
    }

    private static func prefixed(_ path: FieldPath, _ detail: String) -> String {
        path.isRoot ? detail : "\(path.rendered): \(detail)"
    }
}
