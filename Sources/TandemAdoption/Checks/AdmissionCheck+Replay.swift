import Foundation
import TandemAPI
import TandemManifest

extension AdmissionCheck {
    /// Without AFTER: when the API server rejected the pod (`startupProbe: Forbidden: may not
    /// be set for init containers without restartPolicy=Always`) there is no object to compare,
    /// but the audit event of the failed creation still carries every webhook's patch. Each
    /// field of BEFORE is replayed through those patches in order; the fields they removed
    /// or overwrote are the changes, and AFTER is BEFORE with them applied.
    public static func replay(
        before document: ManifestDocument, auditLog: (file: String, text: String),
        webhooks: (file: String, documents: [JSONValue])? = nil
    ) throws(InputError) -> AdmissionReport {
        var defaulted = document.object
        Defaulting.apply(to: &defaulted)
        guard let rawLocation = document.object.podSpecLocation, let location = defaulted.podSpecLocation else {
            throw InputError("\(document.file): \(document.object.kind) has no pod spec")
        }
        let isPod = document.object.kind == "Pod"
        let name = document.object.name ?? ""
        let metadata = location.metadata
        let generateName = metadata?.generateName ?? ""
        guard isPod ? !(name.isEmpty && generateName.isEmpty) : !name.isEmpty else {
            throw InputError("\(document.file): a name is needed to find the pod's creation in the audit log")
        }
        var identity: [String: JSONValue] = [:]
        if isPod, !name.isEmpty { identity["name"] = .string(name) }
        if isPod, !generateName.isEmpty { identity["generateName"] = .string(generateName) }
        if let namespace = Self.namespace(of: document.object), !namespace.isEmpty { identity["namespace"] = .string(namespace) }
        guard let found = try AuditLog.invocations(for: .object(["metadata": .object(identity)]), in: auditLog.text,
                                                   file: auditLog.file, namePrefix: isPod ? nil : name + "-")
        else {
            throw InputError("\(auditLog.file): no creation of \(isPod ? "Pod" : "a pod of \(document.object.kind)") \(GoQuoting.quote(name.isEmpty ? generateName : name)) in it")
        }

        let rawSpec = try encode(rawLocation.spec, file: document.file)
        let spec = try encode(location.spec, file: document.file)
        var candidates: [FieldChange] = []
        collectLeaves(spec, raw: rawSpec, tokens: ["spec"], rendered: "spec", into: &candidates)
        var changes: [FieldChange] = []
        var afterSpec = JSONValue.object(["spec": spec])
        for var candidate in candidates {
            var current: JSONValue? = candidate.before
            for invocation in found.invocations {
                _ = invocation.operations(touching: candidate, current: &current)
            }
            guard !WebhookInvocation.same(current, candidate.before) else { continue }
            candidate.after = current
            candidate.kind = current == nil ? .dropped : .changed
            changes.append(candidate)
            if let tokens = JSONPointer.parseTokens(candidate.beforePointer) {
                JSONPointer.set(tokens[...], to: current, in: &afterSpec)
            }
        }
        let replayedSpec = afterSpec["spec"] ?? .object([:])
        var report = AdmissionReport(
            before: AdmissionReport.Object(file: document.file, kind: document.object.kind, name: name),
            after: AdmissionReport.Object(file: auditLog.file, kind: "Pod",
                                          name: found.podName ?? (isPod ? name : "")),
            changes: changes)
        report.sidecarsLost = sidecarLosses(changes, spec: location.spec, metadata: metadata, specPath: "spec",
                                            afterSpec: replayedSpec, creator: podCreator[document.object.kind])
        report.replayed = true
        if let rejection = found.rejection { report.notes.append(rejection) }
        report.auditSource = found.source
        report.invocations = found.invocations
        var configured: [MutatingWebhook] = []
        if let webhooks {
            configured = try MutatingWebhook.parse(webhooks.documents, file: webhooks.file)
            report.webhooksSource = Printable.text(webhooks.file)
        }
        var afterMetadata: [String: JSONValue] = identity
        if let labels = metadata?.labels { afterMetadata["labels"] = .object(labels.mapValues { .string($0) }) }
        let after = JSONValue.object(["metadata": .object(afterMetadata), "spec": replayedSpec])
        report.webhooks = findings(changes: changes, invocations: found.invocations, configured: configured,
                                   auditKnown: true, after: after, afterMetadata: .object(afterMetadata))
        return report
    }

    private static func namespace(of object: ManifestObject) -> String? {
        switch object {
        case .pod(let value): return value.metadata?.namespace
        case .job(let value): return value.metadata?.namespace
        case .cronJob(let value): return value.metadata?.namespace
        case .deployment(let value): return value.metadata?.namespace
        case .statefulSet(let value): return value.metadata?.namespace
        case .daemonSet(let value): return value.metadata?.namespace
        case .replicaSet(let value): return value.metadata?.namespace
        }
    }

    /// Every value of the pod spec that was written in the manifest (scalars and lists of
    /// scalars), addressed like `AdmissionDiff` does.
    private static func collectLeaves(_ value: JSONValue, raw: JSONValue?, tokens: [String], rendered: String,
                                      into leaves: inout [FieldChange]) {
        guard let raw else { return }
        switch value {
        case .object(let fields):
            let map = AdmissionDiff.Position.maps.contains(tokens.last ?? "")
            for key in fields.keys.sorted() {
                guard let child = fields[key] else { continue }
                let path = map ? "\(rendered)[\(Printable.text(key))]" : "\(rendered).\(Printable.text(key))"
                collectLeaves(child, raw: raw[key], tokens: tokens + [key], rendered: path, into: &leaves)
            }
        case .array(let elements) where elements.contains(where: { if case .object = $0 { return true }; return false }):
            guard case .array(let rawElements) = raw else { return }
            for (index, element) in elements.enumerated() where index < rawElements.count {
                collectLeaves(element, raw: rawElements[index], tokens: tokens + [String(index)], rendered: "\(rendered)[\(index)]",
                              into: &leaves)
            }
        default:
            if AdmissionDiff.isEmpty(value) { return }
            let pointer = JSONPointer.render(tokens)
            leaves.append(FieldChange(kind: .dropped, path: rendered, beforePointer: pointer, afterPointer: pointer,
                                      before: value, after: nil, origin: .manifest))
        }
    }
}

extension JSONPointer {
    /// Sets (or, with nil, removes) the value at `tokens` inside objects and arrays that exist.
    static func set(_ tokens: ArraySlice<String>, to value: JSONValue?, in target: inout JSONValue) {
        guard let first = tokens.first else {
            if let value { target = value }
            return
        }
        switch target {
        case .object(var fields):
            if tokens.count == 1 {
                fields[first] = value
            } else if var child = fields[first] {
                set(tokens.dropFirst(), to: value, in: &child)
                fields[first] = child
            }
            target = .object(fields)
        case .array(var list):
            guard let index = Int(first), list.indices.contains(index) else { return }
            if tokens.count == 1 {
                if let value { list[index] = value } else { list.remove(at: index) }
            } else {
                set(tokens.dropFirst(), to: value, in: &list[index])
            }
            target = .array(list)
        default:
            return
        }
    }
}
