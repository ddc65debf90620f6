import ArgumentParser
import Foundation
import TandemAPI
import TandemAdoption
import TandemManifest

/// `tandem inject FILE... --sidecar SIDECAR.yaml [--mode native|universal] [--after NAME]
/// [--replace] [-o yaml|jsonpatch]`: adds a sidecar to every Pod and workload pod template in
/// the files (other kinds pass through). Exit 0, or 2 with one line on any bad input.
struct InjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inject",
        abstract: "Add a sidecar to Pods and workload pod templates, as a native sidecar or universally.",
        discussion: """
            -o yaml prints every document again (keys in their order; quoting may differ and \
            comments are dropped); -o jsonpatch prints one RFC 6902 patch (JSON) per document, \
            one per line, [] for documents left alone. A file name - reads standard input.
            """
    )

    @Argument(help: "Manifest files or directories (YAML or JSON; several documents per file); - reads standard input.")
    var paths: [String] = []

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "Read directories' subdirectories too.")
    var recursive = false

    @Option(name: .customLong("sidecar"), help: "The sidecar: a Container, or {container:, volumes:, universal:} (YAML or JSON).")
    var sidecar: String?

    @Option(name: .customLong("mode"), help: "native (restartable init container) or universal (also runs where native sidecars are off).")
    var mode: Mode = .native

    /// `--mode` values (`InjectionMode`'s, parsed, listed in `--help` and rejected like every
    /// other enumerated option).
    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case native
        case universal
    }

    @Option(name: .customLong("after"), help: "Put the sidecar right after this init container (default: first).")
    var after: String?

    @Flag(name: .customLong("replace"), help: "Replace an existing container or volume of the same name.")
    var replace = false

    /// `-o` values.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case yaml
        case jsonpatch
    }

    @Option(name: .shortAndLong, help: "Output format: yaml or jsonpatch.")
    var output: OutputFormat = .yaml

    /// A command line without its required parts is rejected as such: one line naming the help.
    func validate() throws {
        if sidecar == nil { throw ValidationError("--sidecar FILE is required") }
        if paths.isEmpty { throw ValidationError("no manifest files given") }
    }

    func run() throws {
        guard let sidecar else { throw fail("--sidecar FILE is required") }
        // Directories stand for their manifest files, as for every command that reads manifests.
        var files: [String] = []
        for entry in ManifestSources.expand(paths: paths, recursive: recursive) {
            switch entry {
            case .file(let path): files.append(path)
            case .problem(let error): throw fail(error.description)
            }
        }
        guard files.filter({ $0 == "-" }).count + (sidecar == "-" ? 1 : 0) <= 1 else {
            throw fail("standard input (-) can be read only once")
        }
        let injector: SidecarInjector
        do {
            injector = SidecarInjector(sidecar: try SidecarDefinition.load(path: sidecar), mode: mode == .native ? .native : .universal, after: after, replace: replace)
        } catch {
            throw fail(GoQuoting.printable(error.message))
        }
        var documents: [RawValue] = []
        var patches: [String] = []
        var notes: [String] = []
        // Every file is loaded before anything is injected, so one run reports every file's problems.
        var inputs: [(file: String, documents: [RawValue])] = []
        var problems: [String] = []
        for file in files {
            do {
                inputs.append((file, try RawManifest.load(path: file)))
            } catch {
                problems += error.lines
            }
        }
        if !problems.isEmpty { throw fail(problems.joined(separator: "\n")) }
        for (file, loaded) in inputs {
            let name = file == "-" ? "<stdin>" : file
            for document in loaded {
                do {
                    let result = try injector.patch(document: document.json)
                    var patched = document
                    for operation in result.operations { patched = try operation.apply(to: patched) }
                    documents.append(patched)
                    patches.append(JSONPatchOperation.json(result.operations))
                    notes += result.notes.map { "tandem: note: \(GoQuoting.printable(name)): \(GoQuoting.printable($0))" }
                } catch let error as InjectionError {
                    throw fail("\(GoQuoting.printable(name)): \(GoQuoting.printable(error.message))")
                } catch {
                    throw fail("\(GoQuoting.printable(name)): \(GoQuoting.printable("\(error)"))")
                }
            }
        }
        let text = output == .yaml ? RawManifest.yaml(documents) : patches.map { $0 + "\n" }.joined()
        StandardStreams.writeOut(text)
        if !notes.isEmpty {
            StandardStreams.writeErr((notes.joined(separator: "\n") + "\n"))
        }
    }

    private func fail(_ message: String) -> ExitCode {
        // A manifest's problems come one per line: each gets the prefix.
        StandardStreams.writeErr(message.goSplit("\n").filter { !$0.isEmpty }.map { "tandem: \($0)\n" }.joined())
        return ExitCode(2)
    }
}
