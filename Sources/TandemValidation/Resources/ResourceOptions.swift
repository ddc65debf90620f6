/// The knobs of Kubernetes' `PodResourcesOptions` that matter for a pod spec on its own
/// (no status, no in-place resize): whether overhead and pod-level resources count.
public struct ResourceOptions: Codable, Sendable, Equatable, Hashable {
    /// Do not add `spec.overhead` (Kubernetes `ExcludeOverhead`).
    public var excludeOverhead: Bool
    /// Ignore `spec.resources`, the pod-level resources (Kubernetes `SkipPodLevelResources`).
    public var skipPodLevelResources: Bool

    public init(excludeOverhead: Bool = false, skipPodLevelResources: Bool = false) {
        self.excludeOverhead = excludeOverhead
        self.skipPodLevelResources = skipPodLevelResources
    }
}

/// Which of a container's resource lists is aggregated: `requests` (`PodRequests`) or
/// `limits` (`PodLimits`).
public enum ResourceKind: String, Sendable, Equatable, Hashable, CaseIterable {
    case requests
    case limits
}
