import TandemAPI

extension SidecarInjector {
    /// What the spec must contain once the sidecar is in.
    struct DesiredSpec {
        var initContainers: [[String: JSONValue]]
        var containers: [[String: JSONValue]] = []
        var volumes: [[String: JSONValue]]
        var notes: [String] = []
    }

    func desiredSpec(_ podSpec: JSONValue) throws(InjectionError) -> DesiredSpec {
        switch mode {
        case .native:
            var container = sidecar.container
            container["restartPolicy"] = .string("Always")
            return DesiredSpec(initContainers: [container], volumes: sidecar.volumes)
        case .universal:
            return try universalSpec(podSpec)
        }
    }

    /// The containers and volume of `UniversalWrapper`.
    private func universalSpec(_ podSpec: JSONValue) throws(InjectionError) -> DesiredSpec {
        let name = sidecar.name
        let quotedName = InjectionError.quoted(name)
        guard case .array(let command)? = sidecar.container["command"], !command.isEmpty,
              command.allSatisfy({ if case .string = $0 { return true }; return false }) else {
            throw InjectionError("universal mode needs the sidecar's \"command\": the wrapper replaces the image's entrypoint, which tandem cannot know (container \(quotedName))")
        }
        var originalArgs: [JSONValue] = []
        switch sidecar.container["args"] {
        case nil, .null?: break
        case .array(let args)?: originalArgs = args
        default: throw InjectionError("sidecar: container \(quotedName): \"args\" must be a list of strings")
        }
        let volumeName = name + "-universal"
        let shellName = name + "-shell"
        let wrapper: UniversalWrapper
        let shellPrefix: [JSONValue]
        var copyStep: [String: JSONValue]?
        switch sidecar.universal.shell {
        case .image(let path):
            wrapper = UniversalWrapper(sidecarName: name, busybox: nil, restartWaitSeconds: sidecar.universal.restartWaitSeconds)
            shellPrefix = [.string(path)]
        case .copy(let image):
            let busybox = UniversalWrapper.mountPath + "/busybox"
            wrapper = UniversalWrapper(sidecarName: name, busybox: busybox, restartWaitSeconds: sidecar.universal.restartWaitSeconds)
            shellPrefix = [.string(busybox), .string("sh")]
            copyStep = [
                "name": .string(shellName),
                "image": .string(image),
                "command": .array([.string("/bin/cp"), .string("/bin/busybox"), .string(busybox)]),
                "volumeMounts": .array([.object(["name": .string(volumeName), "mountPath": .string(UniversalWrapper.mountPath)])]),
            ]
        }
        for derived in [wrapper.fallbackName, volumeName] + (copyStep == nil ? [] : [shellName]) where derived.count > 63 {
            throw InjectionError("universal mode derives the name \(InjectionError.quoted(derived)) from the sidecar's, which is longer than 63 characters")
        }
        var restartAlways = true
        if case .object(let spec) = podSpec, case .string(let policy)? = spec["restartPolicy"] {
            restartAlways = policy == "Always"
        }
        let mount = JSONValue.object(["name": .string(volumeName), "mountPath": .string(UniversalWrapper.mountPath)])
        var mounts: [JSONValue] = []
        if case .array(let existing)? = sidecar.container["volumeMounts"] { mounts = existing }
        mounts.append(mount)
        var notes: [String] = []

        var initContainer = sidecar.container
        initContainer["command"] = .array(shellPrefix + [.string("-c"), .string(wrapper.script(for: .initContainer)), .string(name)])
        initContainer["args"] = .array(command + originalArgs)
        initContainer["restartPolicy"] = .string("Always")
        initContainer["volumeMounts"] = .array(mounts)
        // An API server without native sidecars drops restartPolicy and then rejects probes and
        // hooks on an init container (validateInitContainers), so the init side carries none.
        let forbidden = ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"].filter { initContainer[$0] != nil }
        for field in forbidden { initContainer[field] = nil }
        if !forbidden.isEmpty {
            notes.append("universal: \(forbidden.joined(separator: ", ")) left out of init container \(quotedName): an API server without native sidecars rejects them on init containers")
        }

        var fallback = sidecar.container
        fallback["name"] = .string(wrapper.fallbackName)
        fallback["command"] = .array(shellPrefix + [.string("-c"), .string(wrapper.script(for: .fallback(podRestartPolicyAlways: restartAlways))), .string(wrapper.fallbackName)])
        fallback["args"] = .array(command + originalArgs)
        fallback["restartPolicy"] = nil
        fallback["volumeMounts"] = .array(mounts)
        // Exec probes would run in whichever container stands by; network probes reach the
        // sidecar in either, as both share the pod's network namespace.
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            if case .object(let handler)? = fallback[probe], handler["exec"] != nil {
                fallback[probe] = nil
                notes.append("universal: exec \(probe) left out of container \(InjectionError.quoted(wrapper.fallbackName)): it would run where the sidecar is not")
            }
        }
        if case .array(let ports)? = fallback["ports"] {
            let withoutHostPorts = ports.map { port -> JSONValue in
                guard case .object(var object) = port else { return port }
                object["hostPort"] = nil
                return .object(object)
            }
            if withoutHostPorts != ports {
                fallback["ports"] = .array(withoutHostPorts)
                notes.append("universal: hostPort left out of container \(InjectionError.quoted(wrapper.fallbackName)): two containers cannot bind one host port")
            }
        }
        if sidecar.container["resources"] != nil {
            notes.append("universal: the sidecar's resources are requested twice (init container \(quotedName) and container \(InjectionError.quoted(wrapper.fallbackName)))")
        }
        let volume: [String: JSONValue] = ["name": .string(volumeName), "emptyDir": .object([:])]
        return DesiredSpec(initContainers: (copyStep.map { [$0] } ?? []) + [initContainer],
                           containers: [fallback],
                           volumes: sidecar.volumes + [volume],
                           notes: notes)
    }
}
