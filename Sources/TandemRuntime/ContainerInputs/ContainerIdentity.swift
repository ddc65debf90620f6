import TandemAPI

/// The user and groups a container runs as, from its effective security context
/// (`DetermineEffectiveSecurityContext`: the container's fields over the pod's), and the
/// kubelet's `verifyRunAsNonRoot` refusal. tandem can only switch users when it runs as root;
/// otherwise every container runs as tandem's own user.
public struct ContainerIdentity: Sendable, Equatable {
    public var user: UInt32?
    public var group: UInt32?
    /// `fsGroup` then `supplementalGroups`, without repeats.
    public var supplementaryGroups: [UInt32]

    public init(user: UInt32? = nil, group: UInt32? = nil, supplementaryGroups: [UInt32] = []) {
        self.user = user
        self.group = group
        self.supplementaryGroups = supplementaryGroups
    }

    /// `imageUser` stands in for the image's `USER`: `--run-as-user`, else tandem's own uid.
    /// `switchUsers` is true when tandem runs as root (it can setuid). A failure carries the
    /// kubelet's `CreateContainerConfigError` message.
    public static func resolve(_ container: Container, in pod: Pod, defaultUser: UInt32?, ownUser: UInt32,
                               switchUsers: Bool) -> Result<ContainerIdentity, ContainerEnvironmentError> {
        let podContext = pod.spec?.securityContext
        let own = container.securityContext
        let runAsUser = own?.runAsUser ?? podContext?.runAsUser
        let runAsGroup = own?.runAsGroup ?? podContext?.runAsGroup
        let nonRoot = own?.runAsNonRoot ?? podContext?.runAsNonRoot
        let name = container.name ?? ""
        if nonRoot == true {
            let meta = pod.metadata
            let namespace = meta?.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
            let podText = GoQuoting.quote("\(meta?.name ?? "")_\(namespace)(\(meta?.uid ?? ""))")
            if let runAsUser {
                if runAsUser == 0 {
                    return .failure(ContainerEnvironmentError(containerName: name,
                        message: "container's runAsUser breaks non-root policy (pod: \(podText), container: \(name))"))
                }
            } else if (defaultUser ?? ownUser) == 0 {
                return .failure(ContainerEnvironmentError(containerName: name,
                    message: "container has runAsNonRoot and image will run as root (pod: \(podText), container: \(name))"))
            }
        }
        guard switchUsers else { return .success(ContainerIdentity()) }
        var groups: [UInt32] = []
        let listed = [podContext?.fsGroup].compactMap { $0 } + (podContext?.supplementalGroups ?? [])
        for group in listed {
            guard let value = UInt32(exactly: group), !groups.contains(value) else { continue }
            groups.append(value)
        }
        return .success(ContainerIdentity(
            user: runAsUser.flatMap { UInt32(exactly: $0) } ?? defaultUser,
            group: runAsGroup.flatMap { UInt32(exactly: $0) },
            supplementaryGroups: groups))
    }
}
