import TandemAPI
import TandemAdoption

/// What the webhook asks of whoever adds the sidecar: the server owns the AdmissionReview protocol, selectors,
/// opt-outs and the mode choice; the mutator only turns a pod into add-only RFC 6902 operations (the sidecar and
/// its marker annotation).
/// `SidecarInjector` (TandemAdoption) is the shipped mutator; tests use small ones.
public protocol AdmissionMutator: Sendable {
    /// The injected container's name, for messages.
    var sidecarName: String { get }

    /// The pod annotation that records an injection; a pod carrying it is never injected again.
    var markerAnnotation: String { get }

    /// Operations (pointers from the pod's root) that add the sidecar and the marker annotation to `pod`.
    /// Throws when the pod cannot take the sidecar (the webhook then allows it unchanged, with a warning).
    func patch(pod: JSONValue, mode: SidecarMode) throws -> AdmissionMutation

    /// The same answer as `patch(pod:mode:)` for `pod` read in place from the request text, for mutators that
    /// need little of a pod to answer; the default builds the pod (`pod.value`) and calls `patch(pod:mode:)`.
    func patch(reading pod: JSONTapeValue, mode: SidecarMode) throws -> AdmissionMutation
}

extension AdmissionMutator {
    public func patch(reading pod: JSONTapeValue, mode: SidecarMode) throws -> AdmissionMutation {
        try patch(pod: pod.value, mode: mode)
    }
}

/// How the sidecar is added: `native` is a restartable init container (KEP-753); `universal` also works on
/// kubelets without native sidecars (the "Adopting Sidecar Containers" guide's runtime detection).
public enum SidecarMode: String, Sendable, CaseIterable {
    case native
    case universal
}

/// A mutator's answer: the pod already has the sidecar, or the operations that add it.
public enum AdmissionMutation: Sendable, Equatable {
    case alreadyInjected
    /// RFC 6902 operations, each `{"op":"add","path":…,"value":…}`.
    case operations([JSONValue])
    /// Operations already written out: the base64 of their JSON text, as the AdmissionReview's `patch` carries
    /// it, for a mutator that answers many pods with one patch.
    case encoded(base64: String)

    /// `operations` written as the AdmissionReview's `patch` (compact JSON, sorted keys, base64); `encoded`
    /// as it is; nil for `alreadyInjected` or no operations.
    var base64Patch: String? {
        switch self {
        case .alreadyInjected: nil
        case .operations(let operations):
            operations.isEmpty ? nil : JSONTextWriter.base64(.array(operations))
        case .encoded(let base64): base64.isEmpty ? nil : base64
        }
    }
}
