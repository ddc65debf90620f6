/// A core/v1 Pod: the unit tandem runs, validates and reports on.
public struct Pod: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta?
    public var spec: PodSpec?
    public var status: PodStatus?

    public init(
        apiVersion: String? = "v1",
        kind: String? = "Pod",
        metadata: ObjectMeta? = nil,
        spec: PodSpec? = nil,
        status: PodStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}
