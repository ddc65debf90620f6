import Foundation
import TandemAPI
import TandemManifest
import Testing

/// `podFailurePolicy` and `successPolicy` are typed: strictly decoded, then defaulted.
@Suite struct JobPolicyDecodingTests {
    let job = """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: pi}
        spec:
          completionMode: Indexed
          completions: 2
          successPolicy:
            rules: [{succeededIndexes: "0-1", succeededCount: 1}]
          podFailurePolicy:
            rules:
            - action: Ignore
              onPodConditions: [{type: DisruptionTarget}]
            - action: FailJob
              onExitCodes: {containerName: main, operator: In, values: [42]}
          template:
            spec:
              restartPolicy: Never
              containers: [{name: main, image: busybox}]
        """

    @Test func decodesAndDefaultsThePatternStatus() throws {
        var documents = try ManifestLoader.decode(text: job, file: "job.yaml")
        Defaulting.apply(to: &documents[0].object)
        guard case .job(let decoded) = documents[0].object else {
            Issue.record("not a Job")
            return
        }
        #expect(decoded.spec?.podFailurePolicy == PodFailurePolicy(rules: [
            PodFailurePolicyRule(action: "Ignore", onPodConditions: [.init(type: "DisruptionTarget", status: "True")]),
            PodFailurePolicyRule(action: "FailJob", onExitCodes: .init(containerName: "main", operator: "In", values: [42])),
        ]))
        #expect(decoded.spec?.successPolicy == SuccessPolicy(rules: [.init(succeededIndexes: "0-1", succeededCount: 1)]))
        #expect(decoded.spec?.podReplacementPolicy == "Failed")
    }

    @Test func unknownFieldsInsideThePoliciesAreErrors() {
        let typo = job.replacingOccurrences(of: "operator: In", with: "operater: In")
        #expect(decodingError(typo, file: "job.yaml")?.message
                == #"unknown field "spec.podFailurePolicy.rules[1].onExitCodes.operater""#)
        let wrongType = job.replacingOccurrences(of: "succeededCount: 1", with: "succeededCount: one")
        #expect(decodingError(wrongType, file: "job.yaml")?.message
                == #"spec.successPolicy.rules[0].succeededCount: expected int32, got string "one""#)
    }
}
