import Foundation
import TandemAPI

/// A field of the manifest that admission dropped or changed.
public struct FieldChange: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, Codable {
        case dropped
        case changed
    }

    /// Where the value came from: written in the manifest, or added by defaulting.
    public enum Origin: String, Sendable, Equatable, Codable {
        case manifest
        case `default`
    }

    public var kind: Kind
    /// `spec.initContainers[0].restartPolicy`, relative to the AFTER object, indices of BEFORE.
    public var path: String
    /// JSON pointers (RFC 6901) to the field with BEFORE's and with AFTER's list positions.
    public var beforePointer: String
    public var afterPointer: String
    public var before: JSONValue
    public var after: JSONValue?
    public var origin: Origin
}

/// Compares what was sent (defaulted as the API server does) with what admission returned,
/// and lists every value of BEFORE that AFTER lacks or holds differently. Additions in AFTER
/// are the API server's and admission plugins' business (defaults, the service-account token
/// volume and its mounts, nodeName, tolerations, priority, injected sidecars) and are not
/// reported. Lists of objects are matched by their merge key (`name`, `mountPath`,
/// `containerPort`, …) so inserted elements do not shift the comparison.
///
/// A value that only defaulting put in BEFORE is reported when changed, never when missing:
/// the API server defaults again after every webhook patch (mutating `dispatcher.go`:
/// `o.GetObjectDefaulter().Default`), so a missing default means a different server version,
/// not a webhook. Empty values (`""`, `{}`, `[]`, `false`, null) are omitted by Go's
/// `omitempty` and are not reported missing either.
struct AdmissionDiff {
    private(set) var changes: [FieldChange] = []

    /// Merge keys of the pod spec's lists (the `patchMergeKey`s of core/v1 types.go).
    static let mergeKeys: [String: String] = [
        "containers": "name", "initContainers": "name", "ephemeralContainers": "name", "volumes": "name",
        "env": "name", "imagePullSecrets": "name", "resourceClaims": "name", "schedulingGates": "name",
        "volumeMounts": "mountPath", "volumeDevices": "devicePath", "ports": "containerPort",
        "hostAliases": "ip", "readinessGates": "conditionType",
    ]

    struct Position {
        var rendered: String
        var beforeTokens: [String]
        var afterTokens: [String]

        /// Fields whose members are map keys, rendered `[key]` as Kubernetes' field paths do
        /// (`metadata.labels[app.kubernetes.io/name]`, `resources.requests[cpu]`).
        static let maps: Set<String> = ["labels", "annotations", "nodeSelector", "requests", "limits", "overhead"]

        func key(_ key: String) -> Position {
            let segment = Self.maps.contains(beforeTokens.last ?? "") ? "[\(Printable.text(key))]"
                : (rendered.isEmpty ? "" : ".") + Printable.text(key)
            return Position(rendered: rendered + segment, beforeTokens: beforeTokens + [key], afterTokens: afterTokens + [key])
        }

        func index(before: Int, after: Int) -> Position {
            Position(rendered: rendered + "[\(before)]", beforeTokens: beforeTokens + [String(before)],
                     afterTokens: afterTokens + [String(after)])
        }
    }

    mutating func compare(_ before: JSONValue, _ after: JSONValue?, raw: JSONValue?, at position: Position) {
        guard let after else {
            if raw != nil, !Self.isEmpty(before) { record(.dropped, before, nil, raw: raw, at: position) }
            return
        }
        switch (before, after) {
        case (.object(let fields), .object(let afterFields)):
            for key in fields.keys.sorted() {
                guard let value = fields[key] else { continue }
                compare(value, afterFields[key], raw: raw?[key], at: position.key(key))
            }
        case (.array(let elements), .array(let afterElements)):
            compareLists(elements, afterElements, raw: raw, at: position)
        default:
            if !Self.same(before, after) { record(.changed, before, after, raw: raw, at: position) }
        }
    }

    private mutating func compareLists(_ elements: [JSONValue], _ afterElements: [JSONValue], raw: JSONValue?, at position: Position) {
        let rawElements: [JSONValue]? = { if case .array(let list)? = raw { return list }; return nil }()
        let field = position.beforeTokens.last ?? ""
        let objects = elements.allSatisfy { if case .object = $0 { return true }; return false }
        let key = Self.mergeKeys[field]
            ?? (objects && !elements.isEmpty && elements.allSatisfy { $0["name"] != nil } ? "name" : nil)
        guard objects, !elements.isEmpty else {
            if !Self.same(.array(elements), .array(afterElements)) {
                record(.changed, .array(elements), .array(afterElements), raw: raw, at: position)
            }
            return
        }
        for (index, element) in elements.enumerated() {
            let rawElement = rawElements.flatMap { index < $0.count ? $0[index] : nil }
            let match: Int?
            if let key, let value = element[key] {
                match = afterElements.firstIndex { $0[key].map { Self.same($0, value) } ?? false }
            } else {
                // No merge key (tolerations, envFrom, topologySpreadConstraints): an element
                // survives when an equal one is present anywhere.
                match = afterElements.firstIndex { Self.same($0, element) }
                if match == nil, rawElement != nil {
                    record(.dropped, element, nil, raw: rawElement, at: position.index(before: index, after: index))
                }
                continue
            }
            guard let match else {
                if rawElement != nil {
                    record(.dropped, element, nil, raw: rawElement, at: position.index(before: index, after: index))
                }
                continue
            }
            compare(element, afterElements[match], raw: rawElement, at: position.index(before: index, after: match))
        }
    }

    private mutating func record(_ kind: FieldChange.Kind, _ before: JSONValue, _ after: JSONValue?, raw: JSONValue?, at position: Position) {
        let origin: FieldChange.Origin = raw == nil ? .default : .manifest
        if kind == .dropped, origin == .default { return }
        changes.append(FieldChange(kind: kind, path: position.rendered,
                                   beforePointer: JSONPointer.render(position.beforeTokens),
                                   afterPointer: JSONPointer.render(position.afterTokens),
                                   before: before, after: after, origin: origin))
    }

    static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null, .bool(false): return true
        case .string(let text): return text.isEmpty
        case .array(let list): return list.isEmpty
        case .object(let fields): return fields.values.allSatisfy(isEmpty)
        default: return false
        }
    }

    /// Equality as the API server sees it: empty members count as absent.
    static func same(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let left), .object(let right)):
            let keys = Set(left.keys).union(right.keys)
            return keys.allSatisfy { key in
                switch (left[key], right[key]) {
                case let (l?, r?): return same(l, r)
                case let (l?, nil): return isEmpty(l)
                case let (nil, r?): return isEmpty(r)
                case (nil, nil): return true
                }
            }
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { same($0, $1) }
        default:
            return lhs == rhs
        }
    }
}

/// Token-list helpers over the one RFC 6901 `JSONPointer`, for the admission diff's free-form JSON.
extension JSONPointer {
    static func render(_ tokens: [String]) -> String {
        JSONPointer(tokens: tokens).description
    }

    static func parseTokens(_ pointer: String) -> [String]? {
        JSONPointer(pointer)?.tokens
    }

    /// The value at `tokens` below `value` (object members and array indices).
    static func lookup(_ tokens: some Collection<String>, in value: JSONValue) -> JSONValue? {
        var current = value
        for token in tokens {
            switch current {
            case .object(let fields):
                guard let next = fields[token] else { return nil }
                current = next
            case .array(let list):
                guard let index = Int(token), list.indices.contains(index) else { return nil }
                current = list[index]
            default:
                return nil
            }
        }
        return current
    }
}
