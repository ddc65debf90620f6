/// How `SidecarInjector` adds a sidecar to a pod spec.
///
/// - `native`: one init container with `restartPolicy: Always` (KEP-753), for clusters whose API
///   servers and kubelets all run native sidecars (1.29+ with the `SidecarContainers` gate on).
/// - `universal`: for pods that may land where native sidecars are off: the sidecar both as a
///   restartable init container and as a regular container, with a wrapper that lets exactly one
///   of them run it (see `UniversalWrapper`).
public enum InjectionMode: String, Sendable, CaseIterable {
    case native
    case universal
}
