import TandemAPI

extension SidecarInjector {
    /// Where the pod templates of a Kubernetes object are: `""` for a Pod, `/spec/template` for
    /// the workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job),
    /// `/spec/jobTemplate/spec/template` for a CronJob, `/template` for a PodTemplate, and those of
    /// each item of a `kind: List`. Other kinds have none.
    public static func podTemplatePointers(in document: JSONValue) -> [JSONPointer] {
        guard case .object(let object) = document, case .string(let kind)? = object["kind"] else { return [] }
        switch kind {
        case "Pod":
            return [JSONPointer(tokens: [])]
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job":
            return [JSONPointer(tokens: ["spec", "template"])]
        case "CronJob":
            return [JSONPointer(tokens: ["spec", "jobTemplate", "spec", "template"])]
        case "PodTemplate":
            return [JSONPointer(tokens: ["template"])]
        case "List":
            guard case .array(let items)? = object["items"] else { return [] }
            return items.enumerated().flatMap { index, item in
                podTemplatePointers(in: item).map { JSONPointer(tokens: ["items", String(index)] + $0.tokens) }
            }
        default:
            return []
        }
    }

    /// The patch for a whole Kubernetes object: the sidecar goes into each of its pod templates
    /// (with the marker annotation); an object without pod templates gets an empty patch.
    /// Errors name the object: `Deployment "web": container "proxy" already exists …`.
    public func patch(document: JSONValue) throws(InjectionError) -> InjectionResult {
        var result = InjectionResult(operations: [], alreadyInjected: false, notes: [])
        let pointers = Self.podTemplatePointers(in: document)
        var already = !pointers.isEmpty
        for pointer in pointers {
            let owner = Self.owner(of: document, at: pointer)
            guard let template = Self.value(in: document, at: pointer), template != .null else {
                throw InjectionError("\(owner): no pod template at \(Self.location(pointer))")
            }
            do {
                let one = try patch(podTemplate: template, at: pointer.description)
                result.operations += one.operations
                result.notes += one.notes.map { "\(owner): \($0)" }
                already = already && one.alreadyInjected
            } catch {
                throw InjectionError("\(owner): \(error.message)")
            }
        }
        result.alreadyInjected = already
        return result
    }

    /// `Kind "name"` of the object (or List item) holding the template at `pointer`.
    static func owner(of document: JSONValue, at pointer: JSONPointer) -> String {
        var object = document
        if pointer.tokens.first == "items", pointer.tokens.count >= 2,
           let item = value(in: document, at: JSONPointer(tokens: Array(pointer.tokens.prefix(2)))) {
            object = item
        }
        guard case .object(let fields) = object else { return "object" }
        let kind: String
        if case .string(let text)? = fields["kind"] { kind = text } else { kind = "object" }
        var name = ""
        if case .object(let metadata)? = fields["metadata"] {
            if case .string(let text)? = metadata["name"] {
                name = text
            } else if case .string(let text)? = metadata["generateName"] {
                name = text
            }
        }
        return "\(kind) \(InjectionError.quoted(name))"
    }

    static func value(in document: JSONValue, at pointer: JSONPointer) -> JSONValue? {
        var current = document
        for token in pointer.tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(token), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }
}
