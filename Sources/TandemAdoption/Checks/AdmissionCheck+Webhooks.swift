import TandemAPI

extension AdmissionCheck {
    /// One finding per mutating webhook known from the configurations or the audit record:
    /// which changes its recorded patches made (each field replayed through the calls in
    /// order), or whether it can have made them (its rules and selectors cover the pod).
    static func findings(changes: [FieldChange], invocations: [WebhookInvocation], configured: [MutatingWebhook],
                         auditKnown: Bool, after: JSONValue, afterMetadata: JSONValue) -> [AdmissionReport.WebhookFinding] {
        var labels: [String: String] = [:]
        if case .object(let fields)? = afterMetadata["labels"] {
            for (key, value) in fields { if case .string(let text) = value { labels[key] = text } }
        }
        let namespace = string(afterMetadata["namespace"])
        var identities: [(configuration: String, webhook: String)] = configured.map { ($0.configuration, $0.name) }
        for invocation in invocations where !identities.contains(where: { $0 == (invocation.configuration, invocation.webhook) }) {
            identities.append((invocation.configuration, invocation.webhook))
        }
        // Replay each field through the calls in order, so each change is blamed on the call that made it.
        var touches: [Int: [AdmissionReport.Touch]] = [:]
        for change in changes {
            var current: JSONValue? = change.before
            for (position, invocation) in invocations.enumerated() {
                let operations = invocation.operations(touching: change, current: &current)
                if !operations.isEmpty { touches[position, default: []].append(.init(path: change.path, operations: operations)) }
            }
        }
        var findings: [AdmissionReport.WebhookFinding] = []
        for identity in identities {
            let calls = invocations.filter { $0.configuration == identity.configuration && $0.webhook == identity.webhook }
            let configuration = configured.first { $0.configuration == identity.configuration && $0.name == identity.webhook }
            var finding = AdmissionReport.WebhookFinding(
                configuration: identity.configuration, webhook: identity.webhook,
                reinvocationPolicy: configuration?.reinvocationPolicy, failurePolicy: configuration?.failurePolicy,
                calls: calls.map { "round \($0.round) index \($0.index)" }, verdict: .notCalled, detail: "", touched: [])
            if !calls.isEmpty {
                for (position, invocation) in invocations.enumerated()
                where invocation.configuration == identity.configuration && invocation.webhook == identity.webhook {
                    finding.touched += touches[position] ?? []
                }
                let patched = calls.filter { $0.patch != nil }
                if !finding.touched.isEmpty {
                    finding.verdict = .modified
                    finding.detail = "its patch removed or overwrote " + finding.touched.map(\.path).joined(separator: ", ")
                } else if !patched.isEmpty {
                    finding.verdict = .didNotTouch
                    finding.detail = patched.allSatisfy { ($0.patch ?? []).isEmpty }
                        ? "called, returned no patch" : "its patch leaves the fields alone"
                } else if calls.contains(where: { $0.mutated == true }) {
                    finding.verdict = .canHave
                    finding.detail = "mutated the pod; its patch is not in the audit record (audit level Request or higher logs it)"
                } else if calls.allSatisfy(\.failedOpen) {
                    finding.verdict = .didNotTouch
                    finding.detail = "the call failed and was ignored (failurePolicy Ignore)"
                } else {
                    finding.verdict = .didNotTouch
                    finding.detail = "called, did not change the pod"
                }
            } else if let configuration {
                let (called, why) = configuration.calledFor(podLabels: labels, namespace: namespace)
                if called == false {
                    finding.verdict = .notCalled
                    finding.detail = why
                } else if auditKnown {
                    finding.verdict = .notCalled
                    finding.detail = "no call in the audit record (\(why))"
                } else {
                    finding.verdict = .canHave
                    finding.detail = why
                }
            }
            if finding.verdict != .notCalled, configuration?.reinvocationPolicy == "IfNeeded" {
                finding.detail += "; reinvocationPolicy IfNeeded: it is called again after later webhooks change the pod,"
                    + " so it can also strip what they added"
            }
            findings.append(finding)
        }
        return findings
    }
}
