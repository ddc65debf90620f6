/// Runs one command to completion as a process of a container (exec probes and exec hooks).
///
/// The runtime implements it over TandemOS (spawned into the container's process group, with
/// its environment and working directory, killed with its whole group on timeout); the probe
/// and hook logic here only decides what to run and what the result means.
public protocol CommandRunner: Sendable {
    /// Runs `argv` (argv[0] already resolved to a path, see `ExecCommand.resolved`) and
    /// collects stdout and stderr together. With a `timeout`, the process group is killed when
    /// it expires and `timedOut` is set; nil means no timeout (exec hooks).
    func run(argv: [String], environment: [String], workingDirectory: String?, timeout: Duration?) async -> CommandResult
}

/// How a command run by a `CommandRunner` ended.
public struct CommandResult: Sendable, Equatable {
    /// The exit status, or nil when the process was killed by a signal or never started.
    public var exitCode: Int32?
    /// The signal that ended the process, if one did.
    public var signal: Int32?
    /// True when the runner killed the process because its timeout expired.
    public var timedOut: Bool
    /// Combined stdout and stderr; runners may stop collecting after `ExecOutput.limit` bytes.
    public var output: [UInt8]
    /// Why the process could not be started (exec failed, no such program), if it was not.
    public var spawnError: String?

    public init(exitCode: Int32? = nil, signal: Int32? = nil, timedOut: Bool = false,
                output: [UInt8] = [], spawnError: String? = nil) {
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.output = output
        self.spawnError = spawnError
    }

    /// The exit code a CRI runtime reports: the code, or 128 + signal.
    public var effectiveExitCode: Int32 {
        exitCode ?? (128 + (signal ?? 0))
    }
}

/// The kubelet's 10 KiB cap on exec and HTTP output (`maxReadLength` in `pkg/probe/exec`).
public enum ExecOutput {
    public static let limit = 10 * 1024

    /// The first `limit` bytes as text (the kubelet keeps the head of the output).
    public static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(limit), as: UTF8.self)
    }
}
