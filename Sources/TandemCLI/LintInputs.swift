import TandemManifest

/// Turns `tandem lint`'s arguments into files with `ManifestSources`, as every command does
/// (`-` is standard input, any readable stream is read); a directory stands for its manifest
/// files, and its subdirectories' too with `-R`, as in kubectl and the other commands.
enum LintInputs {
    static func expand(_ arguments: [String], recursive: Bool) throws(ManifestError) -> [String] {
        var files: [String] = []
        for entry in ManifestSources.expand(paths: arguments, recursive: recursive) {
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
