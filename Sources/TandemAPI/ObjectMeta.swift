// Generated field lists of Kubernetes core/v1 and workload types; names follow the API verbatim.

/// Standard object metadata (`metadata`) of every Kubernetes object.
public struct ObjectMeta: Codable, Sendable, Equatable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var selfLink: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    public var creationTimestamp: String?
    public var deletionTimestamp: String?
    public var deletionGracePeriodSeconds: Int64?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?
    public var finalizers: [String]?
    public var managedFields: [JSONValue]?

    public init(
        name: String? = nil,
        generateName: String? = nil,
        namespace: String? = nil,
        selfLink: String? = nil,
        uid: String? = nil,
        resourceVersion: String? = nil,
        generation: Int64? = nil,
        creationTimestamp: String? = nil,
        deletionTimestamp: String? = nil,
        deletionGracePeriodSeconds: Int64? = nil,
        labels: [String: String]? = nil,
        annotations: [String: String]? = nil,
        ownerReferences: [OwnerReference]? = nil,
        finalizers: [String]? = nil,
        managedFields: [JSONValue]? = nil
    ) {
        self.name = name
        self.generateName = generateName
        self.namespace = namespace
        self.selfLink = selfLink
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.deletionGracePeriodSeconds = deletionGracePeriodSeconds
        self.labels = labels
        self.annotations = annotations
        self.ownerReferences = ownerReferences
        self.finalizers = finalizers
        self.managedFields = managedFields
    }
}

/// A reference from a dependent object to its owner (`metadata.ownerReferences[]`).
public struct OwnerReference: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var name: String?
    public var uid: String?
    public var controller: Bool?
    public var blockOwnerDeletion: Bool?

    public init(
        apiVersion: String? = nil,
        kind: String? = nil,
        name: String? = nil,
        uid: String? = nil,
        controller: Bool? = nil,
        blockOwnerDeletion: Bool? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }
}
