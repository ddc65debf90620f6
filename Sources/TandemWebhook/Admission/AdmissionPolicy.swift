/// The webhook's own choices about which pods get the sidecar, from `tandem webhook`'s flags.
public struct AdmissionPolicy: Sendable {
    /// Fixed mode, or `auto` with its policy.
    public enum ModeChoice: Sendable, Equatable {
        case fixed(SidecarMode)
        case auto(NativeNodesPolicy)
    }

    public var mode: ModeChoice
    /// Namespaces never injected, whatever the MutatingWebhookConfiguration sends.
    public var excludedNamespaces: Set<String>
    /// When not empty, only these namespaces are injected.
    public var includedNamespaces: Set<String>
    /// Pods whose labels do not match are left alone.
    public var podSelector: LabelSelector?

    /// `sidecar.tandem.dev/inject: "false"` on a pod opts it out (strconv.ParseBool's false spellings).
    public static let optOutAnnotation = "sidecar.tandem.dev/inject"

    public init(mode: ModeChoice, excludedNamespaces: Set<String> = ["kube-system"],
                includedNamespaces: Set<String> = [], podSelector: LabelSelector? = nil) {
        self.mode = mode
        self.excludedNamespaces = excludedNamespaces
        self.includedNamespaces = includedNamespaces
        self.podSelector = podSelector
    }
}
