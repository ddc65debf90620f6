import Testing
import TandemAdoption

@Suite struct LintTextReportTests {
    let findings = [
        LintFinding(ruleID: "legacy-sidecar", severity: .warning,
                    object: .init(kind: "Pod", namespace: nil, name: "p"), path: "spec.containers[1]",
                    file: "p.yaml", line: 9, column: 5, message: "m1", fix: "f1"),
        LintFinding(ruleID: "invalid", severity: .error,
                    object: .init(kind: "Job", namespace: "ns", name: "j"), path: "spec",
                    file: "p.yaml", line: 20, column: 1, message: "m2", fix: "f2"),
    ]

    @Test func plainTextGroupsByObject() {
        #expect(LintTextReport(findings: findings, colour: false).render() == """
            Pod/p
            p.yaml:9:5: warning legacy-sidecar: m1
                fix: f1

            Job/ns/j
            p.yaml:20:1: error invalid: m2
                fix: f2

            2 findings: 1 error, 1 warning

            """)
    }

    @Test func colourOnlyWrapsObjectSeverityAndRule() {
        let esc = "\u{1B}["
        #expect(LintTextReport(findings: [findings[1]], colour: true).render() == """
            \(esc)1mJob/ns/j\(esc)0m
            p.yaml:20:1: \(esc)31merror\(esc)0m \(esc)1minvalid\(esc)0m: m2
                fix: f2

            1 finding: 1 error

            """)
    }

    @Test func nothingAtAllWithoutFindings() {
        #expect(LintTextReport(findings: [], colour: true).render() == "")
    }
}
