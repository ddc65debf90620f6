// Generated field lists of Kubernetes core/v1 and workload types; names follow the API verbatim.

/// A periodic health check of a container: liveness, readiness or startup.
public struct Probe: Codable, Sendable, Equatable {
    public var exec: ExecAction?
    public var httpGet: HTTPGetAction?
    public var tcpSocket: TCPSocketAction?
    public var grpc: GRPCAction?
    public var initialDelaySeconds: Int32?
    public var timeoutSeconds: Int32?
    public var periodSeconds: Int32?
    public var successThreshold: Int32?
    public var failureThreshold: Int32?
    public var terminationGracePeriodSeconds: Int64?

    public init(
        exec: ExecAction? = nil,
        httpGet: HTTPGetAction? = nil,
        tcpSocket: TCPSocketAction? = nil,
        grpc: GRPCAction? = nil,
        initialDelaySeconds: Int32? = nil,
        timeoutSeconds: Int32? = nil,
        periodSeconds: Int32? = nil,
        successThreshold: Int32? = nil,
        failureThreshold: Int32? = nil,
        terminationGracePeriodSeconds: Int64? = nil
    ) {
        self.exec = exec
        self.httpGet = httpGet
        self.tcpSocket = tcpSocket
        self.grpc = grpc
        self.initialDelaySeconds = initialDelaySeconds
        self.timeoutSeconds = timeoutSeconds
        self.periodSeconds = periodSeconds
        self.successThreshold = successThreshold
        self.failureThreshold = failureThreshold
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
    }
}

/// A command run inside the container; exit code 0 is success.
public struct ExecAction: Codable, Sendable, Equatable {
    public var command: [String]?

    public init(
        command: [String]? = nil
    ) {
        self.command = command
    }
}

/// An HTTP GET against the container; 200–399 is success.
public struct HTTPGetAction: Codable, Sendable, Equatable {
    public var path: String?
    public var port: IntOrString?
    public var host: String?
    public var scheme: String?
    public var httpHeaders: [HTTPHeader]?

    public init(
        path: String? = nil,
        port: IntOrString? = nil,
        host: String? = nil,
        scheme: String? = nil,
        httpHeaders: [HTTPHeader]? = nil
    ) {
        self.path = path
        self.port = port
        self.host = host
        self.scheme = scheme
        self.httpHeaders = httpHeaders
    }
}

/// One custom header of an HTTP probe or hook.
public struct HTTPHeader: Codable, Sendable, Equatable {
    public var name: String?
    public var value: String?

    public init(
        name: String? = nil,
        value: String? = nil
    ) {
        self.name = name
        self.value = value
    }
}

/// A TCP connect to the container; an open connection is success.
public struct TCPSocketAction: Codable, Sendable, Equatable {
    public var port: IntOrString?
    public var host: String?

    public init(
        port: IntOrString? = nil,
        host: String? = nil
    ) {
        self.port = port
        self.host = host
    }
}

/// A gRPC health check (grpc.health.v1.Health/Check) against the container.
public struct GRPCAction: Codable, Sendable, Equatable {
    public var port: Int32?
    public var service: String?

    public init(
        port: Int32? = nil,
        service: String? = nil
    ) {
        self.port = port
        self.service = service
    }
}

/// A lifecycle hook that only waits.
public struct SleepAction: Codable, Sendable, Equatable {
    public var seconds: Int64?

    public init(
        seconds: Int64? = nil
    ) {
        self.seconds = seconds
    }
}

/// The container's postStart and preStop hooks (`lifecycle`).
public struct Lifecycle: Codable, Sendable, Equatable {
    public var postStart: LifecycleHandler?
    public var preStop: LifecycleHandler?
    public var stopSignal: String?

    public init(
        postStart: LifecycleHandler? = nil,
        preStop: LifecycleHandler? = nil,
        stopSignal: String? = nil
    ) {
        self.postStart = postStart
        self.preStop = preStop
        self.stopSignal = stopSignal
    }
}

/// One lifecycle hook: exec, httpGet, tcpSocket (rejected at run time, as by the kubelet) or sleep.
public struct LifecycleHandler: Codable, Sendable, Equatable {
    public var exec: ExecAction?
    public var httpGet: HTTPGetAction?
    public var tcpSocket: TCPSocketAction?
    public var sleep: SleepAction?

    public init(
        exec: ExecAction? = nil,
        httpGet: HTTPGetAction? = nil,
        tcpSocket: TCPSocketAction? = nil,
        sleep: SleepAction? = nil
    ) {
        self.exec = exec
        self.httpGet = httpGet
        self.tcpSocket = tcpSocket
        self.sleep = sleep
    }
}
