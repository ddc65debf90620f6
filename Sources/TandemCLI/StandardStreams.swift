import Glibc
import TandemOS

/// Writes of the short commands (validate, lint, convert, …) to standard output and error.
/// `FileHandle.write` traps on a failed write (a closed descriptor, or one the runtime reused
/// for its own epoll instance before `main`); these write with `write(2)` and let a failure
/// go, since the reader who would see it is gone. A reader that closed the pipe still ends
/// the command by SIGPIPE, as with every Unix filter (`tandem lint . | head`).
enum StandardStreams {
    static func writeOut(_ text: String) {
        _ = TerminalWriter.writeNow(text, to: STDOUT_FILENO)
    }

    static func writeErr(_ text: String) {
        _ = TerminalWriter.writeNow(text, to: STDERR_FILENO)
    }
}
