import TandemAPI

/// The `lint.tandem.dev/ignore` annotation: `rule-id: reason` entries, separated by commas or new lines.
/// An entry without a reason, or naming no known rule, suppresses nothing and is reported itself.
struct Suppressions {
    static let annotation = "lint.tandem.dev/ignore"

    /// Rule IDs that are suppressed (each with a reason).
    var rules: Set<String> = []
    /// Entries that do not count, with why.
    var problems: [String] = []

    init(_ value: String?) {
        guard let value else { return }
        for entry in value.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
            let text = entry.trimmingSpaces
            guard !text.isEmpty else { continue }
            let parts = text.split(separator: ":", maxSplits: 1)
            let id = parts[0].trimmingSpaces
            let reason = parts.count > 1 ? parts[1].trimmingSpaces : ""
            if LintRules.rule(id) == nil {
                problems.append("suppression names no known rule: \(GoQuoting.quote(id))")
            } else if reason.isEmpty {
                problems.append("suppression of \(GoQuoting.quote(id)) gives no reason, so it is not applied")
            } else {
                rules.insert(id)
            }
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing blanks (spaces, tabs, CR); Foundation-free on purpose, as the rules are.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
