import Foundation

/// `tandem lint -o json`: `{"findings": [...]}` with one object per finding (keys sorted, stable).
public struct LintJSONReport {
    struct Document: Encodable {
        var findings: [Finding]
    }

    struct Finding: Encodable {
        var rule: String
        var severity: String
        var object: Object
        var path: String
        var file: String
        var line: Int
        var column: Int
        var message: String
        var fix: String
    }

    struct Object: Encodable {
        var kind: String
        var namespace: String?
        var name: String
    }

    public var findings: [LintFinding]

    public init(findings: [LintFinding]) {
        self.findings = findings
    }

    public func render() -> String {
        let document = Document(findings: findings.map { finding in
            Finding(rule: finding.ruleID, severity: finding.severity.rawValue,
                    object: Object(kind: finding.object.kind, namespace: finding.object.namespace,
                                   name: finding.object.name),
                    path: finding.path, file: finding.file, line: finding.line, column: finding.column,
                    message: finding.message, fix: finding.fix)
        })
        return LintJSON.encode(document)
    }
}

/// Pretty, key-sorted JSON with a final newline, via Foundation's encoder.
enum LintJSON {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return "{}\n" }
        return text + "\n"
    }
}
