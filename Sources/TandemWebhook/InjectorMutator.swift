import Synchronization
import TandemAPI
import TandemAdoption

/// The shipped mutator: `SidecarInjector` (TandemAdoption), the same code as `tandem inject`, applied to the
/// admitted pod as a whole (its spec and the marker annotation), so the webhook's patch is `tandem inject -o
/// jsonpatch`'s for the same pod. Most pods are answered from their `PodTemplateShape`: the injector runs
/// once per shape and mode, on the shape's skeleton, and its patch is kept written out; a pod outside every
/// shape (a name the sidecar adds already there, a field of an unexpected kind) gets the injector's full path.
struct InjectorMutator: AdmissionMutator {
    let sidecar: SidecarDefinition
    /// Per mode, the names the injector adds; nil where shapes do not apply.
    private let shapeNames: [SidecarMode: Set<String>]
    private let patches = ShapePatches()
    /// `SidecarInjector.markerAnnotation(for:)` of the sidecar, asked twice per admission.
    let markerAnnotation: String

    init(sidecar: SidecarDefinition) {
        self.sidecar = sidecar
        markerAnnotation = SidecarInjector.markerAnnotation(for: sidecar.name)
        var names: [SidecarMode: Set<String>] = [:]
        for mode in SidecarMode.allCases {
            names[mode] = Self.injector(sidecar, mode).shapeNames()
        }
        shapeNames = names
    }

    var sidecarName: String { sidecar.name }

    func patch(pod: JSONValue, mode: SidecarMode) throws -> AdmissionMutation {
        let result = try Self.injector(sidecar, mode).patch(podTemplate: pod, at: "")
        if result.alreadyInjected || result.operations.isEmpty { return .alreadyInjected }
        // Without --replace the injector only adds; a webhook must never replace or remove what others set.
        return .operations(try result.operations.map { operation in
            guard operation.op == .add, let value = operation.value else {
                throw InjectionError("refusing a \(operation.op.rawValue) operation at \(operation.path)")
            }
            return .addOperation(operation.path.description, value)
        })
    }

    func patch(reading pod: JSONTapeValue, mode: SidecarMode) throws -> AdmissionMutation {
        guard let names = shapeNames[mode],
              let shape = PodTemplateShape(of: pod, addedNames: names, markerAnnotation: markerAnnotation) else {
            return try patch(pod: pod.value, mode: mode)
        }
        let key = ShapePatches.Key(mode: mode, shape: shape)
        if let known = patches.answers.withLock({ $0[key] }) { return try known.get() }
        let answer: Result<AdmissionMutation, InjectionError>
        do {
            let mutation = try patch(pod: shape.skeleton, mode: mode)
            answer = .success(mutation.base64Patch.map { .encoded(base64: $0) } ?? mutation)
        } catch let error as InjectionError {
            answer = .failure(error)
        } catch {
            answer = .failure(InjectionError("\(error)"))
        }
        patches.answers.withLock { $0[key] = answer }
        return try answer.get()
    }

    private static func injector(_ sidecar: SidecarDefinition, _ mode: SidecarMode) -> SidecarInjector {
        SidecarInjector(sidecar: sidecar, mode: mode == .native ? .native : .universal)
    }
}

/// The written-out answer for each shape and mode met so far (at most 2 × 2⁶), shared by the event loops.
private final class ShapePatches: Sendable {
    struct Key: Hashable {
        var mode: SidecarMode
        var shape: PodTemplateShape
    }

    let answers = Mutex<[Key: Result<AdmissionMutation, InjectionError>]>([:])
}
