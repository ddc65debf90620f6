import Foundation
import TandemAPI

/// One call of a mutating webhook during admission, as the API server records it in audit
/// annotations (staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/mutating/dispatcher.go):
///
/// - `mutation.webhook.admission.k8s.io/round_N_index_M`: `{"configuration","webhook","mutated"}`
///   (audit level Metadata and above);
/// - `patch.webhook.admission.k8s.io/round_N_index_M`: `{"configuration","webhook","patch","patchType"}`
///   with the JSON patch as a JSON array (level Request and above);
/// - `failed-open.mutation.webhook.admission.k8s.io/round_N_index_M`: the webhook name, when
///   a `failurePolicy: Ignore` webhook failed.
///
/// Round 1 is the reinvocation round (`reinvocationPolicy: IfNeeded`); M is the webhook's
/// position among all mutating webhooks.
public struct WebhookInvocation: Sendable, Equatable {
    public var round: Int
    public var index: Int
    public var configuration: String
    public var webhook: String
    public var mutated: Bool?
    public var patch: [JSONValue]?
    public var failedOpen = false

    static let mutationPrefix = "mutation.webhook.admission.k8s.io/"
    static let patchPrefix = "patch.webhook.admission.k8s.io/"
    static let failedOpenPrefix = "failed-open.mutation.webhook.admission.k8s.io/"

    /// The invocations recorded in `annotations`, ordered by round and index; errors say which key is bad.
    static func parse(annotations: [String: String]) throws(AdmissionCheck.InputError) -> [WebhookInvocation] {
        var byKey: [String: WebhookInvocation] = [:]
        for (key, value) in annotations.sorted(by: { $0.key < $1.key }) {
            let kind: String
            let suffix: Substring
            if key.hasPrefix(failedOpenPrefix) {
                kind = "failed-open"; suffix = key.dropFirst(failedOpenPrefix.count)
            } else if key.hasPrefix(mutationPrefix) {
                kind = "mutation"; suffix = key.dropFirst(mutationPrefix.count)
            } else if key.hasPrefix(patchPrefix) {
                kind = "patch"; suffix = key.dropFirst(patchPrefix.count)
            } else {
                continue
            }
            guard let (round, index) = roundAndIndex(suffix) else {
                throw AdmissionCheck.InputError("annotation \(GoQuoting.quote(key)): expected round_N_index_M")
            }
            var invocation = byKey[String(suffix)] ?? WebhookInvocation(round: round, index: index, configuration: "", webhook: "")
            if kind == "failed-open" {
                invocation.failedOpen = true
                if invocation.webhook.isEmpty { invocation.webhook = value }
            } else {
                guard let data = value.data(using: .utf8),
                      let payload = try? JSONDecoder().decode(JSONValue.self, from: data),
                      case .string(let configuration)? = payload["configuration"],
                      case .string(let webhook)? = payload["webhook"]
                else {
                    throw AdmissionCheck.InputError("annotation \(GoQuoting.quote(key)): expected JSON with \"configuration\" and \"webhook\"")
                }
                invocation.configuration = configuration
                invocation.webhook = webhook
                if kind == "mutation" {
                    guard case .bool(let mutated)? = payload["mutated"] else {
                        throw AdmissionCheck.InputError("annotation \(GoQuoting.quote(key)): \"mutated\" must be true or false")
                    }
                    invocation.mutated = mutated
                } else {
                    switch payload["patch"] {
                    case .array(let operations)?: invocation.patch = operations
                    case nil, .null?: invocation.patch = []
                    default: throw AdmissionCheck.InputError("annotation \(GoQuoting.quote(key)): \"patch\" must be a JSON patch (an array)")
                    }
                    // A logged patch means the webhook answered with one; it changed the pod
                    // unless the patch was a no-op.
                    if invocation.mutated == nil, !(invocation.patch ?? []).isEmpty { invocation.mutated = true }
                }
            }
            byKey[String(suffix)] = invocation
        }
        return byKey.values.sorted { ($0.round, $0.index) < ($1.round, $1.index) }
    }

    private static func roundAndIndex(_ suffix: Substring) -> (Int, Int)? {
        let parts = suffix.split(separator: "_")
        guard parts.count == 4, parts[0] == "round", parts[2] == "index",
              let round = Int(parts[1]), let index = Int(parts[3]) else { return nil }
        return (round, index)
    }

    /// The operations of the logged patch that removed or overwrote the field of `change`,
    /// rendered `op path`; empty when the patch leaves it alone. `current` is the field's
    /// value before this call (nil: absent) and is updated, so that a later webhook that only
    /// carries an earlier change along (a `replace` of the whole list with what it was given)
    /// is not blamed for it. Patch paths are positions in the object as the webhook saw it,
    /// so both BEFORE's and AFTER's list positions are tried.
    func operations(touching change: FieldChange, current: inout JSONValue?) -> [String] {
        guard let patch else { return [] }
        let candidates = [JSONPointer.parseTokens(change.beforePointer), JSONPointer.parseTokens(change.afterPointer)].compactMap { $0 }
        var touching: [String] = []
        for operation in patch {
            guard case .string(let op)? = operation["op"], case .string(let path)? = operation["path"],
                  let tokens = JSONPointer.parseTokens(path) else { continue }
            var result: JSONValue??
            for field in candidates {
                switch op {
                case "remove":
                    if field.starts(with: tokens) { result = .some(nil) }
                case "move":
                    if case .string(let from)? = operation["from"], let fromTokens = JSONPointer.parseTokens(from),
                       field.starts(with: fromTokens) { result = .some(nil) }
                case "add", "replace":
                    guard field.starts(with: tokens) else { continue }
                    // `add` at a list position inserts; it does not overwrite what was there.
                    if op == "add", tokens.count < field.count, let last = tokens.last, last == "-" || Int(last) != nil { continue }
                    result = .some(JSONPointer.lookup(field.dropFirst(tokens.count), in: operation["value"] ?? .null))
                default:
                    continue
                }
                if result != nil { break }
            }
            guard case .some(let value) = result, !Self.same(value, current) else { continue }
            current = value
            touching.append("\(op) \(Printable.text(path))")
        }
        return touching
    }

    static func same(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        switch (lhs, rhs) {
        case let (l?, r?): return AdmissionDiff.same(l, r)
        case let (l?, nil): return AdmissionDiff.isEmpty(l)
        case let (nil, r?): return AdmissionDiff.isEmpty(r)
        case (nil, nil): return true
        }
    }
}
