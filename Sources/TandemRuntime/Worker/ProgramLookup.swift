import Glibc

/// Finds a program named without `/` on the `PATH` of an environment (`K=V` list), falling back
/// to tandem's own `PATH`; a name with `/` is used as it is. Returns the name unchanged when
/// nothing is found, so exec reports the error with the name the user wrote.
func resolveProgram(_ name: String, environment: [String]) -> String {
    if name.contains("/") { return name }
    let path = environment.last(where: { $0.hasPrefix("PATH=") }).map { String($0.dropFirst(5)) }
        ?? getenv("PATH").map { String(cString: $0) }
        ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
        let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + name
        if access(candidate, X_OK) == 0 {
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { return candidate }
        }
    }
    return name
}

/// The number of a signal named as in `lifecycle.stopSignal` (`SIGTERM`, `SIGQUIT`, …).
func signalNumber(_ name: String) -> Int32? {
    let table: [String: Int32] = [
        "SIGHUP": SIGHUP, "SIGINT": SIGINT, "SIGQUIT": SIGQUIT, "SIGKILL": SIGKILL, "SIGUSR1": SIGUSR1,
        "SIGUSR2": SIGUSR2, "SIGTERM": SIGTERM, "SIGSTOP": SIGSTOP, "SIGWINCH": SIGWINCH,
    ]
    return table[name.hasPrefix("SIG") ? name : "SIG" + name]
}
