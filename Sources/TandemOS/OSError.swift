import CTandemOS
#if canImport(Glibc)
import Glibc
#endif

/// A failed system call, saying which operation failed on what and why, e.g.
/// `epoll_create1 failed: Too many open files`. One error type for every
/// syscall of TandemOS except spawning, which has `SpawnError`.
public struct OSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was attempted, with its subject: `"pipe2"`, `"kill -15 -1234"`.
    public let operation: String
    /// The errno the kernel returned.
    public let errno: Int32

    public init(_ operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    /// Captures the calling thread's current errno.
    static func current(_ operation: String) -> OSError {
        OSError(operation, errno: Glibc.errno)
    }

    /// The system's words for `errno` (`strerror_r`): `No such file or directory`.
    public var reason: String { errorString(errno) }

    public var description: String { "\(operation) failed: \(reason)" }
}

/// strerror, without the static-buffer race of `strerror` itself.
func errorString(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 128)
    guard let message = tandem_strerror(code, &buffer, buffer.count) else { return "errno \(code)" }
    return String(cString: message)
}
