import ArgumentParser
import Foundation
import TandemAPI
import TandemManifest
import TandemOS

/// The `tandem` command: a kubelet you can run anywhere, plus tools for adopting native sidecars.
public struct TandemCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Run Pods and Jobs with the kubelet's native-sidecar semantics, and check manifests.",
        version: TandemVersion.text,
        subcommands: [RunCommand.self, ValidateCommand.self, ResourcesCommand.self, LintCommand.self, ConvertCommand.self,
                      InjectCommand.self, WebhookCommand.self, FeatureCheckCommand.self, CheckAdmissionCommand.self,
                      LogsCommand.self, DescribeCommand.self, VersionCommand.self, TimelineCommand.self, SimulateCommand.self]
    )

    public init() {}
}

/// Entry point of the executable. A command line ArgumentParser rejects (unknown option, bad
/// `-o` value, missing argument) is bad input like any other: one `tandem: …` line and exit 2,
/// not ArgumentParser's usage block and exit 64.
/// Every message (they echo the user's arguments) is made terminal-safe.
/// Turns this process into a pod's pause init when tandem re-executed itself as one
/// (`PauseProcess`); call first thing in `main`, while the process has one thread.
public func runPauseProcessIfRequested() {
    PauseProcess.runIfRequested()
}

public func tandemMain() async {
    // Every command, not only `run`: a closed stdout/stderr (`tandem validate x.yaml 2>&-`)
    // must read as /dev/null, not crash the first write or hand its number to a file.
    ensureStandardDescriptorsOpen()
    // No command at all is a usage error (EX_USAGE), answered with the help.
    if CommandLine.arguments.count <= 1 {
        StandardStreams.writeErr(TandemCommand.helpMessage() + "\n")
        exit(64)
    }
    if let unknown = unknownCommandMessage(Array(CommandLine.arguments.dropFirst())) {
        StandardStreams.writeErr("tandem: \(unknown) (see tandem --help)\n")
        exit(2)
    }
    do {
        var command = try TandemCommand.parseAsRoot()
        if var asyncCommand = command as? AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    } catch {
        let code = TandemCommand.exitCode(for: error)
        if code == .validationFailure {
            let message = TandemCommand.message(for: error)
                .goSplit("\n").first ?? "invalid command line"
            StandardStreams.writeErr("tandem: \(GoQuoting.printable(message)) (see \(helpCommand(CommandLine.arguments)))\n")
            exit(2)
        }
        let message = TandemCommand.fullMessage(for: error)
        if !message.isEmpty {
            let safe = message.goSplit("\n").map(GoQuoting.printable).joined(separator: "\n")
            if code == .success { StandardStreams.writeOut(safe + "\n") } else { StandardStreams.writeErr(safe + "\n") }
        }
        exit(code.rawValue)
    }
}

/// The help that answers a rejected command line: `tandem lint --help` for a lint option, as
/// kubectl points at `kubectl apply --help`; `tandem --help` when no subcommand was named.
func helpCommand(_ arguments: [String]) -> String {
    let names = Set(TandemCommand.configuration.subcommands.compactMap { $0.configuration.commandName })
    if let first = arguments.dropFirst().first, names.contains(first) {
        return "tandem \(first) --help"
    }
    return "tandem --help"
}

/// cobra's answer to a first argument that names no command (`unknown command "valdate" for
/// "kubectl"` and its `Did you mean this?`), in one line: nil when the first argument is an
/// option or a command. Suggested are the commands within two edits (case ignored) and those
/// it begins (cobra's `SuggestionsFor` with `SuggestionsMinimumDistance` 2).
func unknownCommandMessage(_ arguments: [String]) -> String? {
    guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
    let names = TandemCommand.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    guard !names.contains(first) else { return nil }
    let typed = first.lowercased()
    let suggestions = names.filter { name in
        name != "help" && (FieldSuggestion.editDistance(Array(typed.unicodeScalars), Array(name.lowercased().unicodeScalars),
                                                        swaps: false) <= 2
                           || name.lowercased().hasPrefix(typed))
    }
    var message = "unknown command \(GoQuoting.quote(first)) for \"tandem\""
    if !suggestions.isEmpty {
        message += "; did you mean this? " + suggestions.joined(separator: ", ")
    }
    return message
}
