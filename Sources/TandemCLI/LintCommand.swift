import ArgumentParser
import Foundation
import TandemAPI
import TandemAdoption
import TandemManifest

/// `tandem lint FILE|DIR|- ...`: what goes wrong when moving to native sidecars, found in the manifests.
/// Exit 0 when no finding is at or above `--fail-on`, 1 when one is, 2 on unusable input.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Find sidecar mistakes in Pods and workloads: legacy sidecars, start-up and shutdown hacks, budgets, resources, probes."
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
        case sarif
        case markdown
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error
        case warning
        case info
        case none
    }

    @Argument(help: "Manifest files or directories (their .yaml, .yml and .json files); - reads standard input.")
    var inputs: [String] = []

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "Read directories' subdirectories too.")
    var recursive = false

    @Option(name: .shortAndLong, help: "Output format: text, json or sarif (markdown with --list-rules).")
    var output: OutputFormat = .text

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding has this severity or a higher one: error, warning, info or none.")
    var failOn: FailOn = .warning

    @Option(help: "Configuration file (default: .tandem-lint.yaml in the current directory, if present).")
    var config: String?

    @Option(name: .customLong("kubernetes-version"), help: "The Kubernetes version the manifests are for, e.g. 1.29 (default 1.33).")
    var kubernetesVersion: String?

    @Flag(name: .customLong("list-rules"), help: "List the rules (-o markdown for the README table) and exit.")
    var listRules = false

    /// A command line without its required parts is rejected as such: one line naming the help
    /// (`tandem: lint: give at least one FILE, DIR or - (see tandem lint --help)`, exit 2).
    func validate() throws {
        guard !listRules else { return }
        if inputs.isEmpty { throw ValidationError("lint: give at least one FILE, DIR or -") }
        if output == .markdown { throw ValidationError("lint: -o markdown is only for --list-rules") }
    }

    func run() throws {
        if listRules {
            write(output == .markdown ? LintRuleTable.markdown() : LintRuleTable.text())
            return
        }
        if let kubernetesVersion, LintConfiguration.minor(of: kubernetesVersion) == nil {
            throw fail("lint: --kubernetes-version \(quoted(kubernetesVersion)) is not a Kubernetes version like 1.29")
        }
        var configuration: LintConfiguration
        do {
            configuration = try LintConfigFile.load(explicit: config)
        } catch {
            throw fail("\(error)")
        }
        if let kubernetesVersion, let minor = LintConfiguration.minor(of: kubernetesVersion) {
            configuration.kubernetesMinor = minor
        }
        let linter = Linter(configuration: configuration)
        var findings: [LintFinding] = []
        var loadErrors: [ManifestError] = []
        // Every input is read, so that one run reports every file's problems.
        for entry in ManifestSources.expand(paths: inputs, recursive: recursive) {
            do throws(ManifestError) {
                switch entry {
                case .problem(let error): throw error
                case .file(let file):
                    let text = try ManifestSources.read(path: file)
                    findings += try linter.lint(text: text, file: file == "-" ? "<stdin>" : file)
                }
            } catch {
                loadErrors.append(error)
            }
        }
        if !loadErrors.isEmpty {
            StandardStreams.writeErr(output == .json ? "" : LoadErrors.text(loadErrors))
            if output == .json { write(LoadErrors.jsonDocument(loadErrors)) }
            throw ExitCode(2)
        }
        switch output {
        case .text:
            let colour = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            write(LintTextReport(findings: findings, colour: colour).render())
        case .json:
            write(LintJSONReport(findings: findings).render())
        case .sarif, .markdown:
            write(LintSARIFReport(findings: findings).render())
        }
        let threshold: LintSeverity? = switch failOn {
        case .error: .error
        case .warning: .warning
        case .info: .info
        case .none: nil
        }
        if let threshold, findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(1) }
    }

    private func write(_ text: String) {
        StandardStreams.writeOut(text)
    }

    /// Unusable input: one line on standard error, exit 2.
    private func fail(_ line: String) -> ExitCode {
        StandardStreams.writeErr("tandem: \(line)\n")
        return ExitCode(2)
    }
}

private func quoted(_ text: String) -> String { GoQuoting.quote(text) }
