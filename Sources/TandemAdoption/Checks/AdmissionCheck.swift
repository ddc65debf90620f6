import Foundation
import TandemAPI
import TandemManifest
import TandemValidation

/// `tandem check-admission`: what admission did to a manifest. Compares BEFORE (the manifest
/// sent, defaulted as the API server does) with AFTER (what came back: `kubectl create
/// --dry-run=server -o yaml`, or `kubectl get pod -o yaml` of the created pod; for a workload
/// BEFORE, AFTER may be one of its pods and the pod template is compared with the pod), names
/// every field dropped or changed, explains a lost `restartPolicy: Always` on an init
/// container, and names the mutating webhooks that did it or can have done it, from audit
/// annotations and the webhook configurations.
public enum AdmissionCheck {
    /// Bad input: one line naming the file and the problem.
    public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public static func check(
        before document: ManifestDocument, after afterDocuments: [JSONValue], afterFile: String,
        auditLog: (file: String, text: String)? = nil, webhooks: (file: String, documents: [JSONValue])? = nil
    ) throws(InputError) -> AdmissionReport {
        // BEFORE: raw and defaulted, as JSON trees.
        var defaulted = document.object
        Defaulting.apply(to: &defaulted)
        guard let rawLocation = document.object.podSpecLocation, let location = defaulted.podSpecLocation else {
            throw InputError("\(document.file): \(document.object.kind) has no pod spec")
        }
        let rawSpec = try encode(rawLocation.spec, file: document.file)
        let spec = try encode(location.spec, file: document.file)

        // AFTER: one object, the same kind or a Pod.
        let after = try single(afterDocuments, file: afterFile)
        guard case .string(let afterKind)? = after["kind"] else {
            throw InputError("\(afterFile): missing \"kind\"")
        }
        let beforeKind = document.object.kind
        guard afterKind == "Pod" || afterKind == beforeKind else {
            throw InputError("\(afterFile): kind \(GoQuoting.quote(afterKind)) cannot come from a \(beforeKind) (expected Pod\(beforeKind == "Pod" ? "" : " or \(beforeKind)"))")
        }
        let specTokens = afterKind == "Pod" ? ["spec"] : location.path.split(separator: ".").map(String.init)
        let metadataTokens = afterKind == "Pod" ? ["metadata"] : Array(specTokens.dropLast()) + ["metadata"]
        guard let afterSpec = JSONPointer.lookup(specTokens, in: after) else {
            throw InputError("\(afterFile): \(specTokens.joined(separator: ".")): missing")
        }
        let afterMetadata = JSONPointer.lookup(metadataTokens, in: after) ?? .object([:])
        try checkSameObject(document.object, after: after, afterKind: afterKind, afterFile: afterFile)

        var diff = AdmissionDiff()
        let specPosition = AdmissionDiff.Position(rendered: specTokens.joined(separator: "."),
                                                  beforeTokens: specTokens, afterTokens: specTokens)
        diff.compare(spec, afterSpec, raw: rawSpec, at: specPosition)
        let metadataPosition = AdmissionDiff.Position(rendered: metadataTokens.joined(separator: "."),
                                                      beforeTokens: metadataTokens, afterTokens: metadataTokens)
        let metadata = location.metadata
        for (field, value) in [("labels", metadata?.labels), ("annotations", metadata?.annotations)] {
            guard let value, !value.isEmpty else { continue }
            let tree = JSONValue.object(value.mapValues { .string($0) })
            diff.compare(tree, afterMetadata[field], raw: tree, at: metadataPosition.key(field))
        }
        if beforeKind == "Pod", afterKind == "Pod", let name = metadata?.name, !name.isEmpty {
            diff.compare(.string(name), afterMetadata["name"], raw: .string(name), at: metadataPosition.key("name"))
        }

        var changes = diff.changes
        if afterKind == "Pod", let rewritten = Self.controllerRewrites[beforeKind] {
            changes.removeAll { change in rewritten.contains { change.path == $0 || change.path.hasPrefix($0 + ".") || change.path.hasPrefix($0 + "[") } }
        }
        var report = AdmissionReport(
            before: AdmissionReport.Object(file: document.file, kind: beforeKind, name: document.object.name ?? ""),
            after: AdmissionReport.Object(file: afterFile, kind: afterKind, name: Self.string(after["metadata"]?["name"]) ?? ""),
            changes: changes)
        report.sidecarsLost = sidecarLosses(report.changes, spec: location.spec, metadata: location.metadata,
                                            specPath: specTokens.joined(separator: "."), afterSpec: afterSpec,
                                            creator: Self.podCreator[beforeKind])

        // Webhooks: audit annotations on AFTER and in the audit log, and the configurations.
        var annotations: [String: String] = [:]
        if case .object(let fields)? = after["metadata"]?["annotations"] {
            for (key, value) in fields { if case .string(let text) = value { annotations[key] = text } }
        }
        var invocations: [WebhookInvocation]
        do {
            invocations = try WebhookInvocation.parse(annotations: annotations)
        } catch {
            throw InputError("\(afterFile): metadata.annotations: \(error.description)")
        }
        if !invocations.isEmpty { report.auditSource = "\(Printable.text(afterFile)) (metadata.annotations)" }
        if let auditLog {
            let found = try AuditLog.invocations(for: after, in: auditLog.text, file: auditLog.file)
            if let found {
                report.auditSource = found.source
                for invocation in found.invocations
                where !invocations.contains(where: { $0.round == invocation.round && $0.index == invocation.index }) {
                    invocations.append(invocation)
                }
                invocations.sort { ($0.round, $0.index) < ($1.round, $1.index) }
            } else {
                report.notes.append("\(Printable.text(auditLog.file)): no audit event for the creation of this pod with webhook annotations")
            }
        }
        report.invocations = invocations
        var configured: [MutatingWebhook] = []
        if let webhooks {
            configured = try MutatingWebhook.parse(webhooks.documents, file: webhooks.file)
            report.webhooksSource = Printable.text(webhooks.file)
        }
        report.webhooks = findings(changes: report.changes, invocations: invocations, configured: configured,
                                   auditKnown: report.auditSource != nil, after: after, afterMetadata: afterMetadata)
        return report
    }

