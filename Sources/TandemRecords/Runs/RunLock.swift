import Glibc
import TandemOS

/// The lock a live run holds on `<run>/.lock` (flock, exclusive): pruning skips a run whose lock
/// is held, and the kernel drops it when the process dies, even by SIGKILL, so a crashed run
/// never stays "live".
public enum RunLock {
    public static let fileName = ".lock"

    /// Takes the lock of `directory` for this process; the descriptor must stay open as long as
    /// the run lives (close-on-exec, so containers never inherit it).
    public static func acquire(in directory: String) throws(OSError) -> Int32 {
        let path = directory + "/" + fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OSError("open \(path)", errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            throw OSError("flock \(path)", errno: code)
        }
        return descriptor
    }

    /// True while a process holds the lock of `directory`; false when none does or the
    /// directory has no lock file (a run of an older tandem, or one that never started).
    public static func isHeld(in directory: String) -> Bool {
        let descriptor = open(directory + "/" + fileName, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }
}
