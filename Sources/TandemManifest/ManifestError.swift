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
