import TandemAPI

/// The v1 defaults (`pkg/apis/core/v1/defaults.go`) that decide validation outcomes. The API server
/// always defaults before it validates, so validating a raw manifest without them would report
/// `Required value` for fields no real cluster ever sees empty. Applying them is idempotent, so
/// objects already defaulted by the manifest module validate identically.
enum ValidationDefaults {
    static func apply(to spec: inout PodSpec) {
        if spec.restartPolicy.isNilOrEmpty { spec.restartPolicy = "Always" }
        if spec.terminationGracePeriodSeconds == nil { spec.terminationGracePeriodSeconds = 30 }
        if spec.dnsPolicy.isNilOrEmpty { spec.dnsPolicy = "ClusterFirst" }
        if spec.securityContext == nil { spec.securityContext = PodSecurityContext() }
        let hostNetwork = spec.hostNetwork ?? false
        spec.containers = spec.containers?.map { apply(to: $0, hostNetwork: hostNetwork) }
        spec.initContainers = spec.initContainers?.map { apply(to: $0, hostNetwork: hostNetwork) }
        spec.volumes = spec.volumes?.map(apply(to:))
    }

    static func apply(to container: Container, hostNetwork: Bool) -> Container {
        var container = container
        if container.imagePullPolicy.isNilOrEmpty {
            container.imagePullPolicy = imageUsesLatestTag(container.image ?? "") ? "Always" : "IfNotPresent"
        }
        if container.terminationMessagePath.isNilOrEmpty { container.terminationMessagePath = "/dev/termination-log" }
        if container.terminationMessagePolicy.isNilOrEmpty { container.terminationMessagePolicy = "File" }
        container.ports = container.ports?.map { port in
            var port = port
            if port.protocol.isNilOrEmpty { port.protocol = "TCP" }
            if hostNetwork, (port.hostPort ?? 0) == 0 { port.hostPort = port.containerPort }
            return port
        }
        container.env = container.env?.map { variable in
            var variable = variable
            if let fieldRef = variable.valueFrom?.fieldRef, fieldRef.apiVersion.isNilOrEmpty {
                variable.valueFrom?.fieldRef?.apiVersion = "v1"
            }
            return variable
        }
        container.livenessProbe = container.livenessProbe.map(apply(to:))
        container.readinessProbe = container.readinessProbe.map(apply(to:))
        container.startupProbe = container.startupProbe.map(apply(to:))
        if var lifecycle = container.lifecycle {
            lifecycle.postStart = lifecycle.postStart.map(apply(to:))
            lifecycle.preStop = lifecycle.preStop.map(apply(to:))
            container.lifecycle = lifecycle
        }
        return container
    }

    static func apply(to probe: Probe) -> Probe {
        var probe = probe
        if (probe.timeoutSeconds ?? 0) == 0 { probe.timeoutSeconds = 1 }
        if (probe.periodSeconds ?? 0) == 0 { probe.periodSeconds = 10 }
        if (probe.successThreshold ?? 0) == 0 { probe.successThreshold = 1 }
        if (probe.failureThreshold ?? 0) == 0 { probe.failureThreshold = 3 }
        probe.httpGet = probe.httpGet.map(apply(to:))
        return probe
    }

    static func apply(to handler: LifecycleHandler) -> LifecycleHandler {
        var handler = handler
        handler.httpGet = handler.httpGet.map(apply(to:))
        return handler
    }

    static func apply(to action: HTTPGetAction) -> HTTPGetAction {
        var action = action
        if action.path.isNilOrEmpty { action.path = "/" }
        if action.scheme.isNilOrEmpty { action.scheme = "HTTP" }
        return action
    }

    /// `SetDefaults_Volume`: a volume with no source becomes an emptyDir.
    static func apply(to volume: Volume) -> Volume {
        var volume = volume
        if VolumeValidation.sources(of: volume).isEmpty { volume.emptyDir = EmptyDirVolumeSource() }
        return volume
    }

    /// `:latest` or no tag (and no digest) pulls Always.
    static func imageUsesLatestTag(_ image: String) -> Bool {
        if image.contains("@") { return false }
        let lastComponent = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = lastComponent.lastIndex(of: ":") else { return true }
        return lastComponent[lastComponent.index(after: colon)...] == "latest"
    }
}

extension Optional where Wrapped == String {
    /// Go has no nil strings: an absent field and `""` are the same value.
    var isNilOrEmpty: Bool { self?.isEmpty ?? true }
    var orEmpty: String { self ?? "" }
}
