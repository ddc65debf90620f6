import TandemAPI
import TandemValidation

extension AdmissionCheck {
    /// `restartPolicy: Always` lost on init containers, and what happens to such a pod.
    static func sidecarLosses(_ changes: [FieldChange], spec: PodSpec, metadata: ObjectMeta?, specPath: String,
                              afterSpec: JSONValue, creator: String?) -> [AdmissionReport.SidecarLoss] {
        let initContainers = spec.initContainers ?? []
        var losses: [AdmissionReport.SidecarLoss] = []
        for change in changes {
            let prefix = specPath + ".initContainers["
            guard change.path.hasPrefix(prefix), change.path.hasSuffix("].restartPolicy"), change.before == .string("Always"),
                  let index = Int(change.path.dropFirst(prefix.count).dropLast("].restartPolicy".count)),
                  initContainers.indices.contains(index)
            else { continue }
            let container = initContainers[index]
            let name = container.name ?? ""
            // What the API server says about this pod without the field: its own validation.
            var stripped = spec
            stripped.initContainers?[index].restartPolicy = change.after.flatMap { if case .string(let text) = $0 { return text }; return nil }
            var podMetadata = metadata ?? ObjectMeta()
            if (podMetadata.name ?? "").isEmpty { podMetadata.name = "pod" }
            let errors = PodValidation.validate(pod: Pod(metadata: podMetadata, spec: stripped))
                .filter { $0.field.hasPrefix("spec.initContainers[\(index)].") }
                .map { specPath + String($0.description.dropFirst("spec".count)) }
            let afterContainer: JSONValue? = {
                guard case .array(let list)? = afterSpec["initContainers"] else { return nil }
                return list.first { $0["name"] == .string(name) }
            }()
            let keptHandlers = ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"]
                .filter { afterContainer?[$0] != nil }
            let position = "Init:\(index)/\(initContainers.count)"
            var loss = AdmissionReport.SidecarLoss(container: name, path: change.path, rejectedWith: [], explanation: "")
            if !errors.isEmpty, afterContainer == nil || !keptHandlers.isEmpty {
                loss.rejectedWith = errors
                loss.explanation = "the API server rejects the pod: " + errors.joined(separator: "; ")
                if let owner = creator {
                    loss.explanation += " (the \(owner) controller's pod creations fail: FailedCreate events on the \(owner))"
                }
            } else {
                loss.explanation = "init container \(GoQuoting.quote(name)) is no longer a sidecar but an ordinary init container:"
                    + " the containers after it wait for it to exit, a sidecar never exits, and the pod hangs in \(position)"
                if !errors.isEmpty {
                    loss.explanation += " (its probes and lifecycle hooks were dropped too, else the API server would have rejected it: "
                        + errors.joined(separator: "; ") + ")"
                }
            }
            losses.append(loss)
        }
        return losses
    }
}
