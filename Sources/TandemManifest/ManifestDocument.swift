/// One document of a manifest file, decoded.
public struct ManifestDocument: Sendable, Equatable {
    /// The file it came from (as given on the command line), or `<stdin>`.
    public var file: String
    /// 0-based index of the document within the file.
    public var index: Int
    /// 1-based line where the document starts.
    public var line: Int
    public var object: ManifestObject

    public init(file: String, index: Int, line: Int, object: ManifestObject) {
        self.file = file
        self.index = index
        self.line = line
        self.object = object
    }
}

/// Why a manifest could not be read or decoded: one line naming the file and the problem,
/// e.g. `pod.yaml: unknown field "spec.containers[0].imagePullPolicyy" (line 10, column 5)`.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(file: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        switch (line, column) {
        case let (line?, column?): return "\(file): \(message) (line \(line), column \(column))"
        case let (line?, nil): return "\(file): \(message) (line \(line))"
        default: return "\(file): \(message)"
        }
    }
}
