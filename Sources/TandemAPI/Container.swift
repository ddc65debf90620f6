// Generated field lists of Kubernetes core/v1 and workload types; names follow the API verbatim.

/// One container of a pod: what to run, with which environment, probes, hooks and resources.
public struct Container: Codable, Sendable, Equatable {
    public var name: String?
    public var image: String?
    public var command: [String]?
    public var args: [String]?
    public var workingDir: String?
    public var ports: [ContainerPort]?
    public var envFrom: [EnvFromSource]?
    public var env: [EnvVar]?
    public var resources: ResourceRequirements?
    public var resizePolicy: [ContainerResizePolicy]?
    public var restartPolicy: String?
    public var restartPolicyRules: [JSONValue]?
    public var volumeMounts: [VolumeMount]?
    public var volumeDevices: [VolumeDevice]?
    public var livenessProbe: Probe?
    public var readinessProbe: Probe?
    public var startupProbe: Probe?
    public var lifecycle: Lifecycle?
    public var terminationMessagePath: String?
    public var terminationMessagePolicy: String?
    public var imagePullPolicy: String?
    public var securityContext: SecurityContext?
    public var stdin: Bool?
    public var stdinOnce: Bool?
    public var tty: Bool?

    public init(
        name: String? = nil,
        image: String? = nil,
        command: [String]? = nil,
        args: [String]? = nil,
        workingDir: String? = nil,
        ports: [ContainerPort]? = nil,
        envFrom: [EnvFromSource]? = nil,
        env: [EnvVar]? = nil,
        resources: ResourceRequirements? = nil,
        resizePolicy: [ContainerResizePolicy]? = nil,
        restartPolicy: String? = nil,
        restartPolicyRules: [JSONValue]? = nil,
        volumeMounts: [VolumeMount]? = nil,
        volumeDevices: [VolumeDevice]? = nil,
        livenessProbe: Probe? = nil,
        readinessProbe: Probe? = nil,
        startupProbe: Probe? = nil,
        lifecycle: Lifecycle? = nil,
        terminationMessagePath: String? = nil,
        terminationMessagePolicy: String? = nil,
        imagePullPolicy: String? = nil,
        securityContext: SecurityContext? = nil,
        stdin: Bool? = nil,
        stdinOnce: Bool? = nil,
        tty: Bool? = nil
    ) {
        self.name = name
        self.image = image
        self.command = command
        self.args = args
        self.workingDir = workingDir
        self.ports = ports
        self.envFrom = envFrom
        self.env = env
        self.resources = resources
        self.resizePolicy = resizePolicy
        self.restartPolicy = restartPolicy
        self.restartPolicyRules = restartPolicyRules
        self.volumeMounts = volumeMounts
        self.volumeDevices = volumeDevices
        self.livenessProbe = livenessProbe
        self.readinessProbe = readinessProbe
        self.startupProbe = startupProbe
        self.lifecycle = lifecycle
        self.terminationMessagePath = terminationMessagePath
        self.terminationMessagePolicy = terminationMessagePolicy
        self.imagePullPolicy = imagePullPolicy
        self.securityContext = securityContext
        self.stdin = stdin
        self.stdinOnce = stdinOnce
        self.tty = tty
    }
}

/// A network port a container exposes (`ports[]`).
public struct ContainerPort: Codable, Sendable, Equatable {
    public var name: String?
    public var hostPort: Int32?
    public var containerPort: Int32?
    public var `protocol`: String?
    public var hostIP: String?

    public init(
        name: String? = nil,
        hostPort: Int32? = nil,
        containerPort: Int32? = nil,
        `protocol`: String? = nil,
        hostIP: String? = nil
    ) {
        self.name = name
        self.hostPort = hostPort
        self.containerPort = containerPort
        self.`protocol` = `protocol`
        self.hostIP = hostIP
    }
}

/// One environment variable of a container (`env[]`): a literal value or a reference.
public struct EnvVar: Codable, Sendable, Equatable {
    public var name: String?
    public var value: String?
    public var valueFrom: EnvVarSource?

    public init(
        name: String? = nil,
        value: String? = nil,
        valueFrom: EnvVarSource? = nil
    ) {
        self.name = name
        self.value = value
        self.valueFrom = valueFrom
    }
}

