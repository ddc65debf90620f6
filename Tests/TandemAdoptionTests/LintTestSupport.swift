import Foundation
import TandemAdoption
import TandemManifest

/// Lints a manifest text and renders each finding whole on one line:
/// `LINE:COL severity rule-id path | message | fix`.
func lint(_ yaml: String, _ configuration: LintConfiguration = LintConfiguration()) throws -> [String] {
    let out = try lintLines(yaml, configuration)
    if ProcessInfo.processInfo.environment["LINT_DEBUG"] != nil { print("ACTUAL", out) }
    return out
}

func lintLines(_ yaml: String, _ configuration: LintConfiguration) throws -> [String] {
    try Linter(configuration: configuration).lint(text: yaml, file: "test.yaml").map { finding in
        "\(finding.line):\(finding.column) \(finding.severity.rawValue) \(finding.ruleID) \(finding.path) | \(finding.message) | \(finding.fix)"
    }
}

/// A Pod with the given `spec:` body (indented by two spaces in the YAML).
func pod(_ spec: String, annotations: String = "") -> String {
    """
    apiVersion: v1
    kind: Pod
    metadata:
      name: p
    \(annotations)spec:
    \(spec)
    """
}

/// A native sidecar that passes every sidecar rule, for tests that look at something else.
let goodSidecar = """
      - name: proxy
        image: envoyproxy/envoy:v1.30.1
        restartPolicy: Always
        resources:
          requests: {cpu: 10m, memory: 16Mi}
          limits: {memory: 64Mi}
    """
