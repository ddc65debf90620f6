import TandemAPI

/// Why a manifest could not be read or decoded: one line naming the file and the problem,
/// e.g. `pod.yaml: unknown field "spec.containers[0].comand" (line 10, column 7); did you mean "command"?`.
///
/// A file usually has more than one problem, and all are found in one pass: the first (in file
/// order) is this value's own `message`, `line` and `column`; the others follow in `following`.
/// `problems` lists them all, `lines` gives one printable line each, and `json` one object each.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var line: Int?
    public var column: Int?
    /// The field path of an unknown or duplicated field (`spec.containers[0].comand`).
    public var field: String?
    /// The known field the unknown one was probably meant to be (`command`).
    public var suggestion: String?
    /// The file's other problems found in the same pass, in file order after this one.
    public var following: [ManifestError] = []

    public init(file: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.message = message
        self.line = line
        self.column = column
    }

    init(_ error: NodeDecodingError, file: String) {
        self.init(file: file, message: error.message, line: error.line, column: error.column)
        field = error.field
        suggestion = error.suggestion
    }

    /// `errors` (at least one, in the order to report) as one error.
    public static func combining(_ errors: [ManifestError]) -> ManifestError {
        guard var first = errors.first else { return ManifestError(file: "", message: "no problem") }
        first.following = Array(errors.dropFirst())
        return first
    }

    /// By line and column; problems without a position after those with one.
    public static func fileOrder(_ lhs: ManifestError, _ rhs: ManifestError) -> Bool {
        (lhs.line ?? Int.max, lhs.column ?? 0) < (rhs.line ?? Int.max, rhs.column ?? 0)
    }

    /// Every problem, each on its own (`following` empty), in file order.
    public var problems: [ManifestError] {
        var head = self
        head.following = []
        return [head] + following.flatMap(\.problems)
    }

    /// One line per problem, safe for a terminal: the file name and the message pass through
    /// `GoQuoting.printable` (the message's quoted parts are already Go-escaped).
    public var lines: [String] {
        problems.map(\.line1)
    }

    /// The problems' lines, one per line.
    public var description: String {
        lines.joined(separator: "\n")
    }

    private var line1: String {
        var text = "\(GoQuoting.printable(file)): \(GoQuoting.printable(message))"
        switch (line, column) {
        case let (line?, column?): text += " (line \(line), column \(column))"
        case let (line?, nil): text += " (line \(line))"
        default: break
        }
        if let suggestion { text += "; did you mean \(GoQuoting.quote(suggestion))?" }
        return text
    }

    /// One JSON object per problem, the shape every command's `-o json` uses for files that
    /// could not be loaded (its `loadErrors` array):
    /// `{"file":…,"line":…,"column":…,"message":…,"field":…,"suggestion":…}`; `line`,
    /// `column`, `field` and `suggestion` are null when unknown.
    public var json: [String] {
        problems.map { problem in
            "{\"file\":\(JSONText.string(problem.file)),\"line\":\(problem.line.map(String.init) ?? "null"),"
                + "\"column\":\(problem.column.map(String.init) ?? "null"),\"message\":\(JSONText.string(problem.message)),"
                + "\"field\":\(problem.field.map(JSONText.string) ?? "null"),"
                + "\"suggestion\":\(problem.suggestion.map(JSONText.string) ?? "null")}"
        }
    }

    /// `"loadErrors":[…]`: the member the commands' JSON reports carry for `errors`.
    public static func jsonMember(_ errors: [ManifestError]) -> String {
        "\"loadErrors\":[\(errors.flatMap(\.json).joined(separator: ","))]"
    }
}
