import Glibc

/// Finds a program like `exec.LookPath`: names containing `/` are used as they are, others
/// are searched in the `PATH` of the given environment, falling back to tandem's own `PATH`.
public enum ProgramLookup {
    public static func find(_ program: String, environment: [String]) -> String? {
        if program.contains("/") { return program }
        let path = environment.last(where: { $0.hasPrefix("PATH=") }).map { String($0.dropFirst(5)) }
            ?? getenv("PATH").map { String(cString: $0) }
            ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let base = directory.isEmpty ? "." : String(directory)
            let candidate = base + "/" + program
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}

/// Why a container's or an exec handler's program could not be determined.
public struct CommandResolutionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
