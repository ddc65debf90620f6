import TandemRuntime

/// A `CommandRunner` that records calls and answers with a fixed result.
final class FakeCommandRunner: CommandRunner, @unchecked Sendable {
    let result: CommandResult
    private(set) var calls: [(argv: [String], timeout: Duration?)] = []

    init(_ result: CommandResult) {
        self.result = result
    }

    func run(argv: [String], environment: [String], workingDirectory: String?, timeout: Duration?) async -> CommandResult {
        calls.append((argv, timeout))
        return result
    }
}
