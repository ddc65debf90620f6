import Foundation
import TandemManifest
import TandemAPI
import TandemAdoption
import Yams

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
        let text: String
        do {
            text = try ManifestSources.read(path: path)
        } catch {
            throw Problem(description: error.description)
        }
        do {
            return try parse(text)
        } catch let problem as Problem {
            throw Problem(description: "\(path): \(problem.description)")
        } catch {
            throw Problem(description: "\(path): not YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
    }

    static func parse(_ text: String) throws -> LintConfiguration {
        var configuration = LintConfiguration()
        guard let loaded = try Yams.load(yaml: text) else { return configuration }
        guard let root = loaded as? [String: Any] else { throw Problem(description: "expected a mapping") }
        for (key, value) in root {
            switch key {
            case "disable":
                guard let ids = value as? [String] else { throw Problem(description: "disable: expected a list of rule IDs") }
                for id in ids { try checkRule(id, "disable") }
                configuration.disabled.formUnion(ids)
            case "severity":
                guard let map = value as? [String: String] else {
                    throw Problem(description: "severity: expected a mapping of rule ID to error, warning or info")
                }
                for (id, name) in map {
                    try checkRule(id, "severity")
                    guard let severity = LintSeverity(rawValue: name) else {
                        throw Problem(description: "severity.\(id): \(GoQuoting.quote(name)) is not error, warning or info")
                    }
                    configuration.severities[id] = severity
                }
            case "thresholds":
                guard let map = value as? [String: Any] else { throw Problem(description: "thresholds: expected a mapping") }
                for (name, raw) in map {
                    guard let number = raw as? Int, number >= 0 else {
                        throw Problem(description: "thresholds.\(name): expected a whole number of seconds")
                    }
                    switch name {
                    case "startupBudgetSeconds": configuration.startupBudgetSeconds = Int64(number)
                    case "assumedExitSeconds": configuration.assumedExitSeconds = Int64(number)
                    case "assumedHookSeconds": configuration.assumedHookSeconds = Int64(number)
                    default: throw Problem(description: "thresholds: unknown key \(GoQuoting.quote(name))")
                    }
                }
            case "kubernetesVersion":
                let version = "\(value)"
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

    static func checkRule(_ id: String, _ field: String) throws {
        guard LintRules.rule(id) != nil else { throw Problem(description: "\(field): unknown rule \(GoQuoting.quote(id))") }
    }
}
