import Foundation
import TandemAPI
import Testing
@testable import TandemWebhook

@Suite struct AdmissionReviewHandlerTests {
    let uid = JSONValue.string("3f1e5c2a-8d7b-4e61-9a0c-5b2d7e9f1a44")
    let handler = AdmissionReviewHandler(mutator: FirstInitContainerMutator(), policy: AdmissionPolicy(mode: .fixed(.native)))

    func allowed(warnings: [String] = []) -> JSONValue {
        var response: [String: JSONValue] = ["uid": uid, "allowed": .bool(true)]
        if !warnings.isEmpty { response["warnings"] = .array(warnings.map(JSONValue.string)) }
        return .object(["apiVersion": .string("admission.k8s.io/v1"), "kind": .string("AdmissionReview"),
                        "response": .object(response)])
    }

    @Test func deploymentPodGetsSidecarAndMarker() throws {
        let answer = try handler.answer(try Fixture.review())
        let expected = Answer(
            response: .object([
                "apiVersion": .string("admission.k8s.io/v1"), "kind": .string("AdmissionReview"),
                "response": .object(["uid": uid, "allowed": .bool(true), "patchType": .string("JSONPatch"),
                                     "patch": .string("<checked separately>")]),
            ]),
            patch: .array([
                .object(["op": .string("add"), "path": .string("/spec/initContainers"),
                         "value": .array([.object(["name": .string("proxy"), "image": .string("envoy:1.31"),
                                                   "restartPolicy": .string("Always")])])]),
                .object(["op": .string("add"), "path": .string("/metadata/annotations"),
                         "value": .object(["sidecar.tandem.dev/proxy": .string("native")])]),
            ]),
            outcome: .injected)
        #expect(answer == expected)
    }

