import TandemAPI

/// All that `SidecarInjector.patch(podTemplate:at:)` reads of a pod template (`metadata` + `spec`) that
/// carries none of the names the sidecar adds and not its marker annotation: whether `metadata` and its
/// `annotations` are there, whether each of `initContainers`, `containers` and `volumes` is a list, and
/// whether `restartPolicy` is `Always` (universal mode's stand-in container waits or exits by it). For such a
/// template the injector (without `after`) inserts at index 0 or appends with `-` by a list's presence, not
/// its length or contents, and compares existing items only when a name matches one it adds; so every
/// template of one shape gets the same patch, and `skeleton`, the smallest template of that shape, gets it
/// too. The admission webhook computes the patch once per shape and answers every pod of that shape with it
/// (two dozen shapes at most); pods outside it take the injector's full path. `PodTemplateShapeTests`
/// checks the claim against the injector on generated pods, names colliding or not.
public struct PodTemplateShape: Hashable, Sendable {
    public var hasMetadata: Bool
    public var hasAnnotations: Bool
    public var hasInitContainers: Bool
    public var hasContainers: Bool
    public var hasVolumes: Bool
    public var restartPolicyAlways: Bool

    public init(hasMetadata: Bool, hasAnnotations: Bool, hasInitContainers: Bool, hasContainers: Bool,
                hasVolumes: Bool, restartPolicyAlways: Bool) {
        self.hasMetadata = hasMetadata
        self.hasAnnotations = hasAnnotations && hasMetadata
        self.hasInitContainers = hasInitContainers
        self.hasContainers = hasContainers
        self.hasVolumes = hasVolumes
        self.restartPolicyAlways = restartPolicyAlways
    }

    /// The shape of `template`; nil when the injector may read more of it: `metadata`, `annotations` or
    /// `spec` not an object (or null, where the injector allows it), a list field neither a list nor
    /// absent/null, an item named like one of `addedNames` (from `SidecarInjector.shapeNames()`), or the
    /// `markerAnnotation` present.
    @inlinable
    public init?<Template: JSONReadable>(of template: Template, addedNames: Set<String>, markerAnnotation: String) {
        guard template.jsonKind == .object, let spec = template["spec"], spec.jsonKind == .object else {
            return nil
        }
        let metadata = template["metadata"]
        guard let metadataPresent = Self.presence(metadata, .object) else { return nil }
        var annotationsPresent = false
        if metadataPresent {
            let annotations = metadata?["annotations"]
            guard let present = Self.presence(annotations, .object) else { return nil }
            if present, annotations?[markerAnnotation] != nil { return nil }
            annotationsPresent = present
        }
        var lists: [Bool] = []
        for field in ["initContainers", "containers", "volumes"] {
            let list = spec[field]
            guard let present = Self.presence(list, .array) else { return nil }
            if present, list?.elements.contains(where: { item in
                item["name"]?.textValue.map(addedNames.contains) ?? false
            }) == true {
                return nil
            }
            lists.append(present)
        }
        self.init(hasMetadata: metadataPresent, hasAnnotations: annotationsPresent, hasInitContainers: lists[0],
                  hasContainers: lists[1], hasVolumes: lists[2],
                  restartPolicyAlways: spec["restartPolicy"]?.textValue.map { $0 == "Always" } ?? true)
    }

    /// false for a missing or null value, true for one of `kind`, nil for anything else.
    @usableFromInline
    static func presence<Value: JSONReadable>(_ value: Value?, _ kind: JSONKind) -> Bool? {
        switch value?.jsonKind {
        case nil, .null?: false
        case kind?: true
        default: nil
        }
    }

    /// The smallest template of this shape: empty objects and lists where the shape has them.
    public var skeleton: JSONValue {
        var spec: [String: JSONValue] = [:]
        if hasInitContainers { spec["initContainers"] = .array([]) }
        if hasContainers { spec["containers"] = .array([]) }
        if hasVolumes { spec["volumes"] = .array([]) }
        if !restartPolicyAlways { spec["restartPolicy"] = .string("Never") }
        var template: [String: JSONValue] = ["spec": .object(spec)]
        if hasMetadata { template["metadata"] = .object(hasAnnotations ? ["annotations": .object([:])] : [:]) }
        return .object(template)
    }
}

extension SidecarInjector {
    /// The names of every container and volume this injector adds, for `PodTemplateShape(of:addedNames:…)`;
    /// nil when shapes do not apply: an injector with `after` (its position depends on the list's contents)
    /// or one whose sidecar cannot be wrapped (every pod gets the full path and its error).
    public func shapeNames() -> Set<String>? {
        guard after == nil, let desired = try? desiredSpec(PodTemplateShape.emptySpec) else { return nil }
        let items = desired.initContainers + desired.containers + desired.volumes
        return Set(items.compactMap { item in
            if case .string(let name)? = item["name"] { return name }
            return nil
        })
    }
}

extension PodTemplateShape {
    static let emptySpec = JSONValue.object([:])
}
