import TandemAPI

/// Container-list validation (`validateContainers`, `validateInitContainers`,
/// `validateContainerCommon`), including the native-sidecar rules of KEP-753.
struct ContainerValidation {
    /// The valid volumes of the pod, by name (mounts may only refer to these).
    var volumes: [String: Volume]
    var gracePeriod: Int64?
    var podRestartPolicy: String
    var hostUsers: Bool

    static let terminationMessagePolicies = ["File", "FallbackToLogsOnError"]
    static let pullPolicies = ["Always", "IfNotPresent", "Never"]
    static let protocols = ["SCTP", "TCP", "UDP"]

    func validateContainers(_ containers: [Container]?, path: FieldPath) -> [FieldError] {
        guard let containers, !containers.isEmpty else { return [.required(path)] }
        var errors: [FieldError] = []
        var names = Set<String>()
        for (index, container) in containers.enumerated() {
            let itemPath = path.index(index)
            errors += validateCommon(container, path: itemPath)
            let name = container.name.orEmpty
            if names.contains(name) {
                errors.append(.duplicate(itemPath.child("name"), name))
            } else {
                names.insert(name)
            }
            errors += validateHooksAndProbes(container, path: itemPath)
            if container.restartPolicy != nil {
                errors.append(.forbidden(itemPath.child("restartPolicy"), "may not be set for non-init containers"))
            }
        }
        errors += HostPortCheck.conflicts(containers, path: path)
        return errors
    }

    func validateInitContainers(_ containers: [Container]?, regular: [Container]?, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var names = Set((regular ?? []).map { $0.name.orEmpty })
        for (index, container) in (containers ?? []).enumerated() {
            let itemPath = path.index(index)
            errors += validateCommon(container, path: itemPath)
            var restartAlways = false
            if let policy = container.restartPolicy {
                if policy != "Always" {
                    errors.append(.notSupported(itemPath.child("restartPolicy"), policy, ["Always"]))
                }
                restartAlways = policy == "Always"
            }
            let name = container.name.orEmpty
            if names.contains(name) {
                errors.append(.duplicate(itemPath.child("name"), name))
            } else if !name.isEmpty {
                names.insert(name)
            }
            // Init containers run one by one, so host ports are only checked within one container.
            errors += HostPortCheck.conflicts([container], path: path)
            if restartAlways {
                errors += validateHooksAndProbes(container, path: itemPath)
            } else {
                let detail = "may not be set for init containers without restartPolicy=Always"
                if container.lifecycle != nil { errors.append(.forbidden(itemPath.child("lifecycle"), detail)) }
                if container.livenessProbe != nil { errors.append(.forbidden(itemPath.child("livenessProbe"), detail)) }
                if container.readinessProbe != nil { errors.append(.forbidden(itemPath.child("readinessProbe"), detail)) }
                if container.startupProbe != nil { errors.append(.forbidden(itemPath.child("startupProbe"), detail)) }
            }
            // resizePolicy on init containers is allowed: InPlacePodVerticalScaling is on in v1.33.
        }
        return errors
    }

    private func validateHooksAndProbes(_ container: Container, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if let lifecycle = container.lifecycle {
            errors += HandlerValidation.validateLifecycle(lifecycle, gracePeriod: gracePeriod, path: path.child("lifecycle"))
        }
        errors += HandlerValidation.validateLiveness(container.livenessProbe, gracePeriod: gracePeriod, path: path.child("livenessProbe"))
        errors += HandlerValidation.validateReadiness(container.readinessProbe, gracePeriod: gracePeriod, path: path.child("readinessProbe"))
        errors += HandlerValidation.validateStartup(container.startupProbe, gracePeriod: gracePeriod, path: path.child("startupProbe"))
        return errors
    }

