import Testing
import TandemAPI
@testable import TandemValidation

/// `validateJobSpec`'s policies (`pkg/apis/batch/validation`), whole error lists in the API server's order.
@Suite struct JobPolicyRuleTests {
    func job(_ spec: JobSpec) -> Job {
        var spec = spec
        spec.template = PodTemplateSpec(spec: PodSpec(
            initContainers: [Container(name: "proxy", image: "x", restartPolicy: "Always")],
            containers: [Container(name: "main", image: "x")], restartPolicy: "Never"))
        return Job(metadata: ObjectMeta(name: "pi"), spec: spec)
    }

    func errors(_ spec: JobSpec) -> [String] {
        PodValidation.validate(job: job(spec)).map(\.description)
    }

    @Test func podFailurePolicyRules() {
        let rules = [
            PodFailurePolicyRule(action: "FailJob", onExitCodes: .init(containerName: "proxy", operator: "In", values: [42])),
            PodFailurePolicyRule(onExitCodes: .init(containerName: "nope", operator: "Between", values: [0, 3, 3, 1])),
            PodFailurePolicyRule(action: "Retry"),
            PodFailurePolicyRule(action: "FailIndex", onPodConditions: [.init(type: "DisruptionTarget", status: "Maybe")]),
            PodFailurePolicyRule(action: "Ignore", onExitCodes: .init(operator: "In", values: [0]),
                                 onPodConditions: [.init(type: "DisruptionTarget", status: "True")]),
        ]
        #expect(errors(JobSpec(podFailurePolicy: PodFailurePolicy(rules: rules))) == [
            #"spec.podFailurePolicy.rules[1].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]"#,
            #"spec.podFailurePolicy.rules[1].onExitCodes.operator: Unsupported value: "Between": supported values: "In", "NotIn""#,
            #"spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template"#,
            "spec.podFailurePolicy.rules[1].onExitCodes.values[2]: Duplicate value: 3",
            "spec.podFailurePolicy.rules[1].onExitCodes.values: Invalid value: []int32{0, 3, 3, 1}: must be ordered",
            #"spec.podFailurePolicy.rules[2].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore""#,
            "spec.podFailurePolicy.rules[2]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required",
            #"spec.podFailurePolicy.rules[3].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set"#,
            #"spec.podFailurePolicy.rules[3].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown""#,
            "spec.podFailurePolicy.rules[4].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator",
            "spec.podFailurePolicy.rules[4]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported",
        ])
    }

    @Test func podFailurePolicyNeedsRestartPolicyNeverAndReplacementFailed() {
        var spec = JobSpec(podFailurePolicy: PodFailurePolicy(rules: [
            PodFailurePolicyRule(action: "Count", onExitCodes: .init(operator: "NotIn", values: [0]))]))
        spec.podReplacementPolicy = "TerminatingOrFailed"
        var invalid = job(spec)
        invalid.spec?.template?.spec?.restartPolicy = "OnFailure"
        #expect(PodValidation.validate(job: invalid).map(\.description) == [
            #"spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed""#,
            #"spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified"#,
        ])
    }

    @Test func perIndexLimitsNeedIndexedMode() {
        #expect(errors(JobSpec(backoffLimitPerIndex: -1, maxFailedIndexes: 2)) == [
            "spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0",
            "spec.backoffLimitPerIndex: Invalid value: -1: requires indexed completion mode",
            "spec.maxFailedIndexes: Invalid value: 2: requires indexed completion mode",
        ])
        #expect(errors(JobSpec(completions: 2, maxFailedIndexes: 3, completionMode: "Indexed")) == [
            "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified",
            "spec.maxFailedIndexes: Invalid value: 3: must be less than or equal to completions",
        ])
    }

    @Test func successPolicy() {
        let rules = [
            SuccessPolicyRule(),
            SuccessPolicyRule(succeededIndexes: "0,2-1"),
            SuccessPolicyRule(succeededIndexes: "1-4", succeededCount: 4),
            SuccessPolicyRule(succeededIndexes: "0-1", succeededCount: 3),
        ]
        #expect(errors(JobSpec(completions: 4, successPolicy: SuccessPolicy(rules: rules), completionMode: "Indexed")) == [
            "spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified",
            #"spec.successPolicy.rules[1].succeededIndexes: Invalid value: "0,2-1": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1"#,
            #"spec.successPolicy.rules[2].succeededIndexes: Invalid value: "1-4": error parsing succeededIndexes: too large index: "4""#,
            "spec.successPolicy.rules[2].succeededCount: Invalid value: 4: must be less than or equal to 0 (the number of indexes in the specified succeededIndexes field)",
            "spec.successPolicy.rules[3].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)",
        ])
        #expect(errors(JobSpec(completions: 4, successPolicy: SuccessPolicy(rules: []), completionMode: "Indexed")) == [
            "spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified",
        ])
    }

    @Test func managedByIsADomainPrefixedPath() {
        var spec = JobSpec()
        spec.managedBy = "kueue"
        #expect(errors(spec) == [#"spec.managedBy: Invalid value: "kueue": must be a domain-prefixed path (such as "acme.io/foo")"#])
        spec.managedBy = "Kueue.x-k8s.io/a b"
        #expect(errors(spec) == [
            #"spec.managedBy: Invalid value: "Kueue.x-k8s.io": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#,
            #"spec.managedBy: Invalid value: "a b": Invalid path (regex used for validation is '[A-Za-z0-9/\-._~%!$&'()*+,;=:]+')"#,
        ])
        spec.managedBy = "kueue.x-k8s.io/" + String(repeating: "m", count: 60)
        #expect(errors(spec) == ["spec.managedBy: Too long: may not be more than 63 bytes"])
        spec.managedBy = "kueue.x-k8s.io/multikueue"
        #expect(errors(spec) == [])
    }
}
