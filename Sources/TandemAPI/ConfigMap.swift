/// A core/v1 ConfigMap: one of the objects a pod's `configMapKeyRef`, `envFrom` and `configMap`
/// volumes read. `tandem run` takes them from its inputs, as the API server would hold them.
public struct ConfigMap: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta?
    public var immutable: Bool?
    /// UTF-8 values by key.
    public var data: [String: String]?
    /// Base64 (standard alphabet, padded) values by key, for bytes that are not UTF-8.
    public var binaryData: [String: String]?

    public init(apiVersion: String? = "v1", kind: String? = "ConfigMap", metadata: ObjectMeta? = nil,
                immutable: Bool? = nil, data: [String: String]? = nil, binaryData: [String: String]? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.immutable = immutable
        self.data = data
        self.binaryData = binaryData
    }
}

/// A core/v1 Secret: what `secretKeyRef`, `envFrom.secretRef` and `secret` volumes read.
public struct Secret: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta?
    public var immutable: Bool?
    /// Base64 (standard alphabet, padded) values by key.
    public var data: [String: String]?
    /// Plain-text values by key, merged over `data` on write (the API server's conversion).
    public var stringData: [String: String]?
    public var type: String?

    public init(apiVersion: String? = "v1", kind: String? = "Secret", metadata: ObjectMeta? = nil,
                immutable: Bool? = nil, data: [String: String]? = nil, stringData: [String: String]? = nil,
                type: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.immutable = immutable
        self.data = data
        self.stringData = stringData
        self.type = type
    }
}
