import Foundation

/// `tandem lint -o sarif`: a SARIF 2.1.0 log (OASIS) with one run, the rule catalogue as
/// `tool.driver.rules` (descriptions, help text and markdown, default level) and one result per finding
/// with its physical location (file, line, column) and the object/field as a logical location — the shape
/// GitHub code scanning reads.
public struct LintSARIFReport {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    struct Log: Encodable {
        var schema = LintSARIFReport.schemaURI
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version
            case runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var columnKind = "unicodeCodePoints"
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name = "tandem-lint"
        var rules: [Rule]
    }

    struct Text: Encodable { var text: String }

    struct Help: Encodable {
        var text: String
        var markdown: String
    }

    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var help: Help
        var defaultConfiguration: Configuration
    }

    struct Configuration: Encodable { var level: String }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Text
        var locations: [Location]
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var logicalLocations: [LogicalLocation]
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable { var uri: String }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    struct LogicalLocation: Encodable {
        var fullyQualifiedName: String
        var kind = "member"
    }

    public var findings: [LintFinding]

    public init(findings: [LintFinding]) {
        self.findings = findings
    }

    /// SARIF levels: error, warning, note.
    static func level(_ severity: LintSeverity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// A relative path as a URI reference (percent-encoded, `/` kept); `<stdin>` as `stdin`.
    static func uri(_ file: String) -> String {
        let path = file == "<stdin>" ? "stdin" : (file.hasPrefix("./") ? String(file.dropFirst(2)) : file)
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    public func render() -> String {
        let catalogue = LintRules.all
        let index = Dictionary(uniqueKeysWithValues: catalogue.enumerated().map { ($0.element.id, $0.offset) })
        let rules = catalogue.map { rule in
            Rule(id: rule.id, name: Self.pascalCase(rule.id), shortDescription: Text(text: rule.what),
                 fullDescription: Text(text: "\(rule.what) \(rule.why)"),
                 help: Help(text: "\(rule.why) Fix: \(rule.fix)", markdown: "\(rule.why)\n\n**Fix:** \(rule.fix)"),
                 defaultConfiguration: Configuration(level: Self.level(rule.severity)))
        }
        let results = findings.map { finding in
            Result(ruleId: finding.ruleID, ruleIndex: index[finding.ruleID] ?? 0, level: Self.level(finding.severity),
                   message: Text(text: "\(finding.object.description): \(finding.message). Fix: \(finding.fix)"),
                   locations: [Location(
                    physicalLocation: PhysicalLocation(
                        artifactLocation: ArtifactLocation(uri: Self.uri(finding.file)),
                        region: Region(startLine: finding.line, startColumn: finding.column)),
                    logicalLocations: [LogicalLocation(fullyQualifiedName: "\(finding.object.description)/\(finding.path)")])])
        }
        return LintJSON.encode(Log(runs: [Run(tool: Tool(driver: Driver(rules: rules)), results: results)]))
    }

    /// `legacy-sidecar` → `LegacySidecar`.
    static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