    /// Pod fields a workload controller sets itself when it creates the pod, whatever the
    /// template says: the StatefulSet controller's `updateIdentity` (hostname = pod name,
    /// subdomain = serviceName) and the DaemonSet controller's
    /// `ReplaceDaemonSetPodNodeNameNodeAffinity` (required node affinity pinned to one node).
    static let controllerRewrites: [String: [String]] = [
        "StatefulSet": ["spec.hostname", "spec.subdomain"],
        "DaemonSet": ["spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"],
    ]

    /// The controller that creates a workload's pods, where a rejected pod shows up.
    static let podCreator = ["Deployment": "ReplicaSet", "ReplicaSet": "ReplicaSet", "StatefulSet": "StatefulSet",
                             "DaemonSet": "DaemonSet", "Job": "Job", "CronJob": "Job"]

    /// AFTER must be BEFORE as admitted: the same name, or for a workload's pod a name (or
    /// generateName) its controller gives: `NAME-…` (`orders-7c9f8d6b5-x2x7k`, `web-0`).
    private static func checkSameObject(_ before: ManifestObject, after: JSONValue, afterKind: String,
                                        afterFile: String) throws(InputError) {
        guard let name = before.name, !name.isEmpty else { return }
        let afterName = string(after["metadata"]?["name"]) ?? ""
        let generateName = string(after["metadata"]?["generateName"]) ?? ""
        if afterKind == before.kind {
            if !afterName.isEmpty, afterName != name {
                throw InputError("\(afterFile): \(afterKind) \(GoQuoting.quote(afterName)) is not \(before.kind) \(GoQuoting.quote(name)) as admitted")
            }
        } else if !(afterName.hasPrefix(name + "-") || generateName.hasPrefix(name + "-")) {
            throw InputError("\(afterFile): Pod \(GoQuoting.quote(afterName.isEmpty ? generateName : afterName)) was not created from \(before.kind) \(GoQuoting.quote(name)) (its pods are named \(GoQuoting.quote(name + "-…")))")
        }
    }

    static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    static func encode(_ spec: PodSpec, file: String) throws(InputError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(spec))
        } catch {
            throw InputError("\(file): cannot re-encode the pod spec: \(error)")
        }
    }

    private static func single(_ documents: [JSONValue], file: String) throws(InputError) -> JSONValue {
        var objects = documents
        if objects.count == 1, case .string("List")? = objects[0]["kind"], case .array(let items)? = objects[0]["items"] {
            objects = items
        }
        guard objects.count == 1, case .object = objects[0] else {
            throw InputError("\(file): expected one object, found \(objects.count)")
        }
        return objects[0]
    }
}
