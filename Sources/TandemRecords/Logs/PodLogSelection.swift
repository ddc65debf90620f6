import TandemAPI

/// Which log files `tandem logs` reads for a pod, decided as kubectl and the kubelet decide:
/// kubectl picks the container (`-c`, the `kubectl.kubernetes.io/default-container`
/// annotation, else the first container with a "Defaulted container" notice; `--all-containers`
/// = init containers then containers, in spec order), the kubelet picks the instance
/// (`validateContainerLogStatus`: the current one, or with `--previous` the one before it) and
/// words the refusals.
public struct PodLogSelection: Sendable {
    public struct Source: Sendable {
        public var container: String
        /// `spec.containers{app}` or `spec.initContainers{proxy}`, for kubectl's `--prefix`.
        public var fieldPath: String
        /// The file to read, or the kubelet's refusal (printed when this source's turn comes).
        public var file: Result<String, RecordsError>
    }

    public var sources: [Source]
    /// What kubectl prints on stderr before the logs (`Defaulted container "app" out of: …`).
    public var notices: [String]

    public static let defaultContainerAnnotation = "kubectl.kubernetes.io/default-container"

    public static func select(pod: Pod, records: RunRecords, container requested: String?,
                              allContainers: Bool, previous: Bool) throws(RecordsError) -> PodLogSelection {
        let name = pod.metadata?.name ?? ""
        let inits = pod.spec?.initContainers ?? []
        let mains = pod.spec?.containers ?? []
        if allContainers, let requested {
            throw RecordsError(message: "--all-containers=true should not be specified with container name \(requested)", code: 2)
        }
        var notices: [String] = []
        var chosen: [String]
        if allContainers {
            chosen = (inits + mains).map { $0.name ?? "" }
        } else if let requested {
            chosen = [requested]
        } else {
            var container = ""
            if let annotated = pod.metadata?.annotations?[defaultContainerAnnotation], !annotated.isEmpty {
                if (inits + mains).contains(where: { $0.name == annotated }) {
                    container = annotated
                } else {
                    notices.append("Default container name \(GoQuoting.quote(annotated)) not found in pod \(name)")
                }
            }
            if container.isEmpty {
                container = mains.first?.name ?? ""
                if mains.count > 1 || !inits.isEmpty {
                    notices.append("Defaulted container \(GoQuoting.quote(container)) out of: \(allContainerNames(pod))")
                }
            }
            chosen = [container]
        }
        var sources: [Source] = []
        for container in chosen {
            let fieldPath: String
            if mains.contains(where: { $0.name == container }) {
                fieldPath = "spec.containers{\(container)}"
            } else if inits.contains(where: { $0.name == container }) {
                fieldPath = "spec.initContainers{\(container)}"
            } else {
                throw RecordsError(message: "container \(container) is not valid for pod \(name) out of: \(allContainerNames(pod))", code: 1)
            }
            let file = instance(of: container, in: pod, records: records, previous: previous)
            sources.append(Source(container: container, fieldPath: fieldPath, file: file))
        }
        return PodLogSelection(sources: sources, notices: notices)
    }

    /// kubectl's `podcmd.AllContainerNames`: containers, then `name (init)` for init containers.
    public static func allContainerNames(_ pod: Pod) -> String {
        ((pod.spec?.containers ?? []).map { $0.name ?? "" } + (pod.spec?.initContainers ?? []).map { "\($0.name ?? "") (init)" })
            .joined(separator: ", ")
    }

    /// The attempt's file, or the kubelet's words for why there is none.
    static func instance(of container: String, in pod: Pod, records: RunRecords, previous: Bool) -> Result<String, RecordsError> {
        let podName = pod.metadata?.name ?? ""
        let files = records.logFiles(pod: podName, container: container)
        let quotedContainer = GoQuoting.quote(container)
        let quotedPod = GoQuoting.quote(podName)
        if previous {
            guard files.count >= 2 else {
                return .failure(RecordsError(message: "previous terminated container \(quotedContainer) in pod \(quotedPod) not found", code: 1))
            }
            return .success(files[files.count - 2].path)
        }
        if let latest = files.last { return .success(latest.path) }
        let status = ((pod.status?.containerStatuses ?? []) + (pod.status?.initContainerStatuses ?? []))
            .first { $0.name == container }
        if status?.state?.terminated != nil {
            return .failure(RecordsError(message: "container \(quotedContainer) in pod \(quotedPod) is terminated", code: 1))
        }
        let reason = status?.state?.waiting?.reason
            ?? ((pod.spec?.initContainers ?? []).isEmpty ? "ContainerCreating" : "PodInitializing")
        return .failure(RecordsError(message: "container \(quotedContainer) in pod \(quotedPod) is waiting to start: \(reason)", code: 1))
    }
}
