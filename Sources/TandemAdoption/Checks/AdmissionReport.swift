import Foundation
import TandemAPI

/// What `tandem check-admission` found: the fields admission dropped or changed, the
/// sidecars that lost `restartPolicy: Always` and what follows, and the webhooks that did it
/// or can have. Exit code 0 when admission kept every field, 1 otherwise.
public struct AdmissionReport: Sendable, Equatable {
    public struct Object: Sendable, Equatable, Codable {
        public var file: String
        public var kind: String
        public var name: String
    }

    /// An init container that is no longer a sidecar.
    public struct SidecarLoss: Sendable, Equatable, Codable {
        public var container: String
        public var path: String
        /// The API server's validation errors for the pod as admitted (empty: it is accepted and hangs).
        public var rejectedWith: [String]
        public var explanation: String
    }

    public enum Verdict: String, Sendable, Equatable, Codable {
        /// Its logged patch removed or overwrote a reported field.
        case modified
        /// It sees pods CREATE (or mutated this one) and nothing rules it out.
        case canHave
        /// It was called and its patch is known not to touch the fields.
        case didNotTouch
        /// It was not called for this pod.
        case notCalled
    }

    public struct Touch: Sendable, Equatable, Codable {
        public var path: String
        /// `op path` of each patch operation that removed or overwrote it.
        public var operations: [String]
    }

    public struct WebhookFinding: Sendable, Equatable, Codable {
        public var configuration: String
        public var webhook: String
        public var reinvocationPolicy: String?
        public var failurePolicy: String?
        /// `round N index M` of each recorded call.
        public var calls: [String]
        public var verdict: Verdict
        public var detail: String
        public var touched: [Touch]
    }

    public var before: Object
    public var after: Object
    public var changes: [FieldChange]
    public var sidecarsLost: [SidecarLoss] = []
    /// Where the webhook calls were read (AFTER's annotations or the audit log line).
    public var auditSource: String?
    public var webhooksSource: String?
    public var invocations: [WebhookInvocation] = []
    public var webhooks: [WebhookFinding] = []
    public var notes: [String] = []
    /// AFTER was not given: it is BEFORE with the audit log's patches replayed.
    public var replayed = false

    public var exitCode: Int32 { changes.isEmpty ? 0 : 1 }

    var dropped: [FieldChange] { changes.filter { $0.kind == .dropped } }
    var changed: [FieldChange] { changes.filter { $0.kind == .changed } }

    private static func name(_ finding: WebhookFinding) -> String {
        "webhook \(GoQuoting.quote(finding.webhook)) (configuration \(GoQuoting.quote(finding.configuration)))"
    }

    public var verdict: String {
        guard !changes.isEmpty else { return "admission kept every field of the manifest" }
        var line = "\(dropped.count) field\(dropped.count == 1 ? "" : "s") dropped, \(changed.count) changed"
        if !sidecarsLost.isEmpty {
            line += "; \(sidecarsLost.count) sidecar\(sidecarsLost.count == 1 ? "" : "s") lost restartPolicy: Always"
        }
        let culprits = webhooks.filter { $0.verdict == .modified }
        let suspects = webhooks.filter { $0.verdict == .canHave }
        let lostPaths = Set(sidecarsLost.map(\.path))
        let stripping = culprits.filter { $0.touched.contains { lostPaths.contains($0.path) } }
        let others = culprits.filter { finding in !stripping.contains(finding) }
        if !stripping.isEmpty {
            line += ", stripped by " + stripping.map(Self.name).joined(separator: ", ")
        }
        if !others.isEmpty {
            line += stripping.isEmpty ? "; done by " : "; other changes by "
            line += others.map(Self.name).joined(separator: ", ")
        }
        if culprits.isEmpty, !suspects.isEmpty {
            line += "; can have been done by " + suspects.map(Self.name).joined(separator: ", ")
        } else if culprits.isEmpty, auditSource == nil, webhooksSource == nil {
            line += "; give --audit-log and --webhooks to find the webhook"
        } else if culprits.isEmpty {
            line += "; no webhook in the records explains it"
        }
        return line
    }

