import ArgumentParser
import Glibc

/// How `tandem run` tells the run on the terminal (`--output`).
enum OutputMode: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Container logs with coloured `name |` prefixes, a live status block redrawn at the bottom.
    case tty
    /// One line per lifecycle fact with its offset from launch, for CI logs and pipes.
    case plain
    /// Nothing but where the logs and events go (said once, at start).
    case quiet

    /// `--output` when given, `quiet` with `--quiet`, else `tty` when standard output is a terminal.
    static func resolve(_ requested: OutputMode?, quiet: Bool, isTerminal: Bool = isatty(STDOUT_FILENO) == 1) -> OutputMode {
        if quiet { return .quiet }
        return requested ?? (isTerminal ? .tty : .plain)
    }
}
