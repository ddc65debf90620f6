/// What a team can change about `tandem lint` (`--config` / `.tandem-lint.yaml`, plus command-line flags).
public struct LintConfiguration: Sendable, Equatable {
    /// Rule IDs that are not run.
    public var disabled: Set<String>
    /// Severity overrides by rule ID.
    public var severities: [String: LintSeverity]
    /// `startup-budget` threshold.
    public var startupBudgetSeconds: Int64
    /// `termination-budget`: assumed time from SIGTERM to exit for every container (default 2 s, the
    /// kubelet's own minimum grace after a SIGTERM; raise it for servers that drain for longer).
    public var assumedExitSeconds: Int64
    /// `termination-budget`/`startup-budget`: assumed length of a hook that is not a plain sleep.
    public var assumedHookSeconds: Int64
    /// The Kubernetes minor version the manifests are for (1.x); rules that depend on it say so.
    public var kubernetesMinor: Int

    /// The default target: the version `tandem validate` follows.
    public static let defaultKubernetesMinor = 33

    public init(disabled: Set<String> = [], severities: [String: LintSeverity] = [:], startupBudgetSeconds: Int64 = 30,
                assumedExitSeconds: Int64 = 2, assumedHookSeconds: Int64 = 1,
                kubernetesMinor: Int = LintConfiguration.defaultKubernetesMinor) {
        self.disabled = disabled
        self.severities = severities
        self.startupBudgetSeconds = startupBudgetSeconds
        self.assumedExitSeconds = assumedExitSeconds
        self.assumedHookSeconds = assumedHookSeconds
        self.kubernetesMinor = kubernetesMinor
    }

    /// `1.29` or `v1.29.3` → 29; nil for anything that is not a Kubernetes 1.x version.
    public static func minor(of version: String) -> Int? {
        var text = Substring(version)
        if text.hasPrefix("v") { text = text.dropFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3, parts[0] == "1", let minor = Int(parts[1]), minor >= 0, minor < 1000,
              parts.dropFirst(2).allSatisfy({ Int($0) != nil }) else { return nil }
        return minor
    }
}
