import TandemAPI
import TandemAdoption

/// The shipped mutator: `SidecarInjector` (TandemAdoption), the same code as `tandem inject`, applied to the
/// admitted pod as a whole (its spec and the marker annotation), so the webhook's patch is `tandem inject -o
/// jsonpatch`'s for the same pod.
struct InjectorMutator: AdmissionMutator {
    let sidecar: SidecarDefinition

    var sidecarName: String { sidecar.name }
    var markerAnnotation: String { SidecarInjector.markerAnnotation(for: sidecar.name) }

    func patch(pod: JSONValue, mode: SidecarMode) throws -> AdmissionMutation {
        let injector = SidecarInjector(sidecar: sidecar, mode: mode == .native ? .native : .universal)
        let result = try injector.patch(podTemplate: pod, at: "")
        if result.alreadyInjected || result.operations.isEmpty { return .alreadyInjected }
        // Without --replace the injector only adds; a webhook must never replace or remove what others set.
        return .operations(try result.operations.map { operation in
            guard operation.op == .add, let value = operation.value else {
                throw InjectionError("refusing a \(operation.op.rawValue) operation at \(operation.path)")
            }
            return .addOperation(operation.path.description, value)
        })
    }
}
