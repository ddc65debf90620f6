import TandemAPI

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

    /// The one line, safe for a terminal: the file name and the message pass through
    /// `GoQuoting.printable` (the message's quoted parts are already Go-escaped).
    public var description: String {
        let head = "\(GoQuoting.printable(file)): \(GoQuoting.printable(message))"
        switch (line, column) {
        case let (line?, column?): return "\(head) (line \(line), column \(column))"
        case let (line?, nil): return "\(head) (line \(line))"
        default: return head
        }
    }
}
