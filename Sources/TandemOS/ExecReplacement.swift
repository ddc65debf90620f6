#if canImport(Glibc)
import Glibc
#endif

/// Replaces the current process image, for commands that live in a companion executable (`tandem webhook`
/// runs `tandem-webhook`, which links NIO, so tandem itself never pays for it at start-up).
public enum ExecReplacement {
    /// The companion executable `name` in the directory of the running executable (`/proc/self/exe`, so
    /// symlinks to tandem still find it), or nil when it is not there.
    public static func companion(named name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let own = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = own.lastIndex(of: "/") else { return nil }
        let candidate = String(own[...slash]) + name
        return access(candidate, X_OK) == 0 ? candidate : nil
    }

    /// execv(path, [argv0] + arguments); returns only on failure, with the errno.
    public static func exec(_ path: String, argv0: String, arguments: [String]) -> OSError {
        let argv = ([argv0] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let error = OSError.current("exec \(path)")
        argv.forEach { free($0) }
        return error
    }
}
