import ArgumentParser
import Foundation
import TandemAPI
import TandemAdoption
import TandemManifest

/// `tandem convert FILE... [--sidecar NAME]... [-o yaml|diff] [--in-place]`: turns legacy sidecars
/// (helpers in `containers`) into native sidecars (`initContainers` with `restartPolicy: Always`),
/// editing the YAML text so everything else stays as written. The report (every change, every
/// hack left alone) goes to standard error; exit 0, or 2 for unusable input.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Turn legacy sidecars into native sidecars (initContainers with restartPolicy: Always).",
        discussion: """
            Without --sidecar, converts the containers `tandem lint` recognises as legacy sidecars. \
            Wait loops that a sidecar's port makes clear become its startupProbe and leave the main's \
            script; sleeping preStop hooks of converted sidecars are dropped. Comments, key order and \
            quoting are kept; flow-style and JSON documents are re-emitted whole.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case yaml
        case diff
    }

    @Argument(help: "Manifest files or directories (YAML or JSON, several documents per file allowed); - reads standard input.")
    var paths: [String]

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "Read directories' subdirectories too.")
    var recursive = false

    @Option(name: .customLong("sidecar"), help: "Name of a container to convert (repeatable); default: the recognised legacy sidecars.")
    var sidecars: [String] = []

    @Option(name: .shortAndLong, help: "Output: yaml (the converted manifests) or diff (a unified diff).")
    var output: OutputFormat?

    @Flag(name: .customLong("in-place"), help: "Rewrite the files (atomically, only those that change).")
    var inPlace = false

    func run() throws {
        // Directories stand for their manifest files, as for every command that reads manifests.
        let files = ManifestSources.expand(paths: paths, recursive: recursive).map { entry -> String in
            switch entry {
            case .file(let path): return path
            case .problem(let error): fail(error.description)
            }
        }
        if inPlace, files.contains("-") {
            fail("--in-place cannot rewrite standard input")
        }
        if files.filter({ $0 == "-" }).count > 1 {
            fail(ManifestSources.standardInputTwice.description)
        }
        var results: [(file: String, input: String, result: ManifestConverter.Result)] = []
        var found = Set<String>()
        var problems: [String] = []
        // Every file is read and converted before failing, so one run reports every file's problems.
        for file in files {
            // Checked before reading: reading a FIFO empties it, and the rename would put a
            // regular file in the place of a FIFO or a device.
            if inPlace, let kind = Self.notRegular(file) {
                problems.append("\(GoQuoting.printable(file)): cannot rewrite in place: \(kind), not a regular file")
                continue
            }
            do throws(ManifestError) {
                let input = try ManifestSources.read(path: file)
                let result = try ManifestConverter.convert(text: input, file: file == "-" ? "<stdin>" : file,
                                                           sidecars: sidecars, detect: Self.detect)
                found.formUnion(result.namesFound)
                results.append((file, input, result))
            } catch {
                problems += error.lines
            }
        }
        if !problems.isEmpty { fail(problems.joined(separator: "\n")) }
        if let missing = sidecars.first(where: { !found.contains($0) }) {
            fail("no container named \(GoQuoting.quote(missing)) in \(files.map(GoQuoting.printable).joined(separator: ", "))")
        }
        let notes = results.flatMap(\.result.notes)
        if !notes.isEmpty {
            StandardStreams.writeErr(notes.map { GoQuoting.printable($0) + "\n" }.joined())
        }
        var out = ""
        for (file, input, result) in results {
            switch output ?? (inPlace ? nil : .yaml) {
            case .yaml?:
                if !out.isEmpty, !out.hasSuffix("\n") { out += "\n" }
                if !out.isEmpty, !result.output.hasPrefix("---") { out += "---\n" }
                out += result.output
            case .diff?:
                let name = file == "-" ? "<stdin>" : file
                out += UnifiedDiff.make(old: input, new: result.output, oldName: "a/\(name)", newName: "b/\(name)")
            case nil:
                break
            }
            if inPlace, result.changed {
                do {
                    try Self.writeAtomically(result.output, to: file)
                } catch {
                    fail("\(GoQuoting.printable(file)): cannot write: \(GoQuoting.printable("\(error)"))")
                }
            }
        }
        StandardStreams.writeOut(out)
    }

    /// The legacy sidecars `tandem lint` reports, when no names are given.
    static let detect: ManifestConverter.Detector = { spec, podAnnotations, runsToCompletion in
        LegacySidecars.find(in: spec, podAnnotations: podAnnotations, isJob: runsToCompletion).map(\.index)
    }

    private func fail(_ message: String) -> Never {
        // A manifest's problems come one per line: each gets the prefix.
        StandardStreams.writeErr(message.goSplit("\n").filter { !$0.isEmpty }.map { "tandem: \($0)\n" }.joined())
        Foundation.exit(2)
    }

    /// What `path` is when it exists and is neither a regular file nor a directory (links
    /// followed): `--in-place` refuses it.
    static func notRegular(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return nil
        }
    }

    /// Writes next to the file and renames over it, keeping its permissions (and its owner,
    /// where tandem may set it), so a reader never sees half a manifest and a failure leaves
    /// the original. A symbolic link is followed: its target is rewritten and the link stays.
    static func writeAtomically(_ text: String, to path: String) throws {
        var resolved = path
        if let real = realpath(path, nil) {
            resolved = String(cString: real)
            free(real)
        }
        let url = URL(fileURLWithPath: resolved)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tandem-\(UUID().uuidString.prefix(8))")
        var status = stat()
        let known = stat(resolved, &status) == 0
        var attributes: [FileAttributeKey: Any] = [:]
        if known { attributes[.posixPermissions] = Int(status.st_mode & 0o7777) }
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8), attributes: attributes) else {
            throw CocoaError(.fileWriteUnknown)
        }
        if known { _ = chown(temporary.path, status.st_uid, status.st_gid) }
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}
