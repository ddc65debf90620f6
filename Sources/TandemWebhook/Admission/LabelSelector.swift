/// A label selector in kubectl's string form (`app=web,tier!=db,env in (prod,staging),!legacy`), for the
/// webhook's own `--pod-selector`. The API server applies the MutatingWebhookConfiguration's objectSelector
/// first; this one lets the server itself be strict when the configuration is broad.
/// Follows k8s.io/apimachinery/pkg/labels/selector.go: requirements are ANDed; `=`/`==`/`!=`, `in`, `notin`,
/// `key` (exists) and `!key` (does not exist); `!=` and `notin` match when the label is absent.
public struct LabelSelector: Sendable, Equatable {
    /// One requirement of the selector.
    public enum Requirement: Sendable, Equatable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
    }

    public let requirements: [Requirement]

    /// Parses kubectl's selector syntax; throws ``LabelSelectorError`` with the offending text.
    public init(parsing text: String) throws {
        var requirements: [Requirement] = []
        for part in Self.splitTopLevel(text) {
            let term = part.trimmingSpaces()
            if term.isEmpty { throw LabelSelectorError(text: text, reason: "empty requirement") }
            requirements.append(try Self.requirement(term, in: text))
        }
        self.requirements = requirements
    }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): labels[key] == value
            case .notEquals(let key, let value): labels[key] != value
            case .isIn(let key, let values): labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): !(labels[key].map(values.contains) ?? false)
            case .exists(let key): labels[key] != nil
            case .doesNotExist(let key): labels[key] == nil
            }
        }
    }

    private static func requirement(_ term: String, in text: String) throws -> Requirement {
        if term.hasPrefix("!") {
            return .doesNotExist(try key(String(term.dropFirst()).trimmingSpaces(), in: text))
        }
        for (operatorText, isIn) in [(" notin ", false), (" in ", true)] {
            if let range = term.range(of: operatorText) {
                let key = try key(String(term[..<range.lowerBound]).trimmingSpaces(), in: text)
                let list = String(term[range.upperBound...]).trimmingSpaces()
                guard list.hasPrefix("("), list.hasSuffix(")") else {
                    throw LabelSelectorError(text: text, reason: "expected a parenthesised value list after \(operatorText.trimmingSpaces())")
                }
                let values = Set(list.dropFirst().dropLast().split(separator: ",").map { String($0).trimmingSpaces() })
                return isIn ? .isIn(key, values) : .notIn(key, values)
            }
        }
        for (operatorText, negated) in [("!=", true), ("==", false), ("=", false)] {
            if let range = term.range(of: operatorText) {
                let key = try key(String(term[..<range.lowerBound]).trimmingSpaces(), in: text)
                let value = String(term[range.upperBound...]).trimmingSpaces()
                return negated ? .notEquals(key, value) : .equals(key, value)
            }
        }
        return .exists(try key(term, in: text))
    }

    private static func key(_ key: String, in text: String) throws -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./")
        guard !key.isEmpty, key.allSatisfy(allowed.contains) else {
            throw LabelSelectorError(text: text, reason: "invalid label key \(key.isEmpty ? "(empty)" : key)")
        }
        return key
    }

    /// Splits on commas outside parentheses (`env in (a,b),app=x`).
    private static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1; current.append(character)
            case ")": depth -= 1; current.append(character)
            case "," where depth == 0: parts.append(current); current = ""
            default: current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}

/// A `--pod-selector` that does not parse.
public struct LabelSelectorError: Error, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "invalid label selector: \(reason)" }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
