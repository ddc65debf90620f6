import ArgumentParser

/// `tandem validate` (stub: replaced by its implementation).
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Not implemented yet.")

    func run() async throws {
        throw ExitCode(3)
    }
}