/// Where an environment variable's value comes from (`env[].valueFrom`).
public struct EnvVarSource: Codable, Sendable, Equatable {
    public var fieldRef: ObjectFieldSelector?
    public var resourceFieldRef: ResourceFieldSelector?
    public var configMapKeyRef: KeySelector?
    public var secretKeyRef: KeySelector?
    public var fileKeyRef: JSONValue?

    public init(
        fieldRef: ObjectFieldSelector? = nil,
        resourceFieldRef: ResourceFieldSelector? = nil,
        configMapKeyRef: KeySelector? = nil,
        secretKeyRef: KeySelector? = nil,
        fileKeyRef: JSONValue? = nil
    ) {
        self.fieldRef = fieldRef
        self.resourceFieldRef = resourceFieldRef
        self.configMapKeyRef = configMapKeyRef
        self.secretKeyRef = secretKeyRef
        self.fileKeyRef = fileKeyRef
    }
}

/// A field of the pod exposed through the downward API (`fieldRef`).
public struct ObjectFieldSelector: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var fieldPath: String?

    public init(
        apiVersion: String? = nil,
        fieldPath: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.fieldPath = fieldPath
    }
}

/// A container resource exposed through the downward API (`resourceFieldRef`).
public struct ResourceFieldSelector: Codable, Sendable, Equatable {
    public var containerName: String?
    public var resource: String?
    public var divisor: Quantity?

    public init(
        containerName: String? = nil,
        resource: String? = nil,
        divisor: Quantity? = nil
    ) {
        self.containerName = containerName
        self.resource = resource
        self.divisor = divisor
    }
}

/// One key of a ConfigMap or Secret (`configMapKeyRef`, `secretKeyRef`).
public struct KeySelector: Codable, Sendable, Equatable {
    public var name: String?
    public var key: String?
    public var optional: Bool?

    public init(
        name: String? = nil,
        key: String? = nil,
        optional: Bool? = nil
    ) {
        self.name = name
        self.key = key
        self.optional = optional
    }
}

/// A ConfigMap or Secret whose keys all become environment variables (`envFrom[]`).
public struct EnvFromSource: Codable, Sendable, Equatable {
    public var prefix: String?
    public var configMapRef: OptionalObjectReference?
    public var secretRef: OptionalObjectReference?

    public init(
        prefix: String? = nil,
        configMapRef: OptionalObjectReference? = nil,
        secretRef: OptionalObjectReference? = nil
    ) {
        self.prefix = prefix
        self.configMapRef = configMapRef
        self.secretRef = secretRef
    }
}

/// A named ConfigMap or Secret that may be marked optional.
public struct OptionalObjectReference: Codable, Sendable, Equatable {
    public var name: String?
    public var optional: Bool?

    public init(
        name: String? = nil,
        optional: Bool? = nil
    ) {
        self.name = name
        self.optional = optional
    }
}

/// Where a pod volume appears inside a container (`volumeMounts[]`).
public struct VolumeMount: Codable, Sendable, Equatable {
    public var name: String?
    public var readOnly: Bool?
    public var recursiveReadOnly: String?
    public var mountPath: String?
    public var subPath: String?
    public var mountPropagation: String?
    public var subPathExpr: String?

    public init(
        name: String? = nil,
        readOnly: Bool? = nil,
        recursiveReadOnly: String? = nil,
        mountPath: String? = nil,
        subPath: String? = nil,
        mountPropagation: String? = nil,
        subPathExpr: String? = nil
    ) {
        self.name = name
        self.readOnly = readOnly
        self.recursiveReadOnly = recursiveReadOnly
        self.mountPath = mountPath
        self.subPath = subPath
        self.mountPropagation = mountPropagation
        self.subPathExpr = subPathExpr
    }
}

/// A raw block device mapped into a container (`volumeDevices[]`).
public struct VolumeDevice: Codable, Sendable, Equatable {
    public var name: String?
    public var devicePath: String?

    public init(
        name: String? = nil,
        devicePath: String? = nil
    ) {
        self.name = name
        self.devicePath = devicePath
    }
}

/// How a container reacts to an in-place resize of one resource (`resizePolicy[]`).
public struct ContainerResizePolicy: Codable, Sendable, Equatable {
    public var resourceName: String?
    public var restartPolicy: String?

    public init(
        resourceName: String? = nil,
        restartPolicy: String? = nil
    ) {
        self.resourceName = resourceName
        self.restartPolicy = restartPolicy
    }
}