    func validateCommon(_ container: Container, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let name = container.name.orEmpty
        if name.isEmpty {
            errors.append(.required(path.child("name")))
        } else {
            errors += NameRules.dns1123Label(name).map { FieldError.invalid(path.child("name"), name, $0) }
        }
        if container.image.isNilOrEmpty { errors.append(.required(path.child("image"))) }
        let messagePolicy = container.terminationMessagePolicy.orEmpty
        if messagePolicy.isEmpty {
            errors.append(.required(path.child("terminationMessagePolicy")))
        } else if !Self.terminationMessagePolicies.contains(messagePolicy) {
            errors.append(.notSupported(path.child("terminationMessagePolicy"), messagePolicy, Self.terminationMessagePolicies))
        }
        errors += validatePorts(container.ports, path: path.child("ports"))
        errors += EnvValidation.validateEnv(container.env, path: path.child("env"))
        errors += EnvValidation.validateEnvFrom(container.envFrom, path: path.child("envFrom"))
        errors += MountValidation.validateMounts(container, volumes: volumes, path: path.child("volumeMounts"))
        errors += MountValidation.validateDevices(container, volumes: volumes, path: path.child("volumeDevices"))
        let pullPolicy = container.imagePullPolicy.orEmpty
        if pullPolicy.isEmpty {
            errors.append(.required(path.child("imagePullPolicy")))
        } else if !Self.pullPolicies.contains(pullPolicy) {
            errors.append(.notSupported(path.child("imagePullPolicy"), pullPolicy, Self.pullPolicies))
        }
        errors += ResourceValidation.validateContainerResources(container.resources, path: path.child("resources"))
        errors += validateResizePolicy(container.resizePolicy, path: path.child("resizePolicy"))
        errors += SecurityContextValidation.validate(container.securityContext, hostUsers: hostUsers, path: path.child("securityContext"))
        return errors
    }

    func validatePorts(_ ports: [ContainerPort]?, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var names = Set<String>()
        for (index, port) in (ports ?? []).enumerated() {
            let itemPath = path.index(index)
            let name = port.name.orEmpty
            if !name.isEmpty {
                let messages = NameRules.portName(name)
                if !messages.isEmpty {
                    errors += messages.map { FieldError.invalid(itemPath.child("name"), name, $0) }
                } else if names.contains(name) {
                    errors.append(.duplicate(itemPath.child("name"), name))
                } else {
                    names.insert(name)
                }
            }
            let containerPort = Int64(port.containerPort ?? 0)
            if containerPort == 0 {
                errors.append(.required(itemPath.child("containerPort")))
            } else {
                errors += NameRules.portNumber(containerPort).map { FieldError.invalid(itemPath.child("containerPort"), containerPort, $0) }
            }
            let hostPort = Int64(port.hostPort ?? 0)
            if hostPort != 0 {
                errors += NameRules.portNumber(hostPort).map { FieldError.invalid(itemPath.child("hostPort"), hostPort, $0) }
            }
            let proto = port.protocol.orEmpty
            if proto.isEmpty {
                errors.append(.required(itemPath.child("protocol")))
            } else if !Self.protocols.contains(proto) {
                errors.append(.notSupported(itemPath.child("protocol"), proto, Self.protocols))
            }
        }
        return errors
    }

    func validateResizePolicy(_ policies: [ContainerResizePolicy]?, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var seen = Set<String>()
        for (index, policy) in (policies ?? []).enumerated() {
            let resource = policy.resourceName.orEmpty
            if seen.contains(resource) { errors.append(.duplicate(path.index(index), resource)) }
            seen.insert(resource)
            switch resource {
            case "cpu", "memory": break
            case "": errors.append(.required(path))
            default: errors.append(.notSupported(path, resource, ["cpu", "memory"]))
            }
            let restart = policy.restartPolicy.orEmpty
            switch restart {
            case "NotRequired", "RestartContainer": break
            case "": errors.append(.required(path))
            default: errors.append(.notSupported(path, restart, ["NotRequired", "RestartContainer"]))
            }
            if podRestartPolicy == "Never" && restart != "NotRequired" {
                errors.append(.invalid(path, restart, "must be 'NotRequired' when `restartPolicy` is 'Never'"))
            }
        }
        return errors
    }
}

/// `AccumulateUniqueHostPorts`: the same protocol/hostIP/hostPort may be claimed only once.
enum HostPortCheck {
    static func conflicts(_ containers: [Container], path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var seen = Set<String>()
        for (containerIndex, container) in containers.enumerated() {
            for (portIndex, port) in (container.ports ?? []).enumerated() {
                let hostPort = port.hostPort ?? 0
                if hostPort == 0 { continue }
                let key = "\(port.protocol.orEmpty)/\(port.hostIP.orEmpty)/\(hostPort)"
                if seen.contains(key) {
                    errors.append(.duplicate(path.index(containerIndex).child("ports").index(portIndex).child("hostPort"), key))
                } else {
                    seen.insert(key)
                }
            }
        }
        return errors
    }
}
