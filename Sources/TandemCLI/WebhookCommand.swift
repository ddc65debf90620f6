import ArgumentParser
import Foundation
import TandemOS

/// `tandem webhook …`: the mutating admission webhook. It runs in the companion executable `tandem-webhook`
/// (built from module TandemWebhook, next to tandem), which this command execs with the same arguments, so
/// tandem's own start-up never loads the HTTP/TLS stack (see bench/README.md for the measurement).
struct WebhookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Serve a mutating admission webhook that injects a sidecar into pods (runs tandem-webhook).",
        shouldDisplay: true,
        // tandem-webhook prints its own help; `tandem webhook --help` must reach it.
        helpNames: [])

    @Argument(parsing: .captureForPassthrough, help: "Arguments of tandem-webhook (see tandem webhook --help).")
    var arguments: [String] = []

    func run() throws {
        guard let companion = ExecReplacement.companion(named: "tandem-webhook") else {
            FileHandle.standardError.write(Data("tandem: webhook: tandem-webhook not found next to the tandem executable\n".utf8))
            throw ExitCode(2)
        }
        let error = ExecReplacement.exec(companion, argv0: "tandem-webhook", arguments: arguments)
        FileHandle.standardError.write(Data("tandem: webhook: \(error)\n".utf8))
        throw ExitCode(2)
    }
}