    @Test func markerGoesIntoExistingAnnotations() throws {
        let review = try Fixture.review().setting(["request", "object", "metadata", "annotations"],
                                                  to: .object(["team": .string("shop")]))
        let patch = try handler.answer(review)?.patch?.arrayValue
        #expect(patch?.last == .object(["op": .string("add"),
                                        "path": .string("/metadata/annotations/sidecar.tandem.dev~1proxy"),
                                        "value": .string("native")]))
    }

    @Test(arguments: ["false", "False", "0", "f"])
    func optOutAnnotationLeavesPodAlone(value: String) throws {
        let review = try Fixture.review().setting(["request", "object", "metadata", "annotations"],
                                                  to: .object(["sidecar.tandem.dev/inject": .string(value)]))
        #expect(try handler.answer(review) == Answer(response: allowed(), patch: nil, outcome: .skipped))
    }

    @Test func optOutAnnotationThatIsNotABooleanWarns() throws {
        let review = try Fixture.review().setting(["request", "object", "metadata", "annotations"],
                                                  to: .object(["sidecar.tandem.dev/inject": .string("nope")]))
        let warning = "tandem webhook: annotation sidecar.tandem.dev/inject is not \"true\" or \"false\"; sidecar not injected"
        #expect(try handler.answer(review) == Answer(response: allowed(warnings: [warning]), patch: nil, outcome: .warned))
    }

    @Test func markerAnnotationMeansNeverTwice() throws {
        let review = try Fixture.review().setting(["request", "object", "metadata", "annotations"],
                                                  to: .object(["sidecar.tandem.dev/proxy": .string("native")]))
        #expect(try handler.answer(review) == Answer(response: allowed(), patch: nil, outcome: .skipped))
    }

    @Test func presentContainerMeansNeverTwice() throws {
        let review = try Fixture.review().setting(["request", "object", "spec", "initContainers"],
                                                  to: .array([.object(["name": .string("proxy"), "image": .string("envoy:1.31")])]))
        #expect(try handler.answer(review) == Answer(response: allowed(), patch: nil, outcome: .skipped))
    }

    @Test func excludedNamespaceAndSelectors() throws {
        let review = try Fixture.review()
        let system = review.setting(["request", "namespace"], to: .string("kube-system"))
        #expect(try handler.answer(system) == Answer(response: allowed(), patch: nil, outcome: .skipped))

        let onlyPayments = AdmissionReviewHandler(mutator: FirstInitContainerMutator(),
                                                  policy: AdmissionPolicy(mode: .fixed(.native), includedNamespaces: ["payments"]))
        #expect(try onlyPayments.answer(review) == Answer(response: allowed(), patch: nil, outcome: .skipped))

        let selected = AdmissionReviewHandler(
            mutator: FirstInitContainerMutator(),
            policy: AdmissionPolicy(mode: .fixed(.native), podSelector: try LabelSelector(parsing: "app in (web,api)")))
        #expect(try selected.answer(review)?.outcome == .injected)
        let notSelected = AdmissionReviewHandler(
            mutator: FirstInitContainerMutator(),
            policy: AdmissionPolicy(mode: .fixed(.native), podSelector: try LabelSelector(parsing: "app=api")))
        #expect(try notSelected.answer(review) == Answer(response: allowed(), patch: nil, outcome: .skipped))
    }

    @Test func updateIsAllowedUnchanged() throws {
        let review = try Fixture.review().setting(["request", "operation"], to: .string("UPDATE"))
        #expect(try handler.answer(review) == Answer(response: allowed(), patch: nil, outcome: .skipped))
    }

    @Test func podTheMutatorRefusesIsAllowedWithWarning() throws {
        let review = try Fixture.review().setting(["request", "object", "spec", "containers"], to: nil)
        let warning = "tandem webhook: sidecar \"proxy\" not injected: spec.containers is missing"
        #expect(try handler.answer(review) == Answer(response: allowed(warnings: [warning]), patch: nil, outcome: .warned))
    }

    @Test func otherKindsAreAllowedWithWarning() throws {
        let review = try Fixture.review().setting(["request", "kind"], to: .object([
            "group": .string("apps"), "version": .string("v1"), "kind": .string("Deployment")]))
        let warning = "tandem webhook: only pods are mutated, not apps/v1/Deployment"
        #expect(try handler.answer(review) == Answer(response: allowed(warnings: [warning]), patch: nil, outcome: .warned))
        let noSpec = try Fixture.review().setting(["request", "object"], to: .string("pod"))
        #expect(try handler.answer(noSpec) == Answer(
            response: allowed(warnings: ["tandem webhook: the request's object is not a pod with a spec"]),
            patch: nil, outcome: .warned))
    }

    @Test func garbageIsABadRequest() throws {
        func message(_ body: String) -> String? {
            if case .badRequest(let message) = handler.handle(body: Data(body.utf8)) { return message }
            return nil
        }
        #expect(message("\u{0}\u{1}not json") == "request body is not JSON")
        #expect(message("[1,2]") == "request body is not a JSON object")
        #expect(message(#"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"x"}}"#)
                == #"expected apiVersion "admission.k8s.io/v1", kind "AdmissionReview""#)
        #expect(message(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#) == "AdmissionReview has no request")
        #expect(message(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7}}"#)
                == "AdmissionReview request has no uid")
        #expect(message(String(repeating: "[", count: 100_000)) == "request body is not JSON")
    }

    @Test func autoModeFollowsNodeLabelPolicy() throws {
        let auto = AdmissionReviewHandler(
            mutator: FirstInitContainerMutator(),
            policy: AdmissionPolicy(mode: .auto(.nodeLabel(key: "sidecar.tandem.dev/native", value: "true"))))
        let review = try Fixture.review()
        let unpinned = try auto.answer(review)?.patch?.arrayValue?.first?["value"]?.arrayValue?.first
        #expect(unpinned == .object(["name": .string("proxy"), "image": .string("envoy:1.31")]))
        let pinned = review.setting(["request", "object", "spec", "nodeSelector"],
                                    to: .object(["sidecar.tandem.dev/native": .string("true")]))
        let native = try auto.answer(pinned)?.patch?.arrayValue?.first?["value"]?.arrayValue?.first
        #expect(native == .object(["name": .string("proxy"), "image": .string("envoy:1.31"),
                                   "restartPolicy": .string("Always")]))
    }
}
