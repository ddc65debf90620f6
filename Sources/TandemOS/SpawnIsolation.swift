/// The namespaces a spawned process lives in.
///
/// Why: a process group cannot hold a process that leaves it (`setsid`), a PID namespace can:
/// when its PID 1 dies the kernel kills everything in it. So a container's main process is PID 1
/// of a namespace of its own (the kubelet's default through the container runtime), and hooks and
/// exec probes enter that namespace as `kubectl exec` does. Without root, a user namespace that
/// maps tandem's own uid and gid to themselves grants the rights to create the others; as root no
/// user namespace is made.
public enum SpawnIsolation: Sendable, Equatable {
    /// A bare process group in tandem's namespaces (`--no-isolation`, or the kernel refuses).
    case none
    /// PID 1 of new PID and mount namespaces (a fresh `/proc`), in a new user namespace too when
    /// `userNamespace`.
    case newNamespaces(userNamespace: Bool)
    /// Enters the PID and mount namespaces (and the user namespace when `userNamespace`) of a
    /// running child of this reactor, named by its pid. With `privateMounts` the process then
    /// gets a mount namespace of its own, copied from the one it entered (a container joining a
    /// pod's shared PID namespace); without, it shares the target's mounts (hooks, probes).
    case join(pid: Int32, userNamespace: Bool, privateMounts: Bool)
}
