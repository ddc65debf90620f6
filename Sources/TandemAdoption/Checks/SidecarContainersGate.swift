import TandemAPI

/// The history of the `SidecarContainers` feature gate (KEP-753), as declared in
/// `pkg/features/kube_features.go` / `versioned_kube_features.go`:
///
/// ```go
/// SidecarContainers: {
///     {Version: version.MustParse("1.28"), Default: false, PreRelease: featuregate.Alpha},
///     {Version: version.MustParse("1.29"), Default: true, PreRelease: featuregate.Beta},
///     {Version: version.MustParse("1.33"), Default: true, LockToDefault: true, PreRelease: featuregate.GA}, // GA in 1.33 remove in 1.36
/// },
/// ```
///
/// Ordered termination of sidecars (after the main containers, in reverse order) arrived
/// with the beta in 1.29. The gate's metric is component-base's `kubernetes_feature_enabled`
/// (labels `name` and `stage`; the stage is the `featuregate.prerelease` string: `ALPHA`,
/// `BETA`, `DEPRECATED`, and `""` for GA).
public enum SidecarContainersGate {
    public static let name = "SidecarContainers"
    /// `k8s.io/component-base/metrics/prometheus/feature`: namespace `kubernetes`, name `feature_enabled`.
    public static let metric = "kubernetes_feature_enabled"
    /// The metric every component exports with its version (`git_version` label).
    public static let buildInfoMetric = "kubernetes_build_info"

    /// The gate's stage, default and lock in the release `version`; nil before 1.28.
    public struct Spec: Sendable, Equatable {
        /// `ALPHA`, `BETA` or `""` (GA), as the metric's `stage` label.
        public var stage: String
        public var defaultOn: Bool
        public var locked: Bool
    }

    public static func spec(at version: KubernetesVersion) -> Spec? {
        if !version.isAtLeast(1, 28) { return nil }
        if !version.isAtLeast(1, 29) { return Spec(stage: "ALPHA", defaultOn: false, locked: false) }
        if !version.isAtLeast(1, 33) { return Spec(stage: "BETA", defaultOn: true, locked: false) }
        return Spec(stage: "", defaultOn: true, locked: true)
    }

    /// Sidecars stop after the main containers, in reverse order, from 1.29 on.
    public static func orderedTermination(at version: KubernetesVersion) -> Bool {
        version.isAtLeast(1, 29)
    }

    /// How the stage label reads in a sentence.
    public static func stageWords(_ stage: String) -> String {
        switch stage {
        case "": return "GA"
        case "ALPHA": return "alpha"
        case "BETA": return "beta"
        case "DEPRECATED": return "deprecated"
        default: return "stage " + GoQuoting.quote(stage)
        }
    }
}
