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
        body.withUnsafeBytes { handle(body: $0) }
    }

    /// `handle(body:)` for bytes in place (the server's request buffer).
    public func handle(body: UnsafeRawBufferPointer) -> Result {
        let review: JSONTapeValue
        do {
            review = try JSONTape(body).root
        } catch {
            return .badRequest("request body is not JSON")
        }
        guard review.jsonKind == .object else { return .badRequest("request body is not a JSON object") }
        guard review["apiVersion"]?.textValue == "admission.k8s.io/v1",
              review["kind"]?.textValue == "AdmissionReview" else {
            return .badRequest("expected apiVersion \"admission.k8s.io/v1\", kind \"AdmissionReview\"")
        }
        guard let request = review["request"], request.jsonKind == .object else {
            return .badRequest("AdmissionReview has no request")
        }
        guard let uid = request["uid"]?.textValue, !uid.isEmpty else {
            return .badRequest("AdmissionReview request has no uid")
        }
        let decision = decide(request)
        return .review(Self.encodeResponse(uid: uid, decision: decision), decision.outcome,
                       injectedMode: decision.mode)
    }

    private struct Decision {
        var outcome: AdmissionOutcome
        /// The base64 JSON Patch, when there is one.
        var patch: String?
        var warnings: [String] = []
        var mode: SidecarMode?
    }

    private func decide(_ request: JSONTapeValue) -> Decision {
        if request["operation"]?.textValue != "CREATE" { return Decision(outcome: .skipped) }
        let kind = request["kind"]
        guard kind?["group"]?.textValue ?? "" == "", kind?["kind"]?.textValue == "Pod",
              (request["subResource"]?.textValue ?? "").isEmpty else {
            let what = [kind?["group"]?.textValue, kind?["version"]?.textValue, kind?["kind"]?.textValue]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "/")
            return warned("only pods are mutated, not \(what.isEmpty ? "an unnamed kind" : what)")
        }
        guard let pod = request["object"], pod.jsonKind == .object, let spec = pod["spec"], spec.jsonKind == .object else {
            return warned("the request's object is not a pod with a spec")
        }
        let metadata = pod["metadata"]
        let namespace = request["namespace"]?.textValue ?? metadata?["namespace"]?.textValue ?? ""
        if policy.excludedNamespaces.contains(namespace)
            || (!policy.includedNamespaces.isEmpty && !policy.includedNamespaces.contains(namespace)) {
            return Decision(outcome: .skipped)
        }
        if let selector = policy.podSelector {
            var labels: [String: String] = [:]
            for (key, value) in metadata?["labels"]?.members ?? [] { labels[key] = value.textValue }
            if !selector.matches(labels) { return Decision(outcome: .skipped) }
        }

        let annotations = metadata?["annotations"]
        if let optOut = annotations?[AdmissionPolicy.optOutAnnotation] {
            switch optOut.textValue.flatMap(Self.parseBool) {
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
        case .auto(let nativeNodes): mode = nativeNodes.mode(for: spec.value, nodes: nodes())
        }
        let mutation: AdmissionMutation
        do {
            mutation = try mutator.patch(reading: pod, mode: mode)
        } catch {
            return warned("sidecar \(GoQuoting.quote(mutator.sidecarName)) not injected: \(error)")
        }
        guard let patch = mutation.base64Patch else { return Decision(outcome: .skipped) }
        return Decision(outcome: .injected, patch: patch, mode: mode)
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

    /// The answer, written directly with its keys in sorted order (the bytes `JSONEncoder` with `.sortedKeys`
    /// gives): `{"apiVersion":…,"kind":"AdmissionReview","response":{"allowed":true,"patch":…,"patchType":
    /// "JSONPatch","uid":…,"warnings":[…]}}`.
    private static func encodeResponse(uid: String, decision: Decision) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(160 + uid.utf8.count + (decision.patch?.utf8.count ?? 0))
        out.append(contentsOf: #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"allowed":true"#.utf8)
        if let patch = decision.patch {
            out.append(contentsOf: #","patch":"#.utf8)
            JSONTextWriter.writeString(patch, to: &out)
            out.append(contentsOf: #","patchType":"JSONPatch""#.utf8)
        }
        out.append(contentsOf: #","uid":"#.utf8)
        JSONTextWriter.writeString(uid, to: &out)
        if !decision.warnings.isEmpty {
            out.append(contentsOf: #","warnings":"#.utf8)
            out.append(contentsOf: JSONTextWriter.bytes(.array(decision.warnings.map(JSONValue.string))))
        }
        out.append(contentsOf: "}}".utf8)
        return Data(out)
    }
}
