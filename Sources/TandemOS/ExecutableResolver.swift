#if canImport(Glibc)
import Glibc
#endif

/// The PATH the kubelet's runtimes use when a container sets none.
public let defaultExecutableSearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/// Finds the program `execvp` would run for `name`: a name containing `/` is
/// returned as is; otherwise each directory of `path` (the container's PATH,
/// `defaultExecutableSearchPath` when nil; an empty entry means the current
/// directory) is tried for an executable regular file. Nil when none matches.
public func resolveExecutable(_ name: String, path: String?) -> String? {
    if name.isEmpty { return nil }
    if name.contains("/") { return name }
    for directory in (path ?? defaultExecutableSearchPath).split(separator: ":", omittingEmptySubsequences: false) {
        let candidate = directory.isEmpty ? name : (directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)")
        var info = stat()
        guard stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}
