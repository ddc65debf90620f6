import CTandemOS
#if canImport(Glibc)
import Glibc
#endif

/// Creates a pipe for a child's output: both ends close-on-exec (the spawn
/// shim dup2's the write end onto the child's stdout/stderr, which clears the
/// flag there only), the read end non-blocking for `Reactor.watchReadable`.
public func makePipe() throws(OSError) -> (read: Int32, write: Int32) {
    var fds: [Int32] = [-1, -1]
    guard tandem_pipe(&fds) == 0 else { throw OSError.current("pipe2") }
    guard setNonBlocking(fds[0]) else {
        let error = OSError.current("fcntl O_NONBLOCK")
        close(fds[0])
        close(fds[1])
        throw error
    }
    return (fds[0], fds[1])
}

/// Closes a descriptor this process owns (e.g. the parent's copy of a pipe's
/// write end after spawning). EINTR still closes on Linux, so it is not retried.
public func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}

func setNonBlocking(_ fd: Int32) -> Bool {
    let flags = fcntl(fd, F_GETFL)
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0
}

/// Opens /dev/null on whichever of descriptors 0, 1 and 2 is closed (`tandem run >&-`), so
/// that no descriptor tandem opens later (a log file, a child's pipe, the reactor's eventfd)
/// becomes "standard output" and receives the terminal's lines.
public func ensureStandardDescriptorsOpen() {
    for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
        // open returns the lowest free descriptor: this one.
        _ = open("/dev/null", O_RDWR)
    }
}
