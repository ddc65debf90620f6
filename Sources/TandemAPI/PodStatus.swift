// Generated field lists of Kubernetes core/v1 and workload types; names follow the API verbatim.

/// The observed state of a pod (`status`), as the kubelet reports it.
public struct PodStatus: Codable, Sendable, Equatable {
    public var observedGeneration: Int64?
    public var phase: String?
    public var conditions: [PodCondition]?
    public var message: String?
    public var reason: String?
    public var nominatedNodeName: String?
    public var hostIP: String?
    public var hostIPs: [HostIP]?
    public var podIP: String?
    public var podIPs: [HostIP]?
    public var startTime: String?
    public var initContainerStatuses: [ContainerStatus]?
    public var containerStatuses: [ContainerStatus]?
    public var qosClass: String?
    public var ephemeralContainerStatuses: [ContainerStatus]?
    public var resize: String?
    public var resourceClaimStatuses: [JSONValue]?

    public init(
        observedGeneration: Int64? = nil,
        phase: String? = nil,
        conditions: [PodCondition]? = nil,
        message: String? = nil,
        reason: String? = nil,
        nominatedNodeName: String? = nil,
        hostIP: String? = nil,
        hostIPs: [HostIP]? = nil,
        podIP: String? = nil,
        podIPs: [HostIP]? = nil,
        startTime: String? = nil,
        initContainerStatuses: [ContainerStatus]? = nil,
        containerStatuses: [ContainerStatus]? = nil,
        qosClass: String? = nil,
        ephemeralContainerStatuses: [ContainerStatus]? = nil,
        resize: String? = nil,
        resourceClaimStatuses: [JSONValue]? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.phase = phase
        self.conditions = conditions
        self.message = message
        self.reason = reason
        self.nominatedNodeName = nominatedNodeName
        self.hostIP = hostIP
        self.hostIPs = hostIPs
        self.podIP = podIP
        self.podIPs = podIPs
        self.startTime = startTime
        self.initContainerStatuses = initContainerStatuses
        self.containerStatuses = containerStatuses
        self.qosClass = qosClass
        self.ephemeralContainerStatuses = ephemeralContainerStatuses
        self.resize = resize
        self.resourceClaimStatuses = resourceClaimStatuses
    }
}

/// One IP address of the host or the pod.
public struct HostIP: Codable, Sendable, Equatable {
    public var ip: String?

    public init(
        ip: String? = nil
    ) {
        self.ip = ip
    }
}

/// One condition of a pod (`Initialized`, `ContainersReady`, `Ready`, …).
public struct PodCondition: Codable, Sendable, Equatable {
    public var type: String?
    public var observedGeneration: Int64?
    public var status: String?
    public var lastProbeTime: String?
    public var lastTransitionTime: String?
    public var reason: String?
    public var message: String?

    public init(
        type: String? = nil,
        observedGeneration: Int64? = nil,
        status: String? = nil,
        lastProbeTime: String? = nil,
        lastTransitionTime: String? = nil,
        reason: String? = nil,
        message: String? = nil
    ) {
        self.type = type
        self.observedGeneration = observedGeneration
        self.status = status
        self.lastProbeTime = lastProbeTime
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
}

/// The observed state of one container (`status.containerStatuses[]`).
public struct ContainerStatus: Codable, Sendable, Equatable {
    public var name: String?
    public var state: ContainerState?
    public var lastState: ContainerState?
    public var ready: Bool?
    public var restartCount: Int32?
    public var image: String?
    public var imageID: String?
    public var containerID: String?
    public var started: Bool?
    public var allocatedResources: ResourceList?
    public var resources: ResourceRequirements?
    public var volumeMounts: [JSONValue]?
    public var user: JSONValue?
    public var allocatedResourcesStatus: [JSONValue]?
    public var stopSignal: String?

    public init(
        name: String? = nil,
        state: ContainerState? = nil,
        lastState: ContainerState? = nil,
        ready: Bool? = nil,
        restartCount: Int32? = nil,
        image: String? = nil,
        imageID: String? = nil,
        containerID: String? = nil,
        started: Bool? = nil,
        allocatedResources: ResourceList? = nil,
        resources: ResourceRequirements? = nil,
        volumeMounts: [JSONValue]? = nil,
        user: JSONValue? = nil,
        allocatedResourcesStatus: [JSONValue]? = nil,
        stopSignal: String? = nil
    ) {
        self.name = name
        self.state = state
        self.lastState = lastState
        self.ready = ready
        self.restartCount = restartCount
        self.image = image
        self.imageID = imageID
        self.containerID = containerID
        self.started = started
        self.allocatedResources = allocatedResources
        self.resources = resources
        self.volumeMounts = volumeMounts
        self.user = user
        self.allocatedResourcesStatus = allocatedResourcesStatus
        self.stopSignal = stopSignal
    }
}

/// Exactly one of waiting, running or terminated.
public struct ContainerState: Codable, Sendable, Equatable {
    public var waiting: ContainerStateWaiting?
    public var running: ContainerStateRunning?
    public var terminated: ContainerStateTerminated?

    public init(
        waiting: ContainerStateWaiting? = nil,
        running: ContainerStateRunning? = nil,
        terminated: ContainerStateTerminated? = nil
    ) {
        self.waiting = waiting
        self.running = running
        self.terminated = terminated
    }
}

/// A container that is not running yet, with the reason (`PodInitializing`, `CrashLoopBackOff`, …).
public struct ContainerStateWaiting: Codable, Sendable, Equatable {
    public var reason: String?
    public var message: String?

    public init(
        reason: String? = nil,
        message: String? = nil
    ) {
        self.reason = reason
        self.message = message
    }
}

/// A running container and when it started.
public struct ContainerStateRunning: Codable, Sendable, Equatable {
    public var startedAt: String?

    public init(
        startedAt: String? = nil
    ) {
        self.startedAt = startedAt
    }
}

/// A container that ran and exited, with its exit code and reason.
public struct ContainerStateTerminated: Codable, Sendable, Equatable {
    public var exitCode: Int32?
    public var signal: Int32?
    public var reason: String?
    public var message: String?
    public var startedAt: String?
    public var finishedAt: String?
    public var containerID: String?

    public init(
        exitCode: Int32? = nil,
        signal: Int32? = nil,
        reason: String? = nil,
        message: String? = nil,
        startedAt: String? = nil,
        finishedAt: String? = nil,
        containerID: String? = nil
    ) {
        self.exitCode = exitCode
        self.signal = signal
        self.reason = reason
        self.message = message
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.containerID = containerID
    }
}
