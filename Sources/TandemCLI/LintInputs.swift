import TandemManifest

/// Turns `tandem lint`'s arguments into files with `ManifestSources`, as every command does
/// (`-` is standard input, any readable stream is read); directories are walked recursively,
/// as linters in CI are pointed at a tree of manifests.
enum LintInputs {
    static func expand(_ arguments: [String]) throws(ManifestError) -> [String] {
        var files: [String] = []
        for entry in ManifestSources.expand(paths: arguments, recursive: true) {
            switch entry {
            case .file(let path): files.append(path)
            case .problem(let error): throw error
            }
        }
        return files
    }

    static func read(_ file: String) throws(ManifestError) -> String {
        try ManifestSources.read(path: file)
    }
}
