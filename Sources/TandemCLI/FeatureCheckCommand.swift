import ArgumentParser
import Foundation
import TandemAdoption
import TandemAPI
import TandemManifest

/// `tandem feature-check`: do native sidecars work on these API servers and nodes?
/// Exit 0 when they work on every component given, 1 when some lack them, 2 on bad input.
struct FeatureCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feature-check",
        abstract: "Check whether native sidecars work on API servers and nodes (SidecarContainers gate, versions).",
        discussion: """
            Reads the Prometheus metrics of API servers (kubectl get --raw /metrics) and of kubelets \
            (kubectl get --raw /api/v1/nodes/NAME/proxy/metrics, given as --metrics NAME=FILE), \
            and/or a node list (kubectl get nodes -o json). Exits 0 when native sidecars work on \
            every component given, 1 when some lack them, 2 on bad input.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Option(name: .customLong("metrics"), help: ArgumentHelp(
        "An API server's /metrics (FILE or -), or a kubelet's as NODE=FILE; repeatable.", valueName: "[NODE=]FILE"))
    var metrics: [String] = []

    @Option(name: .customLong("nodes"), help: ArgumentHelp("kubectl get nodes -o json output (FILE or -).", valueName: "FILE"))
    var nodes: String?

    @Option(name: .customLong("server-version"), help: "The API server's version when no API-server metrics are given (e.g. v1.30.2).")
    var serverVersion: String?

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    /// Nothing to check is a command line without its required parts: one line naming the help.
    func validate() throws {
        if metrics.isEmpty, nodes == nil, serverVersion == nil {
            throw ValidationError("feature-check: nothing to check: give --metrics, --nodes or --server-version")
        }
    }

    func run() throws {
        let report: FeatureCheckReport
        do {
            var stdinUsed = false
            var inputs: [FeatureCheck.MetricsInput] = []
            for argument in metrics {
                var node: String?
                var path = argument
                if let equals = argument.firstIndex(of: "="), !FileManager.default.fileExists(atPath: argument) {
                    node = String(argument[..<equals])
                    path = String(argument[argument.index(after: equals)...])
                    guard let name = node, !name.isEmpty, !path.isEmpty else {
                        throw FeatureCheck.InputError("--metrics \(GoQuoting.quote(argument)): expected FILE or NODE=FILE")
                    }
                }
                let (file, text) = try Self.read(path, stdinUsed: &stdinUsed)
                inputs.append(FeatureCheck.MetricsInput(node: node, file: file, text: text))
            }
            var nodeList: (file: String, documents: [JSONValue])?
            if let nodes {
                let (file, text) = try Self.read(nodes, stdinUsed: &stdinUsed)
                do {
                    nodeList = (file, try ManifestLoader.freeFormDocuments(text: text, file: file))
                } catch {
                    throw FeatureCheck.InputError(error.description)
                }
            }
            report = try FeatureCheck.check(metrics: inputs, nodeList: nodeList, serverVersion: serverVersion)
        } catch let error as FeatureCheck.InputError {
            StandardStreams.writeErr("tandem: feature-check: \(CLIText.oneLine(error.description))\n")
            throw ExitCode(2)
        }
        StandardStreams.writeOut((output == .json ? report.json() : report.text()))
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// The text of `path` (`-`: standard input, once), named as it will appear in messages.
    static func read(_ path: String, stdinUsed: inout Bool) throws -> (String, String) {
        if path == "-" {
            guard !stdinUsed else { throw FeatureCheck.InputError("-: standard input can be read only once") }
            stdinUsed = true
        }
        do {
            return (path == "-" ? "<stdin>" : path, try ManifestSources.read(path: path))
        } catch {
            throw FeatureCheck.InputError(error.description)
        }
    }
}
