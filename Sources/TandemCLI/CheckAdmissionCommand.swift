import ArgumentParser
import Foundation
import TandemAdoption
import TandemAPI
import TandemManifest

/// `tandem check-admission BEFORE AFTER`: which fields admission dropped or changed, and
/// which mutating webhook did it. Exit 0 when nothing was dropped or changed, 1 when
/// something was, 2 on bad input.
struct CheckAdmissionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-admission",
        abstract: "Name the fields admission dropped or changed (restartPolicy on init containers first) and the webhook that did it.",
        discussion: """
            BEFORE is the manifest you sent (a Pod or a workload); AFTER what came back \
            (kubectl create --dry-run=server -o yaml, or kubectl get pod -o yaml of a created pod). \
            --audit-log reads the API server's audit log (JSON lines) for the \
            patch.webhook.admission.k8s.io annotations of the pod's creation; --webhooks reads \
            kubectl get mutatingwebhookconfigurations -o yaml. Without AFTER (the API server \
            rejected the pod), the patches recorded in the audit log are replayed on BEFORE. \
            Exits 0 when admission kept every field, 1 when some were dropped or changed, 2 on bad input.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: "The manifest sent (YAML or JSON, one object).")
    var before: String

    @Argument(help: "What admission returned (YAML or JSON, one object); without it, --audit-log's patches are replayed on BEFORE.")
    var after: String?

    @Option(name: .customLong("audit-log"), help: ArgumentHelp("API server audit log (JSON lines).", valueName: "FILE"))
    var auditLog: String?

    @Option(name: .customLong("webhooks"), help: ArgumentHelp("kubectl get mutatingwebhookconfigurations -o yaml output.", valueName: "FILE"))
    var webhooks: String?

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let report: AdmissionReport
        do {
            var stdinUsed = false
            let documents: [ManifestDocument]
            do {
                documents = try ManifestLoader.load(path: before)
            } catch {
                throw AdmissionCheck.InputError(error.description)
            }
            if before == "-" { stdinUsed = true }
            guard documents.count == 1, let document = documents.first else {
                throw AdmissionCheck.InputError("\(before): expected one object, found \(documents.count)")
            }
            var afterInput: (file: String, documents: [JSONValue])?
            if let after {
                let (afterFile, afterText) = try Self.read(after, stdinUsed: &stdinUsed)
                afterInput = (afterFile, try Self.freeForm(afterText, file: afterFile))
            }
            var audit: (file: String, text: String)?
            if let auditLog { audit = try Self.read(auditLog, stdinUsed: &stdinUsed) }
            var configurations: (file: String, documents: [JSONValue])?
            if let webhooks {
                let (file, text) = try Self.read(webhooks, stdinUsed: &stdinUsed)
                configurations = (file, try Self.freeForm(text, file: file))
            }
            if let afterInput {
                report = try AdmissionCheck.check(before: document, after: afterInput.documents, afterFile: afterInput.file,
                                                  auditLog: audit, webhooks: configurations)
            } else if let audit {
                report = try AdmissionCheck.replay(before: document, auditLog: audit, webhooks: configurations)
            } else {
                throw AdmissionCheck.InputError("give AFTER (what admission returned) or --audit-log (to replay the webhooks' patches)")
            }
        } catch let error as AdmissionCheck.InputError {
            StandardStreams.writeErr("tandem: check-admission: \(CLIText.oneLine(error.description))\n")
            throw ExitCode(2)
        }
        StandardStreams.writeOut((output == .json ? report.json() : report.text()))
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    private static func freeForm(_ text: String, file: String) throws(AdmissionCheck.InputError) -> [JSONValue] {
        do {
            return try ManifestLoader.freeFormDocuments(text: text, file: file)
        } catch {
            throw AdmissionCheck.InputError(error.description)
        }
    }

    private static func read(_ path: String, stdinUsed: inout Bool) throws(AdmissionCheck.InputError) -> (String, String) {
        do {
            return try FeatureCheckCommand.read(path, stdinUsed: &stdinUsed)
        } catch let error as FeatureCheck.InputError {
            throw AdmissionCheck.InputError(error.description)
        } catch {
            throw AdmissionCheck.InputError("\(path): \(error)")
        }
    }
}
