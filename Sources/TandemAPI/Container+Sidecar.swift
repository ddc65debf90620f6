extension Container {
    /// True for an init container with `restartPolicy: Always` (a native sidecar, KEP-753);
    /// the same test as the kubelet's `IsRestartableInitContainer`.
    public var isRestartable: Bool { restartPolicy == "Always" }
}

extension PodSpec {
    /// Pod restart policies, as the API spells them.
    public enum RestartPolicy: String, Sendable, CaseIterable {
        case always = "Always"
        case onFailure = "OnFailure"
        case never = "Never"
    }
}
