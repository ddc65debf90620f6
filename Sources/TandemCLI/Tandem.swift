import ArgumentParser
import Foundation
import TandemAPI

/// The `tandem` command: a kubelet you can run anywhere, plus tools for adopting native sidecars.
public struct TandemCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Run Pods and Jobs with the kubelet's native-sidecar semantics, and check manifests.",
        subcommands: [RunCommand.self, ValidateCommand.self, ResourcesCommand.self]
    )

    public init() {}
}

/// Entry point of the executable. Parses and runs like `AsyncParsableCommand.main()`, except
/// that ArgumentParser's messages (which echo the user's arguments) are made terminal-safe.
public func tandemMain() async {
    do {
        var command = try TandemCommand.parseAsRoot()
        if var asyncCommand = command as? AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    } catch {
        let code = TandemCommand.exitCode(for: error)
        let message = TandemCommand.fullMessage(for: error)
        if !message.isEmpty {
            let safe = message.split(separator: "\n", omittingEmptySubsequences: false)
                .map { GoQuoting.printable(String($0)) }.joined(separator: "\n")
            let stream = code == .success ? FileHandle.standardOutput : FileHandle.standardError
            stream.write(Data((safe + "\n").utf8))
        }
        exit(code.rawValue)
    }
}
