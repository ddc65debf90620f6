/// How an exec probe or exec hook command ended, as a CRI `ExecSync` reports it: the pod
/// worker runs the command as a process of the container and fills this in; `ExecProber` and
/// `LifecycleHookRunner` read it with the kubelet's rules.
public struct CommandResult: Sendable, Equatable {
    /// The exit status, or nil when the process was killed by a signal or never started.
    public var exitCode: Int32?
    /// The signal that ended the process, if one did.
    public var signal: Int32?
    /// True when the process was killed because its timeout expired.
    public var timedOut: Bool
    /// What the command wrote on stdout and stderr (each capped by the runner).
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// Why the process could not be started (no such program, exec failed), if it was not.
    public var spawnError: String?

    public init(exitCode: Int32? = nil, signal: Int32? = nil, timedOut: Bool = false,
                stdout: [UInt8] = [], stderr: [UInt8] = [], spawnError: String? = nil) {
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.stdout = stdout
        self.stderr = stderr
        self.spawnError = spawnError
    }

    /// The exit code a CRI runtime reports: the code, or 128 + signal.
    public var effectiveExitCode: Int32 {
        exitCode ?? (128 + (signal ?? 0))
    }

    /// stdout then stderr, as the kubelet's `RunInContainer` joins them (not interleaved).
    public var output: [UInt8] { stdout + stderr }
}

/// The kubelet's 10 KiB cap on exec and HTTP output (`maxReadLength` in `pkg/probe/exec`).
public enum ExecOutput {
    public static let limit = 10 * 1024

    /// The first `limit` bytes as text (the kubelet keeps the head of the output).
    public static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(limit), as: UTF8.self)
    }
}
