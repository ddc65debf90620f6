// Generated field lists of Kubernetes core/v1 and workload types; names follow the API verbatim.

/// Container-level security settings (`securityContext`); tandem honours runAsUser/runAsGroup.
public struct SecurityContext: Codable, Sendable, Equatable {
    public var capabilities: Capabilities?
    public var privileged: Bool?
    public var seLinuxOptions: JSONValue?
    public var windowsOptions: JSONValue?
    public var runAsUser: Int64?
    public var runAsGroup: Int64?
    public var runAsNonRoot: Bool?
    public var readOnlyRootFilesystem: Bool?
    public var allowPrivilegeEscalation: Bool?
    public var procMount: String?
    public var seccompProfile: JSONValue?
    public var appArmorProfile: JSONValue?

    public init(
        capabilities: Capabilities? = nil,
        privileged: Bool? = nil,
        seLinuxOptions: JSONValue? = nil,
        windowsOptions: JSONValue? = nil,
        runAsUser: Int64? = nil,
        runAsGroup: Int64? = nil,
        runAsNonRoot: Bool? = nil,
        readOnlyRootFilesystem: Bool? = nil,
        allowPrivilegeEscalation: Bool? = nil,
        procMount: String? = nil,
        seccompProfile: JSONValue? = nil,
        appArmorProfile: JSONValue? = nil
    ) {
        self.capabilities = capabilities
        self.privileged = privileged
        self.seLinuxOptions = seLinuxOptions
        self.windowsOptions = windowsOptions
        self.runAsUser = runAsUser
        self.runAsGroup = runAsGroup
        self.runAsNonRoot = runAsNonRoot
        self.readOnlyRootFilesystem = readOnlyRootFilesystem
        self.allowPrivilegeEscalation = allowPrivilegeEscalation
        self.procMount = procMount
        self.seccompProfile = seccompProfile
        self.appArmorProfile = appArmorProfile
    }
}

/// Linux capabilities added to or dropped from a container.
public struct Capabilities: Codable, Sendable, Equatable {
    public var add: [String]?
    public var drop: [String]?

    public init(
        add: [String]? = nil,
        drop: [String]? = nil
    ) {
        self.add = add
        self.drop = drop
    }
}

/// Pod-level security settings (`spec.securityContext`).
public struct PodSecurityContext: Codable, Sendable, Equatable {
    public var seLinuxOptions: JSONValue?
    public var windowsOptions: JSONValue?
    public var runAsUser: Int64?
    public var runAsGroup: Int64?
    public var runAsNonRoot: Bool?
    public var supplementalGroups: [Int64]?
    public var supplementalGroupsPolicy: String?
    public var fsGroup: Int64?
    public var sysctls: [JSONValue]?
    public var fsGroupChangePolicy: String?
    public var seccompProfile: JSONValue?
    public var appArmorProfile: JSONValue?
    public var seLinuxChangePolicy: String?

    public init(
        seLinuxOptions: JSONValue? = nil,
        windowsOptions: JSONValue? = nil,
        runAsUser: Int64? = nil,
        runAsGroup: Int64? = nil,
        runAsNonRoot: Bool? = nil,
        supplementalGroups: [Int64]? = nil,
        supplementalGroupsPolicy: String? = nil,
        fsGroup: Int64? = nil,
        sysctls: [JSONValue]? = nil,
        fsGroupChangePolicy: String? = nil,
        seccompProfile: JSONValue? = nil,
        appArmorProfile: JSONValue? = nil,
        seLinuxChangePolicy: String? = nil
    ) {
        self.seLinuxOptions = seLinuxOptions
        self.windowsOptions = windowsOptions
        self.runAsUser = runAsUser
        self.runAsGroup = runAsGroup
        self.runAsNonRoot = runAsNonRoot
        self.supplementalGroups = supplementalGroups
        self.supplementalGroupsPolicy = supplementalGroupsPolicy
        self.fsGroup = fsGroup
        self.sysctls = sysctls
        self.fsGroupChangePolicy = fsGroupChangePolicy
        self.seccompProfile = seccompProfile
        self.appArmorProfile = appArmorProfile
        self.seLinuxChangePolicy = seLinuxChangePolicy
    }
}
