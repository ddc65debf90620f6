/// How much a finding matters; ordered `info < warning < error`. Raw values are the spellings used in
/// output, configuration and `--fail-on`.
public enum LintSeverity: String, Sendable, Comparable, CaseIterable, Codable {
    case info
    case warning
    case error

    var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (lhs: LintSeverity, rhs: LintSeverity) -> Bool { lhs.rank < rhs.rank }
}
