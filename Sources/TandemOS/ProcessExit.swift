/// How a child process ended, as `waitid` reports it. The runtime maps it to a
/// container's exit code with `exitCode` (128 + signal for a killed process, as
/// the kubelet reports it).
public enum ProcessExit: Sendable, Equatable, CustomStringConvertible {
    /// The process called exit with this status (0...255).
    case exited(Int32)
    /// The process was killed by this signal.
    case signaled(Int32, coreDumped: Bool)

    /// The shell convention Kubernetes uses: the status, or 128 + signal.
    public var exitCode: Int32 {
        switch self {
        case .exited(let status): status
        case .signaled(let signal, _): 128 + signal
        }
    }

    /// The killing signal, if any.
    public var signal: Int32? {
        if case .signaled(let signal, _) = self { return signal }
        return nil
    }

    public var description: String {
        switch self {
        case .exited(let status): "exited with status \(status)"
        case .signaled(let signal, let core): "killed by signal \(signal)\(core ? " (core dumped)" : "")"
        }
    }
}
