import TandemAPI

/// Why a sidecar could not be injected into one pod spec (the CLI prints it and exits 2; the
/// webhook turns it into an AdmissionReview warning). `message` is one line, user strings quoted
/// Go-style (`GoQuoting`).
public struct InjectionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    static func quoted(_ text: String) -> String { GoQuoting.quote(text) }
}
