import Foundation
import Testing

/// Replaying the audit log's patches on BEFORE must find what comparing BEFORE with the
/// created pod finds: the same changes, the same lost sidecar, the same webhooks to blame.
@Suite struct CheckAdmissionReplayTests {
    @Test func replayAndComparisonAgree() throws {
        let admission = "tests/checks/admission/"
        let common = ["--audit-log", admission + "audit.log", "--webhooks", admission + "webhooks.yaml", "-o", "json"]
        let compared = try Tandem.run(["check-admission", admission + "deployment.yaml", admission + "pod-after-webhooks.yaml"] + common)
        let replayed = try Tandem.run(["check-admission", admission + "deployment.yaml"] + common)
        #expect(compared.status == 1 && replayed.status == 1, "\(compared.stderr)\(replayed.stderr)")
        let left = try #require(try JSONSerialization.jsonObject(with: Data(compared.stdout.utf8)) as? [String: Any])
        let right = try #require(try JSONSerialization.jsonObject(with: Data(replayed.stdout.utf8)) as? [String: Any])
        for key in ["changes", "sidecarsLost", "webhooks", "verdict"] {
            let a = try JSONSerialization.data(withJSONObject: [try #require(left[key])], options: [.sortedKeys])
            let b = try JSONSerialization.data(withJSONObject: [try #require(right[key])], options: [.sortedKeys])
            #expect(String(decoding: a, as: UTF8.self) == String(decoding: b, as: UTF8.self), "\(key)")
        }
        #expect(left["replayed"] as? Bool == false)
        #expect(right["replayed"] as? Bool == true)
    }
}
