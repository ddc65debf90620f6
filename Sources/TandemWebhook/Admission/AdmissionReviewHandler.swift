import Foundation
import TandemAPI

/// The protocol half of the webhook, free of any HTTP stack: an `admission.k8s.io/v1` AdmissionReview in, the
/// AdmissionReview answer out. Follows k8s.io/api/admission/v1 (types.go) and the API server's dispatcher
/// (staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/mutating/dispatcher.go): the response must carry
/// the request's `uid`, `patchType: JSONPatch` goes with a base64 `patch`, `warnings` are shown to the client.
/// It never denies: a pod it cannot handle is allowed unchanged with a warning, so the webhook can't block a
/// cluster; only a body that is not an AdmissionReview at all is a bad request.
public struct AdmissionReviewHandler: Sendable {
    /// The answer to one `/mutate` body.
    public enum Result: Sendable {
        /// HTTP 200 with this AdmissionReview JSON.
        case review(Data, AdmissionOutcome, injectedMode: SidecarMode?)
        /// HTTP 400 with this one-line message.
        case badRequest(String)
    }

    public let mutator: any AdmissionMutator
    public let policy: AdmissionPolicy
    /// The current node list for `kubelet>=` policies (re-read by the server when its file changes).
    public let nodes: @Sendable () -> [NodeSummary]

    public init(mutator: any AdmissionMutator, policy: AdmissionPolicy,
                nodes: @escaping @Sendable () -> [NodeSummary] = { [] }) {
        self.mutator = mutator
        self.policy = policy
        self.nodes = nodes
    }

    public func handle(body: Data) -> Result {
        let review: JSONValue
        do {
            review = try JSONBytesParser.parse(body)
        } catch {
            return .badRequest("request body is not JSON")
        }
        guard case .object = review else { return .badRequest("request body is not a JSON object") }
        guard review["apiVersion"]?.stringValue == "admission.k8s.io/v1",
              review["kind"]?.stringValue == "AdmissionReview" else {
            return .badRequest("expected apiVersion \"admission.k8s.io/v1\", kind \"AdmissionReview\"")
        }
        guard let request = review["request"], case .object = request else {
            return .badRequest("AdmissionReview has no request")
        }
        guard let uid = request["uid"]?.stringValue, !uid.isEmpty else {
            return .badRequest("AdmissionReview request has no uid")
        }
        let decision = decide(request)
        return .review(Self.encodeResponse(uid: uid, decision: decision), decision.outcome,
                       injectedMode: decision.mode)
    }

    private struct Decision {
        var outcome: AdmissionOutcome
        var patch: [JSONValue] = []
        var warnings: [String] = []
        var mode: SidecarMode?
    }

    private func decide(_ request: JSONValue) -> Decision {
        if request["operation"]?.stringValue != "CREATE" { return Decision(outcome: .skipped) }
        let kind = request["kind"]
        guard kind?["group"]?.stringValue ?? "" == "", kind?["kind"]?.stringValue == "Pod",
              (request["subResource"]?.stringValue ?? "").isEmpty else {
            let what = [kind?["group"]?.stringValue, kind?["version"]?.stringValue, kind?["kind"]?.stringValue]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "/")
            return warned("only pods are mutated, not \(what.isEmpty ? "an unnamed kind" : what)")
        }
        guard let pod = request["object"], case .object = pod, let spec = pod["spec"], case .object = spec else {
            return warned("the request's object is not a pod with a spec")
        }
        let metadata = pod["metadata"]
        let namespace = request["namespace"]?.stringValue ?? metadata?["namespace"]?.stringValue ?? ""
        if policy.excludedNamespaces.contains(namespace)
            || (!policy.includedNamespaces.isEmpty && !policy.includedNamespaces.contains(namespace)) {
            return Decision(outcome: .skipped)
        }
        let labels = metadata?["labels"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        if let selector = policy.podSelector, !selector.matches(labels) { return Decision(outcome: .skipped) }

        let annotations = metadata?["annotations"]?.objectValue
        if let optOut = annotations?[AdmissionPolicy.optOutAnnotation] {
            switch optOut.stringValue.flatMap(Self.parseBool) {
            case false?: return Decision(outcome: .skipped)
            case true?: break
            case nil:
                return warned("annotation \(AdmissionPolicy.optOutAnnotation) is not \"true\" or \"false\"; "
                              + "sidecar not injected")
            }
        }
        if annotations?[mutator.markerAnnotation] != nil { return Decision(outcome: .skipped) }

        let mode: SidecarMode
        switch policy.mode {
        case .fixed(let fixed): mode = fixed
        case .auto(let nativeNodes): mode = nativeNodes.mode(for: spec, nodes: nodes())
        }
        let mutation: AdmissionMutation
        do {
            mutation = try mutator.patch(pod: pod, mode: mode)
        } catch {
            return warned("sidecar \(GoQuoting.quote(mutator.sidecarName)) not injected: \(error)")
        }
        guard case .operations(let operations) = mutation, !operations.isEmpty else {
            return Decision(outcome: .skipped)
        }
        return Decision(outcome: .injected, patch: operations, mode: mode)
    }

    private func warned(_ message: String) -> Decision {
        Decision(outcome: .warned, warnings: ["tandem webhook: " + message])
    }

    /// strconv.ParseBool, which Kubernetes tools use for boolean annotations.
    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }

    private static func encodeResponse(uid: String, decision: Decision) -> Data {
        var response: [String: JSONValue] = ["uid": .string(uid), "allowed": .bool(true)]
        if !decision.patch.isEmpty {
            response["patchType"] = .string("JSONPatch")
            response["patch"] = .string(Data(JSONTextWriter.bytes(.array(decision.patch))).base64EncodedString())
        }
        if !decision.warnings.isEmpty { response["warnings"] = .array(decision.warnings.map(JSONValue.string)) }
        let review: JSONValue = .object([
            "apiVersion": .string("admission.k8s.io/v1"),
            "kind": .string("AdmissionReview"),
            "response": .object(response),
        ])
        return Data(JSONTextWriter.bytes(review))
    }
}
