#if canImport(Glibc)
import Glibc
#endif

/// Signal delivery to children and their process groups. A process that is
/// already gone (ESRCH) is not an error: stopping something that stopped by
/// itself is the normal race of supervision.
public enum Signals {
    /// `kill(-group, signal)`. Returns false when the group no longer exists.
    @discardableResult
    public static func send(_ signal: Int32, toGroup group: Int32) throws(OSError) -> Bool {
        // kill(-1) or kill(0) would hit far more than one group.
        guard group > 1 else { throw OSError("kill -\(signal) -\(group)", errno: EINVAL) }
        return try deliver(signal, to: -group, describing: "kill -\(signal) -\(group)")
    }

    /// `kill(pid, signal)`. Returns false when the process no longer exists.
    @discardableResult
    public static func send(_ signal: Int32, to pid: Int32) throws(OSError) -> Bool {
        guard pid > 0 else { throw OSError("kill -\(signal) \(pid)", errno: EINVAL) }
        return try deliver(signal, to: pid, describing: "kill -\(signal) \(pid)")
    }

    /// Ignores SIGPIPE in this process, so a write to a pipe or socket whose reader is gone
    /// fails with EPIPE instead of killing tandem (`tandem run | head -3`, a probe peer that
    /// closed). Children are unaffected: the spawn shim resets every disposition to default.
    public static func ignoreBrokenPipe() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    private static func deliver(_ signal: Int32, to target: Int32, describing operation: String) throws(OSError) -> Bool {
        if kill(target, signal) == 0 { return true }
        let code = errno
        if code == ESRCH { return false }
        throw OSError(operation, errno: code)
    }
}