    /// Compact JSON of a value, cut at 100 characters for the text report.
    static func show(_ value: JSONValue?, limit: Int = 100) -> String {
        guard let value else { return "(absent)" }
        if case .string(let text) = value { return GoQuoting.quote(text) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    public func text() -> String {
        var out = "before: \(Printable.text(before.file)): \(before.kind) \(GoQuoting.quote(before.name))"
        out += before.kind == after.kind ? "\n" : ", pod template\n"
        if replayed {
            out += "after: BEFORE with the webhook patches of \(Printable.text(after.file)) replayed"
                + (after.name.isEmpty ? "\n" : " (Pod \(GoQuoting.quote(after.name)))\n")
        } else {
            out += "after: \(Printable.text(after.file)): \(Printable.text(after.kind)) \(GoQuoting.quote(after.name))\n"
        }
        for change in changes {
            let origin = change.origin == .default ? " (defaulted)" : ""
            switch change.kind {
            case .dropped: out += "dropped: \(change.path): \(Self.show(change.before))\(origin)\n"
            case .changed: out += "changed: \(change.path): \(Self.show(change.before)) -> \(Self.show(change.after))\(origin)\n"
            }
        }
        for loss in sidecarsLost {
            out += "sidecar lost: \(loss.path): \(loss.explanation)\n"
        }
        if !changes.isEmpty, !webhooks.isEmpty {
            let sources = [auditSource.map { "audit: \($0)" }, webhooksSource.map { "configurations: \($0)" }].compactMap { $0 }
            out += "webhooks (\(sources.joined(separator: "; "))):\n"
            for finding in webhooks {
                var facts: [String] = []
                if !finding.calls.isEmpty { facts.append(finding.calls.joined(separator: ", ")) }
                if let policy = finding.reinvocationPolicy { facts.append("reinvocationPolicy \(policy)") }
                if let policy = finding.failurePolicy { facts.append("failurePolicy \(policy)") }
                out += "  \(Self.name(finding))"
                out += facts.isEmpty ? "" : " [\(facts.joined(separator: ", "))]"
                out += ": \(finding.verdict.rawValue): \(finding.detail)\n"
                for touch in finding.touched {
                    out += "    \(touch.path): \(touch.operations.joined(separator: ", "))\n"
                }
            }
        }
        for note in notes { out += "note: \(note)\n" }
        return out + "verdict: \(verdict)\n"
    }

    /// The report as JSON, keys in reading order.
    public func json() -> String {
        func object(_ object: Object) -> JSONNode {
            .object([("file", .string(object.file)), ("kind", .string(object.kind)), ("name", .string(object.name))])
        }
        let changeNodes: [JSONNode] = changes.map { change in
            var fields: [(String, JSONNode)] = [("kind", .string(change.kind.rawValue)), ("path", .string(change.path)),
                                                ("pointer", .string(change.afterPointer)), ("before", JSONNode(change.before))]
            if let after = change.after { fields.append(("after", JSONNode(after))) }
            fields.append(("origin", .string(change.origin.rawValue)))
            return .object(fields)
        }
        let lossNodes: [JSONNode] = sidecarsLost.map { loss in
            .object([("container", .string(loss.container)), ("path", .string(loss.path)),
                     ("rejectedWith", .strings(loss.rejectedWith)), ("explanation", .string(loss.explanation))])
        }
        let webhookNodes: [JSONNode] = (changes.isEmpty ? [] : webhooks).map { finding in
            .object([
                ("configuration", .string(finding.configuration)), ("webhook", .string(finding.webhook)),
                ("reinvocationPolicy", .optional(finding.reinvocationPolicy)), ("failurePolicy", .optional(finding.failurePolicy)),
                ("calls", .strings(finding.calls)), ("verdict", .string(finding.verdict.rawValue)), ("detail", .string(finding.detail)),
                ("touched", .array(finding.touched.map { .object([("path", .string($0.path)), ("operations", .strings($0.operations))]) })),
            ])
        }
        let report = JSONNode.object([
            ("before", object(before)), ("after", object(after)), ("replayed", .bool(replayed)),
            ("changes", .array(changeNodes)), ("sidecarsLost", .array(lossNodes)),
            ("auditSource", .optional(auditSource)), ("webhooksSource", .optional(webhooksSource)),
            ("webhooks", .array(webhookNodes)), ("notes", .strings(notes)), ("verdict", .string(verdict)),
        ])
        return report.rendered() + "\n"
    }
}
