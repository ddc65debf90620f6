/// How one request to `/mutate` ended, for the response code and the metrics.
public enum AdmissionOutcome: String, Sendable, CaseIterable {
    /// The sidecar was added (the response carries a patch).
    case injected
    /// Allowed unchanged: opted out, not selected, already injected, not a CREATE.
    case skipped
    /// Allowed unchanged with a `warnings` entry: a review the webhook understood about a pod it could not handle.
    case warned
    /// HTTP 400: not an `admission.k8s.io/v1` AdmissionReview.
    case badRequest = "bad_request"
    /// HTTP 413: body over the limit.
    case tooLarge = "too_large"
}
