import TandemAPI

/// `tandem lint -o text`: findings grouped by object, each as `FILE:LINE:COL: severity rule-id: message`
/// followed by an indented `fix:` line; a summary line at the end. Colour (ANSI SGR) only when asked for,
/// which the command does when standard output is a terminal. Nothing at all when there is no finding.
/// Every text from the manifest (file and object names, messages, fixes) passes through
/// `GoQuoting.printable`, so only our own colour codes ever reach the terminal.
public struct LintTextReport {
    public var findings: [LintFinding]
    public var colour: Bool

    public init(findings: [LintFinding], colour: Bool) {
        self.findings = findings
        self.colour = colour
    }

    public func render() -> String {
        guard !findings.isEmpty else { return "" }
        var out = ""
        var current: LintFinding.ObjectReference?
        var currentFile = ""
        for finding in findings {
            if finding.object != current || finding.file != currentFile {
                if current != nil { out += "\n" }
                out += paint(GoQuoting.printable(finding.object.description), "1") + "\n"
                current = finding.object
                currentFile = finding.file
            }
            let severity = paint(finding.severity.rawValue, Self.colourCode(finding.severity))
            out += "\(GoQuoting.printable(finding.file)):\(finding.line):\(finding.column): \(severity) "
                + "\(paint(GoQuoting.printable(finding.ruleID), "1")): \(GoQuoting.printable(finding.message))\n"
            out += "    fix: \(GoQuoting.printable(finding.fix))\n"
        }
        out += "\n" + summary(findings) + "\n"
        return out
    }

    /// `3 findings: 1 error, 1 warning, 1 info`.
    func summary(_ findings: [LintFinding]) -> String {
        let counts = LintSeverity.allCases.reversed().compactMap { severity -> String? in
            let count = findings.filter { $0.severity == severity }.count
            guard count > 0 else { return nil }
            return "\(count) \(severity.rawValue)\(count == 1 || severity == .info ? "" : "s")"
        }
        return "\(findings.count) finding\(findings.count == 1 ? "" : "s"): \(counts.joined(separator: ", "))"
    }

    static func colourCode(_ severity: LintSeverity) -> String {
        switch severity {
        case .error: return "31"
        case .warning: return "33"
        case .info: return "36"
        }
    }

    func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
