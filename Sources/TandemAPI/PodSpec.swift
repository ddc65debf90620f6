// Generated field lists of Kubernetes core/v1 and workload types; names follow the API verbatim.

/// The desired state of a pod: its containers, volumes, restart policy and grace period (`spec`).
public struct PodSpec: Codable, Sendable, Equatable {
    public var volumes: [Volume]?
    public var initContainers: [Container]?
    public var containers: [Container]?
    public var ephemeralContainers: [JSONValue]?
    public var restartPolicy: String?
    public var terminationGracePeriodSeconds: Int64?
    public var activeDeadlineSeconds: Int64?
    public var dnsPolicy: String?
    public var nodeSelector: [String: String]?
    public var serviceAccountName: String?
    public var serviceAccount: String?
    public var automountServiceAccountToken: Bool?
    public var nodeName: String?
    public var hostNetwork: Bool?
    public var hostPID: Bool?
    public var hostIPC: Bool?
    public var shareProcessNamespace: Bool?
    public var securityContext: PodSecurityContext?
    public var imagePullSecrets: [LocalObjectReference]?
    public var hostname: String?
    public var subdomain: String?
    public var affinity: JSONValue?
    public var schedulerName: String?
    public var tolerations: [JSONValue]?
    public var hostAliases: [JSONValue]?
    public var priorityClassName: String?
    public var priority: Int32?
    public var dnsConfig: JSONValue?
    public var readinessGates: [PodReadinessGate]?
    public var runtimeClassName: String?
    public var enableServiceLinks: Bool?
    public var preemptionPolicy: String?
    public var overhead: ResourceList?
    public var topologySpreadConstraints: [JSONValue]?
    public var setHostnameAsFQDN: Bool?
    public var os: PodOS?
    public var hostUsers: Bool?
    public var schedulingGates: [JSONValue]?
    public var resourceClaims: [JSONValue]?
    public var resources: ResourceRequirements?
    public var hostnameOverride: String?

    public init(
        volumes: [Volume]? = nil,
        initContainers: [Container]? = nil,
        containers: [Container]? = nil,
        ephemeralContainers: [JSONValue]? = nil,
        restartPolicy: String? = nil,
        terminationGracePeriodSeconds: Int64? = nil,
        activeDeadlineSeconds: Int64? = nil,
        dnsPolicy: String? = nil,
        nodeSelector: [String: String]? = nil,
        serviceAccountName: String? = nil,
        serviceAccount: String? = nil,
        automountServiceAccountToken: Bool? = nil,
        nodeName: String? = nil,
        hostNetwork: Bool? = nil,
        hostPID: Bool? = nil,
        hostIPC: Bool? = nil,
        shareProcessNamespace: Bool? = nil,
        securityContext: PodSecurityContext? = nil,
        imagePullSecrets: [LocalObjectReference]? = nil,
        hostname: String? = nil,
        subdomain: String? = nil,
        affinity: JSONValue? = nil,
        schedulerName: String? = nil,
        tolerations: [JSONValue]? = nil,
        hostAliases: [JSONValue]? = nil,
        priorityClassName: String? = nil,
        priority: Int32? = nil,
        dnsConfig: JSONValue? = nil,
        readinessGates: [PodReadinessGate]? = nil,
        runtimeClassName: String? = nil,
        enableServiceLinks: Bool? = nil,
        preemptionPolicy: String? = nil,
        overhead: ResourceList? = nil,
        topologySpreadConstraints: [JSONValue]? = nil,
        setHostnameAsFQDN: Bool? = nil,
        os: PodOS? = nil,
        hostUsers: Bool? = nil,
        schedulingGates: [JSONValue]? = nil,
        resourceClaims: [JSONValue]? = nil,
        resources: ResourceRequirements? = nil,
        hostnameOverride: String? = nil
    ) {
        self.volumes = volumes
        self.initContainers = initContainers
        self.containers = containers
        self.ephemeralContainers = ephemeralContainers
        self.restartPolicy = restartPolicy
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
        self.activeDeadlineSeconds = activeDeadlineSeconds
        self.dnsPolicy = dnsPolicy
        self.nodeSelector = nodeSelector
        self.serviceAccountName = serviceAccountName
        self.serviceAccount = serviceAccount
        self.automountServiceAccountToken = automountServiceAccountToken
        self.nodeName = nodeName
        self.hostNetwork = hostNetwork
        self.hostPID = hostPID
        self.hostIPC = hostIPC
        self.shareProcessNamespace = shareProcessNamespace
        self.securityContext = securityContext
        self.imagePullSecrets = imagePullSecrets
        self.hostname = hostname
        self.subdomain = subdomain
        self.affinity = affinity
        self.schedulerName = schedulerName
        self.tolerations = tolerations
        self.hostAliases = hostAliases
        self.priorityClassName = priorityClassName
        self.priority = priority
        self.dnsConfig = dnsConfig
        self.readinessGates = readinessGates
        self.runtimeClassName = runtimeClassName
        self.enableServiceLinks = enableServiceLinks
        self.preemptionPolicy = preemptionPolicy
        self.overhead = overhead
        self.topologySpreadConstraints = topologySpreadConstraints
        self.setHostnameAsFQDN = setHostnameAsFQDN
        self.os = os
        self.hostUsers = hostUsers
        self.schedulingGates = schedulingGates
        self.resourceClaims = resourceClaims
        self.resources = resources
        self.hostnameOverride = hostnameOverride
    }
}

/// An extra condition the pod's readiness depends on (`spec.readinessGates[]`).
public struct PodReadinessGate: Codable, Sendable, Equatable {
    public var conditionType: String?

    public init(
        conditionType: String? = nil
    ) {
        self.conditionType = conditionType
    }
}

/// The operating system the pod's containers need (`spec.os`).
public struct PodOS: Codable, Sendable, Equatable {
    public var name: String?

    public init(
        name: String? = nil
    ) {
        self.name = name
    }
}

/// A reference to an object by name in the same namespace.
public struct LocalObjectReference: Codable, Sendable, Equatable {
    public var name: String?

    public init(
        name: String? = nil
    ) {
        self.name = name
    }
}

/// The pod template of a workload (`spec.template`).
public struct PodTemplateSpec: Codable, Sendable, Equatable {
    public var metadata: ObjectMeta?
    public var spec: PodSpec?

    public init(
        metadata: ObjectMeta? = nil,
        spec: PodSpec? = nil
    ) {
        self.metadata = metadata
        self.spec = spec
    }
}
