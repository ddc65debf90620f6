import TandemAdoption
import ArgumentParser
import Foundation
import TandemAPI
import TandemManifest
import TandemValidation

/// `tandem resources`: the effective requests and limits the scheduler and kubelet would use for
/// each pod in the manifests, native sidecars and init containers accounted for.
struct ResourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resources",
        abstract: "Show the effective resource requests and limits of pods, sidecars included.",
        discussion: """
            Computes Kubernetes' PodRequests/PodLimits for every Pod and workload pod template: \
            regular init containers run one at a time next to the sidecars declared before them, \
            sidecars run next to the regular containers; the pod needs the largest of those sums. \
            Pod-level spec.resources replace the sum for cpu, memory and hugepages-*, and \
            spec.overhead is added. Exits 2 when a file cannot be read or decoded.
            """
    )

    /// `-o` values.
    enum Output: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    @Flag(name: .customLong("exclude-overhead"), help: "Do not add spec.overhead.")
    var excludeOverhead = false

    @Flag(name: .customLong("skip-pod-level-resources"), help: "Ignore pod-level spec.resources.")
    var skipPodLevelResources = false

    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: table or json.")
    var output: Output = .table

    @Argument(help: "Manifest files or directories (YAML or JSON; several documents per file; - is standard input).")
    var files: [String]

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "Read directories' subdirectories too.")
    var recursive = false

    func run() async throws {
        let options = ResourceOptions(excludeOverhead: excludeOverhead, skipPodLevelResources: skipPodLevelResources)
        switch Self.report(files: files, recursive: recursive, options: options) {
        case .success(let (report, warnings)):
            if !warnings.isEmpty {
                StandardStreams.writeErr((warnings.joined(separator: "\n") + "\n"))
            }
            let format: ResourcesReport.OutputFormat = output == .json ? .json : .table
            StandardStreams.writeOut(report.rendered(as: format))
        case .failure(let problem):
            if output == .json {
                StandardStreams.writeOut(LoadErrors.jsonDocument(problem.errors))
            } else {
                StandardStreams.writeErr(LoadErrors.text(problem.errors))
            }
            throw ExitCode(2)
        }
    }

    /// Why no report is printed: every problem of every bad file.
    struct Problem: Error, Equatable {
        var errors: [ManifestError]

        /// One `tandem: <file>: <problem>` line per problem.
        var lines: [String] { errors.flatMap(\.lines).map { "tandem: " + $0 } }
    }

    /// Loads every file, defaults each pod spec as the API server would, and computes the
    /// report; any unreadable, undecodable or empty file fails the whole command.
    static func report(
        files: [String], recursive: Bool = false, options: ResourceOptions
    ) -> Result<(ResourcesReport, [String]), Problem> {
        var warnings: [String] = []
        var items: [ResourcesReport.Item] = []
        var errors: [ManifestError] = []
        for (file, result) in ManifestSources.loadSkippingOtherKinds(paths: files, recursive: recursive) {
            let documents: [ManifestDocument]
            switch result {
            case .failure(let error):
                errors.append(error)
                continue
            case .success(let loaded):
                documents = loaded.documents
                warnings += loaded.skipped.map(\.note)
            }
            for document in documents {
                let object = document.object
                // Like the scheduler's helpers, compute for any object that decodes; an invalid
                // one only earns a warning.
                let errors = object.validationErrors
                if !errors.isEmpty {
                    let shown = GoQuoting.printable(file)
                    warnings.append("tandem: \(shown): warning: \(object.kind) \(GoQuoting.quote(object.name ?? "")) is invalid "
                        + "(\(errors.count) error\(errors.count == 1 ? "" : "s"); see `tandem validate \(shown)`)")
                }
                var spec = object.podSpecLocation?.spec
                if var present = spec {
                    Defaulting.apply(to: &present)
                    spec = present
                }
                items.append(ResourcesReport.Item(kind: object.kind, name: object.name, spec: spec, options: options))
            }
        }
        return errors.isEmpty ? .success((ResourcesReport(items: items), warnings)) : .failure(Problem(errors: errors))
    }
}
