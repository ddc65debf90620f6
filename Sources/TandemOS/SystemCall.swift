#if canImport(Glibc)
import Glibc
#endif

/// The one way TandemOS makes a system call that returns -1 and sets errno: retried while it
/// fails with EINTR (a signal handler of tandem's ran meanwhile), otherwise turned into an
/// `OSError` naming the operation (`open /var/log/x failed: Permission denied`, worded with
/// `strerror_r`). `close` is the exception: on Linux it must not be retried.
@inline(__always)
func systemCall<Result: BinaryInteger>(
    _ operation: @autoclosure () -> String, _ body: () -> Result
) throws(OSError) -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw OSError(operation(), errno: code)
    }
}
