import ArgumentParser

/// `tandem resources` (stub: replaced by its implementation).
struct ResourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resources", abstract: "Not implemented yet.")

    func run() async throws {
        throw ExitCode(3)
    }
}
