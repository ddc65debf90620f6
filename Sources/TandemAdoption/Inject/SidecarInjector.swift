import TandemAPI

/// Adds a sidecar to a pod spec as a JSON Patch over the raw JSON, so every field of the pod,
/// known to tandem or not, survives. Shared by `tandem inject` and the admission webhook.
///
/// Native mode adds one init container with `restartPolicy: Always`, first among init containers
/// or right after `after`, and the sidecar's volumes. Universal mode adds the containers and the
/// shared `emptyDir` of `UniversalWrapper`. Injection is idempotent: containers and volumes that
/// are already there as they would be added are left alone, and a pod carrying the marker
/// annotation (`markerAnnotation(for:)`) with the sidecar container present is not touched. An
/// existing container or volume of the same name that differs is an error unless `replace`.
public struct SidecarInjector: Sendable {
    public var sidecar: SidecarDefinition
    public var mode: InjectionMode
    public var after: String?
    public var replace: Bool

    public init(sidecar: SidecarDefinition, mode: InjectionMode, after: String? = nil, replace: Bool = false) {
        self.sidecar = sidecar
        self.mode = mode
        self.after = after
        self.replace = replace
    }

    /// The annotation recording an injection: key `sidecar.tandem.dev/NAME`, value the mode.
    public static func markerAnnotation(for sidecarName: String) -> String {
        "sidecar.tandem.dev/" + sidecarName
    }

    /// The patch for the pod spec object `podSpec`, found at `specPointer` in the document
    /// (`/spec` for a Pod, `/spec/template/spec` for a Deployment). Throws `InjectionError` for a
    /// spec that is not an object, a name conflict without `replace`, an unknown `after`, or a
    /// sidecar universal mode cannot wrap.
    public func patch(podSpec: JSONValue, at specPointer: String) throws(InjectionError) -> InjectionResult {
        guard let pointer = JSONPointer(specPointer) else {
            throw InjectionError("not a JSON pointer: \(InjectionError.quoted(specPointer))")
        }
        var plan = try InjectionPlan(spec: podSpec, pointer: pointer, replace: replace)
        let desired = try desiredSpec(podSpec)
        try plan.place(initContainers: desired.initContainers, after: after)
        try plan.place(containers: desired.containers)
        try plan.place(volumes: desired.volumes)
        let already = plan.operations.isEmpty
        return InjectionResult(operations: plan.operations, alreadyInjected: already,
                               notes: already ? ["\(InjectionError.quoted(sidecar.name)) is already injected"] : desired.notes)
    }

    /// The patch for a Pod or pod template object (`metadata` + `spec`) at `templatePointer`
    /// (`""` for a Pod, `/spec/template` for a Deployment): as `patch(podSpec:at:)`, plus the
    /// marker annotation, which is checked first and added with the sidecar.
    public func patch(podTemplate: JSONValue, at templatePointer: String) throws(InjectionError) -> InjectionResult {
        guard let pointer = JSONPointer(templatePointer) else {
            throw InjectionError("not a JSON pointer: \(InjectionError.quoted(templatePointer))")
        }
        guard case .object(let template) = podTemplate else {
            throw InjectionError("\(Self.location(pointer)): expected an object, got \(SidecarDefinition.kind(podTemplate))")
        }
        let spec = template["spec"] ?? .null
        let key = Self.markerAnnotation(for: sidecar.name)
        var metadata: [String: JSONValue]?
        var annotations: [String: JSONValue]?
        switch template["metadata"] {
        case nil, .null?: break
        case .object(let object)?:
            metadata = object
            switch object["annotations"] {
            case nil, .null?: break
            case .object(let existing)?: annotations = existing
            default: throw InjectionError("\(Self.location(pointer.appending("metadata").appending("annotations"))): expected an object")
            }
        default:
            throw InjectionError("\(Self.location(pointer.appending("metadata"))): expected an object")
        }
        if annotations?[key] != nil, Self.containerNames(in: spec).contains(sidecar.name) {
            return InjectionResult(operations: [], alreadyInjected: true,
                                   notes: ["\(InjectionError.quoted(sidecar.name)) is already injected (annotation \(InjectionError.quoted(key)))"])
        }
        var result = try patch(podSpec: spec, at: pointer.appending("spec").description)
        if result.alreadyInjected, annotations?[key] == nil {
            // Containers identical to ours, but no record: leave the pod as it is.
            return result
        }
        let marker = JSONValue.string(mode.rawValue)
        let metadataPointer = pointer.appending("metadata")
        if metadata == nil {
            result.operations.append(.add(metadataPointer, .object(["annotations": .object([key: marker])])))
        } else if annotations == nil {
            result.operations.append(.add(metadataPointer.appending("annotations"), .object([key: marker])))
        } else if annotations?[key] == nil {
            result.operations.append(.add(metadataPointer.appending("annotations").appending(key), marker))
        }
        return result
    }

    static func location(_ pointer: JSONPointer) -> String {
        pointer.tokens.isEmpty ? "the object" : pointer.tokens.joined(separator: ".")
    }

    static func containerNames(in spec: JSONValue) -> [String] {
        guard case .object(let object) = spec else { return [] }
        return ["initContainers", "containers"].flatMap { list -> [String] in
            guard case .array(let items)? = object[list] else { return [] }
            return items.compactMap { item in
                if case .object(let container) = item, case .string(let name)? = container["name"] { return name }
                return nil
            }
        }
    }
}
