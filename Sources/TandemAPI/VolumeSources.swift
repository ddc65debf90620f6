/// The typed shapes of the volume sources `tandem run` materialises. `Volume` carries them as
/// free-form JSON (validation reads them that way); the runtime decodes these when it builds a
/// pod's volumes. Field names follow core/v1 verbatim.

/// One key of a ConfigMap or Secret projected to a file `path` (relative) with an optional `mode`.
public struct KeyToPath: Codable, Sendable, Equatable {
    public var key: String?
    public var path: String?
    public var mode: Int32?

    public init(key: String? = nil, path: String? = nil, mode: Int32? = nil) {
        self.key = key
        self.path = path
        self.mode = mode
    }
}

/// `volumes[].configMap`.
public struct ConfigMapVolumeSource: Codable, Sendable, Equatable {
    public var name: String?
    public var items: [KeyToPath]?
    public var defaultMode: Int32?
    public var optional: Bool?

    public init(name: String? = nil, items: [KeyToPath]? = nil, defaultMode: Int32? = nil, optional: Bool? = nil) {
        self.name = name
        self.items = items
        self.defaultMode = defaultMode
        self.optional = optional
    }
}

/// `volumes[].secret`.
public struct SecretVolumeSource: Codable, Sendable, Equatable {
    public var secretName: String?
    public var items: [KeyToPath]?
    public var defaultMode: Int32?
    public var optional: Bool?

    public init(secretName: String? = nil, items: [KeyToPath]? = nil, defaultMode: Int32? = nil, optional: Bool? = nil) {
        self.secretName = secretName
        self.items = items
        self.defaultMode = defaultMode
        self.optional = optional
    }
}

/// One file of a downward API volume: a pod field or a container resource.
public struct DownwardAPIVolumeFile: Codable, Sendable, Equatable {
    public var path: String?
    public var fieldRef: ObjectFieldSelector?
    public var resourceFieldRef: ResourceFieldSelector?
    public var mode: Int32?

    public init(path: String? = nil, fieldRef: ObjectFieldSelector? = nil,
                resourceFieldRef: ResourceFieldSelector? = nil, mode: Int32? = nil) {
        self.path = path
        self.fieldRef = fieldRef
        self.resourceFieldRef = resourceFieldRef
        self.mode = mode
    }
}

/// `volumes[].downwardAPI`.
public struct DownwardAPIVolumeSource: Codable, Sendable, Equatable {
    public var items: [DownwardAPIVolumeFile]?
    public var defaultMode: Int32?

    public init(items: [DownwardAPIVolumeFile]? = nil, defaultMode: Int32? = nil) {
        self.items = items
        self.defaultMode = defaultMode
    }
}

/// A ConfigMap or Secret as one source of a projected volume (`name`, never `secretName`).
public struct ObjectProjection: Codable, Sendable, Equatable {
    public var name: String?
    public var items: [KeyToPath]?
    public var optional: Bool?

    public init(name: String? = nil, items: [KeyToPath]? = nil, optional: Bool? = nil) {
        self.name = name
        self.items = items
        self.optional = optional
    }
}

/// The downward API as one source of a projected volume.
public struct DownwardAPIProjection: Codable, Sendable, Equatable {
    public var items: [DownwardAPIVolumeFile]?

    public init(items: [DownwardAPIVolumeFile]? = nil) {
        self.items = items
    }
}

/// A bound service-account token written to `path`.
public struct ServiceAccountTokenProjection: Codable, Sendable, Equatable {
    public var audience: String?
    public var expirationSeconds: Int64?
    public var path: String?

    public init(audience: String? = nil, expirationSeconds: Int64? = nil, path: String? = nil) {
        self.audience = audience
        self.expirationSeconds = expirationSeconds
        self.path = path
    }
}

/// One source of a projected volume; exactly one field is set.
public struct VolumeProjection: Codable, Sendable, Equatable {
    public var configMap: ObjectProjection?
    public var secret: ObjectProjection?
    public var downwardAPI: DownwardAPIProjection?
    public var serviceAccountToken: ServiceAccountTokenProjection?
    public var clusterTrustBundle: JSONValue?
    public var podCertificate: JSONValue?

    public init(configMap: ObjectProjection? = nil, secret: ObjectProjection? = nil,
                downwardAPI: DownwardAPIProjection? = nil, serviceAccountToken: ServiceAccountTokenProjection? = nil,
                clusterTrustBundle: JSONValue? = nil, podCertificate: JSONValue? = nil) {
        self.configMap = configMap
        self.secret = secret
        self.downwardAPI = downwardAPI
        self.serviceAccountToken = serviceAccountToken
        self.clusterTrustBundle = clusterTrustBundle
        self.podCertificate = podCertificate
    }
}

/// `volumes[].projected`: several sources combined in one directory.
public struct ProjectedVolumeSource: Codable, Sendable, Equatable {
    public var sources: [VolumeProjection]?
    public var defaultMode: Int32?

    public init(sources: [VolumeProjection]? = nil, defaultMode: Int32? = nil) {
        self.sources = sources
        self.defaultMode = defaultMode
    }
}
