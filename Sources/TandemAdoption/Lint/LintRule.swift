/// One rule of `tandem lint`: its stable ID and default severity, and the texts the README table, `--list-rules`
/// and SARIF rule metadata are generated from (so documentation cannot drift from the rules).
public struct LintRule: Sendable, Equatable {
    /// Stable, kebab-case; used in output, suppressions and configuration.
    public var id: String
    public var severity: LintSeverity
    /// What the rule finds (one line).
    public var what: String
    /// Why it matters (one or two sentences).
    public var why: String
    /// The usual fix (one line).
    public var fix: String

    /// `fix` as a finding's fix line: plain text, lower-case start, no full stop, like the fixes
    /// findings write themselves ("set resources.limits.memory on the sidecar"), since the
    /// catalogue text is Markdown for the README table and SARIF.
    public var findingFix: String {
        var text = fix.replacingOccurrences(of: "`", with: "")
        if text.hasSuffix(".") { text.removeLast() }
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    public init(id: String, severity: LintSeverity, what: String, why: String, fix: String) {
        self.id = id
        self.severity = severity
        self.what = what
        self.why = why
        self.fix = fix
    }
}
