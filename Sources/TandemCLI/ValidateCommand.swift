import TandemAdoption
import ArgumentParser
import Foundation
import TandemAPI
import TandemManifest
import TandemValidation

/// `tandem validate FILE... [-o text|json]`: the API server's create-time validation of every object
/// in the files, worded as `kubectl apply` would report it. Exit 0 when all are valid, 2 otherwise.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check manifests as the Kubernetes API server would (v1.33 defaults), reporting every error."
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: "Manifest files or directories (YAML or JSON; several documents per file allowed; - is standard input).")
    var files: [String]

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "Read directories' subdirectories too.")
    var recursive = false

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    /// Every file is reported: one that cannot be read or decoded gets its lines on stderr (in
    /// the JSON's `loadErrors` with `-o json`) and the others are still validated; any such
    /// file, like any invalid object, exits 2.
    func run() throws {
        var items: [ValidationReport.Item] = []
        var loadErrors: [ManifestError] = []
        for (_, result) in ManifestSources.loadSkippingOtherKinds(paths: files, recursive: recursive) {
            switch result {
            case .failure(let error):
                if output == .text { StandardStreams.writeErr(LoadErrors.text([error])) }
                loadErrors.append(error)
            case .success(let (documents, skipped)):
                StandardStreams.writeErr(skipped.map { $0.note + "\n" }.joined())
                // Defaulted first, as the API server (and `tandem run`) does.
                items += documents.map { document in
                    var object = document.object
                    Defaulting.apply(to: &object)
                    return ValidationReport.Item(file: document.file, kind: object.kind,
                                                 name: object.name ?? "", errors: object.validationErrors)
                }
            }
        }
        let report = ValidationReport(items: items)
        if output == .json {
            StandardStreams.writeOut(LoadErrors.adding(loadErrors, to: report.json()))
        } else if !items.isEmpty || loadErrors.isEmpty {
            StandardStreams.writeOut(report.text())
        }
        if !loadErrors.isEmpty { throw ExitCode(2) }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

extension SkippedObject {
    /// The line `run`, `validate` and `resources` print on standard error for an object they
    /// pass over (`kubectl`'s `Kind/name` spelling): `tandem: note: app.yaml:20: skipped Service/web: not a workload`.
    var note: String {
        "tandem: note: \(GoQuoting.printable(file)):\(line): skipped \(GoQuoting.printable(kind))/\(GoQuoting.printable(name ?? "")): "
            + "not a workload"
    }
}
