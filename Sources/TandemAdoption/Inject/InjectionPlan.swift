import TandemAPI

/// The patch being built for one pod spec: each operation is applied to a working copy at once,
/// so the indexes of later operations are those of the document they will meet.
struct InjectionPlan {
    private(set) var spec: JSONValue
    let pointer: JSONPointer
    let replace: Bool
    private(set) var operations: [JSONPatchOperation] = []

    init(spec: JSONValue, pointer: JSONPointer, replace: Bool) throws(InjectionError) {
        guard case .object = spec else {
            throw InjectionError("\(SidecarInjector.location(pointer)): expected a pod spec object, got \(SidecarDefinition.kind(spec))")
        }
        self.spec = spec
        self.pointer = pointer
        self.replace = replace
    }

    mutating func place(initContainers desired: [[String: JSONValue]], after: String?) throws(InjectionError) {
        var missing: [[String: JSONValue]] = []
        for container in desired {
            if try settleExisting(container, in: "initContainers", other: "containers") { missing.append(container) }
        }
        guard !missing.isEmpty else { return }
        let existing = try items("initContainers")
        var index = 0
        if let after {
            guard let position = existing?.firstIndex(where: { Self.name(of: $0) == after }) else {
                throw InjectionError("no init container \(InjectionError.quoted(after)) to inject after")
            }
            index = position + 1
        }
        if existing == nil {
            try record(.add(JSONPointer(tokens: ["initContainers"]), .array(missing.map(JSONValue.object))))
            return
        }
        for (offset, container) in missing.enumerated() {
            try record(.add(JSONPointer(tokens: ["initContainers"]).appending(index + offset), .object(container)))
        }
    }

    mutating func place(containers desired: [[String: JSONValue]]) throws(InjectionError) {
        for container in desired where try settleExisting(container, in: "containers", other: "initContainers") {
            try append(container, to: "containers")
        }
    }

    mutating func place(volumes desired: [[String: JSONValue]]) throws(InjectionError) {
        for volume in desired {
            let name = Self.name(of: .object(volume)) ?? ""
            if let index = try items("volumes")?.firstIndex(where: { Self.name(of: $0) == name }) {
                guard try items("volumes")?[index] != .object(volume) else { continue }
                guard replace else {
                    throw InjectionError("volume \(InjectionError.quoted(name)) already exists with a different definition (use --replace to replace it)")
                }
                try record(JSONPatchOperation(op: .replace, path: JSONPointer(tokens: ["volumes"]).appending(index), value: .object(volume)))
                continue
            }
            try append(volume, to: "volumes")
        }
    }

    /// Whether `container` still has to be added to `list`: false when it is there as wanted
    /// (or was replaced in place); a differing one is an error unless `replace`, and one in the
    /// `other` list is removed from there first.
    private mutating func settleExisting(_ container: [String: JSONValue], in list: String, other: String) throws(InjectionError) -> Bool {
        let name = Self.name(of: .object(container)) ?? ""
        if let index = try items(list)?.firstIndex(where: { Self.name(of: $0) == name }) {
            guard try items(list)?[index] != .object(container) else { return false }
            guard replace else {
                throw InjectionError("container \(InjectionError.quoted(name)) already exists in \(list) with a different definition (use --replace to replace it)")
            }
            try record(JSONPatchOperation(op: .replace, path: JSONPointer(tokens: [list]).appending(index), value: .object(container)))
            return false
        }
        if let index = try items(other)?.firstIndex(where: { Self.name(of: $0) == name }) {
            guard replace else {
                throw InjectionError("container \(InjectionError.quoted(name)) already exists in \(other) (use --replace to replace it)")
            }
            try record(JSONPatchOperation(op: .remove, path: JSONPointer(tokens: [other]).appending(index)))
        }
        return true
    }

    private mutating func append(_ item: [String: JSONValue], to list: String) throws(InjectionError) {
        if try items(list) == nil {
            try record(.add(JSONPointer(tokens: [list]), .array([.object(item)])))
        } else {
            try record(.add(JSONPointer(tokens: [list, "-"]), .object(item)))
        }
    }

    /// The list at `key`; nil when absent or null (then the whole list is added).
    private func items(_ key: String) throws(InjectionError) -> [JSONValue]? {
        guard case .object(let object) = spec else { return nil }
        switch object[key] {
        case nil, .null?: return nil
        case .array(let items)?: return items
        case let other?:
            throw InjectionError("\(SidecarInjector.location(pointer.appending(key))): expected a list, got \(SidecarDefinition.kind(other))")
        }
    }

    /// Applies `relative` (a path inside the spec) to the working copy and records it with the
    /// spec's own pointer in front.
    private mutating func record(_ relative: JSONPatchOperation) throws(InjectionError) {
        do {
            spec = try relative.apply(to: spec)
        } catch {
            throw InjectionError("internal error: \(error.description)")
        }
        var absolute = relative
        absolute.path = JSONPointer(tokens: pointer.tokens + relative.path.tokens)
        operations.append(absolute)
    }

    static func name(of item: JSONValue) -> String? {
        if case .object(let object) = item, case .string(let name)? = object["name"] { return name }
        return nil
    }
}
