import TandemAPI
import TandemOS

/// How containers are contained, decided once per run: each container its own PID and mount
/// namespaces (plus a user namespace when tandem is not root), or bare process groups.
///
/// Why a policy apart from the mechanism (`SpawnIsolation`): the kubelet's default is a PID
/// namespace per container and one per pod under `shareProcessNamespace: true`; which of the
/// two a container gets, and what its hooks and probes enter, is the runtime's decision.
public enum ContainerIsolation: Sendable, Equatable {
    /// `--no-isolation`, or the kernel refuses namespaces: process groups as before.
    case processGroups
    /// Namespaces; `userNamespace` when tandem is not root.
    case namespaces(userNamespace: Bool)

    /// What this machine allows, unless `disabled`; `warning` is the one line to print when
    /// namespaces were wanted but the kernel refuses (naming the setting in the way).
    public static func detect(disabled: Bool) -> (isolation: ContainerIsolation, warning: String?) {
        if disabled { return (.processGroups, nil) }
        let support = NamespaceSupport.probe()
        if support.available { return (.namespaces(userNamespace: support.needsUserNamespace), nil) }
        return (.processGroups, "containers run as process groups, not in namespaces: \(support.reason)")
    }

    /// Whether volumes can be bind-mounted: a private mount namespace needs root or a user namespace.
    public var allowsMounts: Bool {
        switch self {
        case .namespaces: return true
        case .processGroups: return geteuidIsRoot
        }
    }

    /// The isolation of a container's main process.
    var mainProcess: SpawnIsolation {
        switch self {
        case .processGroups: return .none
        case .namespaces(let user): return .newNamespaces(userNamespace: user)
        }
    }

    /// The pod's pause-like init when its containers share one PID namespace, else nil.
    func sandbox(for pod: Pod) -> ProcessSpec? {
        guard case .namespaces(let user) = self, pod.spec?.shareProcessNamespace == true else { return nil }
        return ProcessSpec(executable: PauseProcess.executablePath, arguments: [PauseProcess.argument0],
                           environment: [], captureOutput: false, isolation: .newNamespaces(userNamespace: user))
    }
}

extension SpawnIsolation {
    /// What a hook or exec probe of a process with this isolation runs in: the process's own
    /// namespaces, as `kubectl exec` enters the container's.
    func helper(of process: SpawnedProcess) -> SpawnIsolation {
        switch self {
        case .none: return .none
        case .newNamespaces(let user), .join(_, let user, _):
            return .join(pid: process.pid, userNamespace: user, privateMounts: false)
        }
    }

    /// A container of a pod whose processes share the sandbox's PID namespace.
    static func member(of sandbox: SpawnedProcess, spec: SpawnIsolation) -> SpawnIsolation {
        guard case .newNamespaces(let user) = spec else { return spec }
        return .join(pid: sandbox.pid, userNamespace: user, privateMounts: true)
    }
}

private let geteuidIsRoot = PauseProcess.runningAsRoot
