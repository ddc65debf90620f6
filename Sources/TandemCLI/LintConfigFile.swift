import Foundation
import TandemManifest
import TandemAPI
import TandemAdoption

/// `.tandem-lint.yaml` (or `--config FILE`): which rules run, their severities and the thresholds.
///
/// ```yaml
/// disable: [sidecar-without-memory-limit]
/// severity:
///   legacy-sidecar: error
/// thresholds:
///   startupBudgetSeconds: 60     # startup-budget
///   assumedExitSeconds: 2        # termination-budget: SIGTERM → exit
///   assumedHookSeconds: 1        # hooks that are not a plain sleep
/// kubernetesVersion: "1.29"
/// ```
/// Unknown keys, rule IDs and severities are errors, so a typo never silently disables nothing.
enum LintConfigFile {
    static let defaultName = ".tandem-lint.yaml"

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func load(explicit: String?) throws -> LintConfiguration {
        let path: String
        if let explicit {
            path = explicit
        } else if FileManager.default.fileExists(atPath: defaultName) {
            path = defaultName
        } else {
            return LintConfiguration()
        }
        let documents: [JSONValue]
        do {
            // The manifests' own loader: one decoding budget (alias bombs), one-line errors with
            // the position, file names and messages escaped for the terminal.
            documents = try ManifestLoader.freeFormDocuments(path: path)
        } catch {
            throw Problem(description: error.description)
        }
        do {
            return try parse(documents)
        } catch let problem as Problem {
            throw Problem(description: "\(GoQuoting.printable(path)): \(problem.description)")
        }
    }

    static func parse(_ documents: [JSONValue]) throws -> LintConfiguration {
        var configuration = LintConfiguration()
        guard documents.count <= 1 else { throw Problem(description: "expected one YAML document, got \(documents.count)") }
        guard let loaded = documents.first else { return configuration }
        guard case .object(let root) = loaded else { throw Problem(description: "expected a mapping") }
        for (key, value) in root.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "disable":
                guard case .array(let items) = value, let ids = strings(items) else {
                    throw Problem(description: "disable: expected a list of rule IDs")
                }
                for id in ids { try checkRule(id, "disable") }
                configuration.disabled.formUnion(ids)
            case "severity":
                guard case .object(let map) = value else {
                    throw Problem(description: "severity: expected a mapping of rule ID to error, warning or info")
                }
                for (id, raw) in map.sorted(by: { $0.key < $1.key }) {
                    try checkRule(id, "severity")
                    guard case .string(let name) = raw, let severity = LintSeverity(rawValue: name) else {
                        throw Problem(description: "severity.\(GoQuoting.printable(id)): \(describe(raw)) is not error, warning or info")
                    }
                    configuration.severities[id] = severity
                }
            case "thresholds":
                guard case .object(let map) = value else { throw Problem(description: "thresholds: expected a mapping") }
                for (name, raw) in map.sorted(by: { $0.key < $1.key }) {
                    // Whole seconds up to a year: more says nothing more and keeps the arithmetic small.
                    guard case .number(let number) = raw, number >= 0, number <= 31_536_000, number.rounded() == number else {
                        throw Problem(description: "thresholds.\(GoQuoting.printable(name)): expected a whole number of seconds (at most 31536000)")
                    }
                    switch name {
                    case "startupBudgetSeconds": configuration.startupBudgetSeconds = Int64(number)
                    case "assumedExitSeconds": configuration.assumedExitSeconds = Int64(number)
                    case "assumedHookSeconds": configuration.assumedHookSeconds = Int64(number)
                    default: throw Problem(description: "thresholds: unknown key \(GoQuoting.quote(name))")
                    }
                }
            case "kubernetesVersion":
                let version = describe(value, quoting: false)
                guard let minor = LintConfiguration.minor(of: version) else {
                    throw Problem(description: "kubernetesVersion: \(GoQuoting.quote(version)) is not a version like 1.29")
                }
                configuration.kubernetesMinor = minor
            default:
                throw Problem(description: "unknown key \(GoQuoting.quote(key))")
            }
        }
        return configuration
    }

    private static func strings(_ items: [JSONValue]) -> [String]? {
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else { return nil }
            result.append(text)
        }
        return result
    }

    /// A scalar as the configuration's author wrote it (`1.29` stays `1.29`); Go-quoted strings
    /// when `quoting`.
    private static func describe(_ value: JSONValue, quoting: Bool = true) -> String {
        switch value {
        case .string(let text): return quoting ? GoQuoting.quote(text) : text
        case .number(let number): return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }

    static func checkRule(_ id: String, _ field: String) throws {
        guard LintRules.rule(id) != nil else { throw Problem(description: "\(field): unknown rule \(GoQuoting.quote(id))") }
    }
}
