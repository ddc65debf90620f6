import Foundation

/// The rule catalogue as documentation: `tandem lint --list-rules` (text) and `-o markdown` (the README
/// table), generated from `LintRules.all` so the documentation cannot drift.
public enum LintRuleTable {
    public static func markdown() -> String {
        var out = "| rule | severity | what | why | fix |\n| --- | --- | --- | --- | --- |\n"
        for rule in LintRules.all {
            let cells = [ "`\(rule.id)`", rule.severity.rawValue, rule.what, rule.why, rule.fix ].map(escape)
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    public static func text() -> String {
        let width = LintRules.all.map(\.id.count).max() ?? 0
        return LintRules.all.map { rule in
            rule.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + rule.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + rule.what
        }.joined(separator: "\n") + "\n"
    }

    static func escape(_ cell: String) -> String {
        cell.replacingOccurrences(of: "|", with: "\\|")
    }
}
