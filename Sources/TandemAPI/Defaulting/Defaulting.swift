/// Kubernetes v1 defaulting (`pkg/apis/core/v1/defaults.go` and the generated defaulters,
/// `pkg/apis/batch/v1`, `pkg/apis/apps/v1`): what the API server fills in before it
/// validates and stores an object. `ManifestLoader` returns raw objects; callers apply this
/// before validating and running, as the API server does.
///
/// It lives with the object model, as Kubernetes keeps `defaults.go` beside its v1 types, so
/// that TandemValidation (which imports TandemAPI only) and the manifest and CLI modules share
/// one implementation: one set of defaults, one image-reference parser.
///
/// Pod templates of workloads get the defaults of the Pod the controller would create from
/// them (including `SetDefaults_Pod`'s requests-from-limits, `enableServiceLinks` and
/// host-network ports), because tandem runs a template as that pod.
public enum Defaulting {
    /// `SetObjectDefaults_Pod` for the pod's spec, if any.
    public static func apply(to pod: inout Pod) {
        pod.spec.modify { apply(to: &$0) }
    }

    /// Every default a Pod's spec receives (`SetDefaults_PodSpec`, `SetDefaults_Pod`, and the
    /// nested container, probe, handler, port, env and volume defaulters).
    /// `requestsFromLimits: false` leaves out `SetDefaults_Pod`'s copy of limits into absent
    /// requests: the API server's own validation tests (our validation vectors) validate
    /// objects that never went through it, and report a bad limit once, not twice.
    public static func apply(to spec: inout PodSpec, requestsFromLimits: Bool = true) {
        // SetDefaults_PodSpec
        if spec.dnsPolicy.isNilOrEmpty { spec.dnsPolicy = "ClusterFirst" }
        if spec.restartPolicy.isNilOrEmpty { spec.restartPolicy = PodSpec.RestartPolicy.always.rawValue }
        if spec.securityContext == nil { spec.securityContext = PodSecurityContext() }
        if spec.terminationGracePeriodSeconds == nil { spec.terminationGracePeriodSeconds = 30 }
        if spec.schedulerName.isNilOrEmpty { spec.schedulerName = "default-scheduler" }

        // SetDefaults_Pod
        if spec.enableServiceLinks == nil { spec.enableServiceLinks = true }
        let hostNetwork = spec.hostNetwork == true
        spec.initContainers?.modifyEach { apply(to: &$0, hostNetwork: hostNetwork, requestsFromLimits: requestsFromLimits) }
        spec.containers?.modifyEach { apply(to: &$0, hostNetwork: hostNetwork, requestsFromLimits: requestsFromLimits) }
        spec.volumes?.modifyEach { apply(to: &$0) }
    }

    /// `SetDefaults_Container` with its nested defaulters, plus the Pod-level
    /// requests-from-limits and host-network port defaults for this container.
    static func apply(to container: inout Container, hostNetwork: Bool, requestsFromLimits: Bool) {
        if container.imagePullPolicy.isNilOrEmpty {
            // ParseImageName errors count as "not latest", as in defaults.go.
            container.imagePullPolicy = ImageReference.tag(of: container.image ?? "") == "latest" ? "Always" : "IfNotPresent"
        }
        if container.terminationMessagePath.isNilOrEmpty { container.terminationMessagePath = "/dev/termination-log" }
        if container.terminationMessagePolicy.isNilOrEmpty { container.terminationMessagePolicy = "File" }
        container.ports?.modifyEach { port in
            if port.protocol.isNilOrEmpty { port.protocol = "TCP" }
            if hostNetwork, (port.hostPort ?? 0) == 0 { port.hostPort = port.containerPort }
        }
        container.env?.modifyEach { variable in
            if variable.valueFrom?.fieldRef != nil, variable.valueFrom?.fieldRef?.apiVersion.isNilOrEmpty == true {
                variable.valueFrom?.fieldRef?.apiVersion = "v1"
            }
        }
        if requestsFromLimits, let limits = container.resources?.limits {
            var requests = container.resources?.requests ?? [:]
            for (name, limit) in limits where requests[name] == nil {
                requests[name] = limit
            }
            container.resources?.requests = requests
        }
        apply(toProbe: &container.livenessProbe)
        apply(toProbe: &container.readinessProbe)
        apply(toProbe: &container.startupProbe)
        container.lifecycle.modify { lifecycle in
            lifecycle.postStart.modify { apply(toAction: &$0.httpGet) }
            lifecycle.preStop.modify { apply(toAction: &$0.httpGet) }
        }
    }

