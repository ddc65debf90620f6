import Yams

/// Why a document did not decode into its Kubernetes type: a complete one-line message
/// (it already names the field path) and where in the file it happened.
struct NodeDecodingError: Error {
    var message: String
    var line: Int?
    var column: Int?
    /// The field path of an unknown or duplicated field (`spec.containers[0].comand`).
    var field: String?
    /// A known field close to an unknown one (`command` for `comand`).
    var suggestion: String?
    /// The file's budget ran out: no later pass may run, so this ends the file's decoding
    /// instead of being collected with the others.
    var exhaustsFile = false

    init(_ message: String, at mark: Mark?) {
        self.message = message
        self.line = mark?.line
        self.column = mark?.column
    }

    static func unknownField(_ path: FieldPath, at mark: Mark?, suggestion: String? = nil) -> NodeDecodingError {
        let rendered = path.rendered
        var error = NodeDecodingError("unknown field \(quoted(rendered))", at: mark)
        error.field = rendered
        error.suggestion = suggestion
        return error
    }

    static func duplicateField(_ path: FieldPath, at mark: Mark?) -> NodeDecodingError {
        duplicateField(path.rendered, at: mark)
    }

    static func duplicateField(_ rendered: String, at mark: Mark?) -> NodeDecodingError {
        var error = NodeDecodingError("duplicate field \(quoted(rendered))", at: mark)
        error.field = rendered
        return error
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

/// Thrown out of a value whose problems are already in the file's `DecodingIssues`, so that
/// the field holding it is left out without the problem being reported twice.
struct RecordedDecodingProblems: Error {}
