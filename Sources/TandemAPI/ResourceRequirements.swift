// Generated field lists of Kubernetes core/v1 and workload types; names follow the API verbatim.

/// A container's (or the pod's) resource requests and limits (`resources`).
public struct ResourceRequirements: Codable, Sendable, Equatable {
    public var limits: ResourceList?
    public var requests: ResourceList?
    public var claims: [ResourceClaim]?

    public init(
        limits: ResourceList? = nil,
        requests: ResourceList? = nil,
        claims: [ResourceClaim]? = nil
    ) {
        self.limits = limits
        self.requests = requests
        self.claims = claims
    }
}

/// A reference to a dynamic resource claim of the pod.
public struct ResourceClaim: Codable, Sendable, Equatable {
    public var name: String?
    public var request: String?

    public init(
        name: String? = nil,
        request: String? = nil
    ) {
        self.name = name
        self.request = request
    }
}
