import Foundation
import Testing
import TandemAPI
import TandemManifest
@testable import TandemValidation

/// What `tandem validate` prints, without spawning the binary.
struct ValidationReportTests {
    let restart = FieldError.notSupported(FieldPath("spec").child("initContainers").index(0).child("restartPolicy"), "OnFailure", ["Always"])
    let name = FieldError.required(FieldPath("spec").child("containers").index(0).child("name"))

    @Test func textSingleAndMultipleErrors() {
        let report = ValidationReport(items: [
            .init(file: "a.yaml", kind: "Pod", name: "web", errors: [restart]),
            .init(file: "a.yaml", kind: "Job", name: "pi", errors: [restart, name, name]),
            .init(file: "b.yaml", kind: "Pod", name: "ok", errors: []),
        ])
        #expect(report.text() == """
            a.yaml: The Pod "web" is invalid: spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"
            a.yaml: The Job "pi" is invalid: \n* spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"
            * spec.containers[0].name: Required value
            b.yaml: Pod "ok" is valid

            """)
        #expect(report.exitCode == 2)
        #expect(ValidationReport(items: [.init(file: "b", kind: "Pod", name: "ok", errors: [])]).exitCode == 0)
    }

    @Test func jsonShape() throws {
        let report = ValidationReport(items: [.init(file: "a.yaml", kind: "Pod", name: "web", errors: [restart, name])])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items[0]["valid"] as? Bool == false)
        let errors = try #require(items[0]["errors"] as? [[String: Any]])
        #expect(errors[0]["type"] as? String == "FieldValueNotSupported")
        #expect(errors[0]["value"] as? String == "OnFailure")
        #expect(errors[0]["field"] as? String == "spec.initContainers[0].restartPolicy")
        #expect(errors[0]["detail"] as? String == #"supported values: "Always""#)
        #expect(errors[0]["message"] as? String == restart.description)
        #expect(errors[1]["value"] is NSNull)
    }

    @Test func manifestToReportEndToEnd() throws {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              initContainers: [{name: app, image: busybox}]
              containers: [{name: app, image: nginx}]
            """
        let documents = try ManifestLoader.decode(text: yaml, file: "pod.yaml")
        guard case .pod(let pod) = try #require(documents.first).object else {
            Issue.record("expected a Pod")
            return
        }
        let item = ValidationReport.Item(file: "pod.yaml", kind: "Pod", name: "web", errors: PodValidation.validate(pod: pod))
        #expect(item.message == #"The Pod "web" is invalid: spec.initContainers[0].name: Duplicate value: "app""#)
    }
}