    /// `SetDefaults_Probe`: zero or absent timings get 1s timeout, 10s period, thresholds 1 and 3.
    static func apply(toProbe probe: inout Probe?) {
        probe.modify { probe in
            if (probe.timeoutSeconds ?? 0) == 0 { probe.timeoutSeconds = 1 }
            if (probe.periodSeconds ?? 0) == 0 { probe.periodSeconds = 10 }
            if (probe.successThreshold ?? 0) == 0 { probe.successThreshold = 1 }
            if (probe.failureThreshold ?? 0) == 0 { probe.failureThreshold = 3 }
            apply(toAction: &probe.httpGet)
            // Declarative default in the generated defaulters.
            if probe.grpc != nil, probe.grpc?.service == nil { probe.grpc?.service = "" }
        }
    }

    /// `SetDefaults_HTTPGetAction`: path `/`, scheme `HTTP`.
    static func apply(toAction action: inout HTTPGetAction?) {
        action.modify { action in
            if action.path.isNilOrEmpty { action.path = "/" }
            if action.scheme.isNilOrEmpty { action.scheme = "HTTP" }
        }
    }

    /// `SetDefaults_Volume` (no source → `emptyDir: {}`), `SetDefaults_HostPathVolumeSource`,
    /// and the `defaultMode: 0644` of secret, configMap, downwardAPI and projected sources.
    static func apply(to volume: inout Volume) {
        var sourceless = volume
        sourceless.name = nil
        if sourceless == Volume() { volume.emptyDir = EmptyDirVolumeSource() }
        if volume.hostPath != nil, volume.hostPath?.type == nil { volume.hostPath?.type = "" }
        for keyPath in [\Volume.secret, \Volume.configMap, \Volume.downwardAPI, \Volume.projected] {
            volume[keyPath: keyPath] = volume[keyPath: keyPath].map { $0.settingIfAbsent("defaultMode", .number(420)) }
        }
        if case .object(var projected) = volume.projected, case .array(var sources) = projected["sources"] {
            sources.modifyEach { source in
                guard case .object(var fields) = source, let token = fields["serviceAccountToken"] else { return }
                fields["serviceAccountToken"] = token.settingIfAbsent("expirationSeconds", .number(3600))
                source = .object(fields)
            }
            projected["sources"] = .array(sources)
            volume.projected = .object(projected)
        }
    }
}

extension Optional where Wrapped == String {
    /// Go's zero value test for a string field: absent and `""` are the same.
    var isNilOrEmpty: Bool { self?.isEmpty ?? true }
}

extension Optional {
    /// Applies `body` to the wrapped value in place, if there is one.
    mutating func modify(_ body: (inout Wrapped) -> Void) {
        guard var value = self else { return }
        // Released first so that the wrapped value is uniquely referenced while modified.
        self = nil
        body(&value)
        self = value
    }
}

extension Array {
    mutating func modifyEach(_ body: (inout Element) -> Void) {
        for index in indices { body(&self[index]) }
    }
}

extension JSONValue {
    /// The object with `key` set to `value` unless present; other values unchanged.
    func settingIfAbsent(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = self, fields[key] == nil || fields[key] == .null else { return self }
        fields[key] = value
        return .object(fields)
    }
}
