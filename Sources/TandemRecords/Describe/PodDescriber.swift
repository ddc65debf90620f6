import TandemAPI

/// `kubectl describe pod` for a Pod object and its events, byte for byte as kubectl's
/// `describePod` (staging/src/k8s.io/kubectl/pkg/describe/describe.go) prints it: the same
/// fields, order, `<none>` placeholders, Go tabwriter alignment, local-time RFC 1123Z times and
/// `HumanDuration` ages relative to `now`.
///
/// Events are the API's: tandem's own facts (`source.component: tandem`) are left out; the
/// caller passes the events whose involvedObject is this pod.
public struct PodDescriber {
    public let pod: Pod
    public let events: [Event]
    public let now: RecordTime

    public init(pod: Pod, events: [Event], now: RecordTime) {
        self.pod = pod
        self.events = events
        self.now = now
    }

    private struct Writer {
        var tab = GoTabWriter()
        var output = ""
        mutating func write(_ level: Int, _ text: String) {
            tab.write(String(repeating: "  ", count: level) + text)
        }
        mutating func flush() { tab.flush(into: &output) }
    }

    public func render() -> String {
        var w = Writer()
        let spec = pod.spec ?? PodSpec()
        let status = pod.status ?? PodStatus()
        let metadata = pod.metadata ?? ObjectMeta()
        w.write(0, "Name:\t\(metadata.name ?? "")\n")
        // The API server sets the namespace of every pod; a status file written without one is "default".
        w.write(0, "Namespace:\t\(metadata.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default")\n")
        if let priority = spec.priority { w.write(0, "Priority:\t\(priority)\n") }
        if let name = spec.priorityClassName, !name.isEmpty { w.write(0, "Priority Class Name:\t\(name)\n") }
        if let name = spec.runtimeClassName, !name.isEmpty { w.write(0, "Runtime Class Name:\t\(name)\n") }
        if let account = spec.serviceAccountName, !account.isEmpty { w.write(0, "Service Account:\t\(account)\n") }
        if let node = spec.nodeName, !node.isEmpty {
            w.write(0, "Node:\t\(node)/\(status.hostIP ?? "")\n")
        } else {
            w.write(0, "Node:\t<none>\n")
        }
        if let start = status.startTime.flatMap(RecordTime.init(rfc3339:)) {
            w.write(0, "Start Time:\t\(start.rfc1123Z)\n")
        }
        labels(&w, "Labels", metadata.labels)
        annotations(&w, "Annotations", metadata.annotations)
        let phase = status.phase ?? ""
        if let deletion = metadata.deletionTimestamp, phase != "Failed", phase != "Succeeded" {
            w.write(0, "Status:\tTerminating (lasts \(HumanDuration.since(RecordTime(rfc3339: deletion), now: now)))\n")
            w.write(0, "Termination Grace Period:\t\(metadata.deletionGracePeriodSeconds ?? 0)s\n")
        } else {
            w.write(0, "Status:\t\(phase)\n")
        }
        if let reason = status.reason, !reason.isEmpty { w.write(0, "Reason:\t\(reason)\n") }
        if let message = status.message, !message.isEmpty { w.write(0, "Message:\t\(message)\n") }
        if case .object(let profile)? = spec.securityContext?.seccompProfile, case .string(let type)? = profile["type"] {
            w.write(0, "SeccompProfile:\t\(type)\n")
            if type == "Localhost", case .string(let local)? = profile["localhostProfile"] {
                w.write(0, "LocalhostProfile:\t\(local)\n")
            }
        }
        w.write(0, "IP:\t\(status.podIP ?? "")\n")
        let ips = status.podIPs ?? []
        if ips.isEmpty {
            w.write(0, "IPs:\t<none>\n")
        } else {
            w.write(0, "IPs:\n")
            for ip in ips { w.write(1, "IP:\t\(ip.ip ?? "")\n") }
        }
        if let owner = metadata.ownerReferences?.first(where: { $0.controller == true }) {
            w.write(0, "Controlled By:\t\(owner.kind ?? "")/\(owner.name ?? "")\n")
        }
        if let nominated = status.nominatedNodeName, !nominated.isEmpty { w.write(0, "NominatedNodeName:\t\(nominated)\n") }
        if let resources = spec.resources {
            w.write(0, "Resources:\n")
            self.resources(&w, resources, level: 1)
        }
        if let inits = spec.initContainers, !inits.isEmpty {
            containers(&w, "Init Containers", inits, status.initContainerStatuses ?? [])
        }
        containers(&w, "Containers", spec.containers ?? [], status.containerStatuses ?? [])
        if let gates = spec.readinessGates, !gates.isEmpty {
            w.write(0, "Readiness Gates:\n  Type\tStatus\n")
            for gate in gates {
                let value = status.conditions?.first { $0.type == gate.conditionType }?.status ?? "<none>"
                w.write(1, "\(gate.conditionType ?? "") \t\(value) \n")
            }
        }
        if let conditions = status.conditions, !conditions.isEmpty {
            w.write(0, "Conditions:\n  Type\tStatus\n")
            for condition in conditions { w.write(1, "\(condition.type ?? "") \t\(condition.status ?? "") \n") }
        }
        volumes(&w, spec.volumes ?? [])
        w.write(0, "QoS Class:\t\(status.qosClass ?? spec.qosClass)\n")
        labels(&w, "Node-Selectors", spec.nodeSelector)
        tolerations(&w, spec.tolerations ?? [])
        describeEvents(&w)
        w.flush()
        return w.output
    }

    // MARK: containers

    private func containers(_ w: inout Writer, _ label: String, _ containers: [Container], _ statuses: [ContainerStatus]) {
        w.write(0, "\(label):\(containers.isEmpty ? " <none>" : "")\n")
        for container in containers {
            let status = statuses.first { $0.name == container.name }
            w.write(1, "\(container.name ?? ""):\n")
            if let status { w.write(2, "Container ID:\t\(status.containerID ?? "")\n") }
            w.write(2, "Image:\t\(container.image ?? "")\n")
            if let status { w.write(2, "Image ID:\t\(status.imageID ?? "")\n") }
            let ports = (container.ports ?? []).map { port in
                "\(port.containerPort ?? 0)/\(port.protocol ?? "")" + (port.name.map { $0.isEmpty ? "" : " (\($0))" } ?? "")
            }.joined(separator: ", ")
            w.write(2, ports.contains(",") ? "Ports:\t\(ports)\n" : "Port:\t\(ports.isEmpty ? "<none>" : ports)\n")
            let hostPorts = (container.ports ?? []).map { port in
                "\(port.hostPort ?? 0)/\(port.protocol ?? "")" + (port.name.map { $0.isEmpty ? "" : " (\($0))" } ?? "")
            }.joined(separator: ", ")
            w.write(2, hostPorts.contains(",") ? "Host Ports:\t\(hostPorts)\n" : "Host Port:\t\(hostPorts.isEmpty ? "<none>" : hostPorts)\n")
            if case .object(let profile)? = container.securityContext?.seccompProfile, case .string(let type)? = profile["type"] {
                w.write(2, "SeccompProfile:\t\(type)\n")
                if type == "Localhost", case .string(let local)? = profile["localhostProfile"] {
                    w.write(3, "LocalhostProfile:\t\(local)\n")
                }
            }
            if let command = container.command, !command.isEmpty {
                w.write(2, "Command:\n")
                for part in command { for line in part.goSplit("\n") { w.write(3, "\(line)\n") } }
            }
            if let args = container.args, !args.isEmpty {
                w.write(2, "Args:\n")
                for part in args { for line in part.goSplit("\n") { w.write(3, "\(line)\n") } }
            }
            if let status {
                state(&w, "State", status.state)
                if status.lastState?.terminated != nil { state(&w, "Last State", status.lastState) }
                w.write(2, "Ready:\t\(status.ready == true ? "True" : "False")\n")
                w.write(2, "Restart Count:\t\(status.restartCount ?? 0)\n")
            }
            if let resources = container.resources { self.resources(&w, resources, level: 2) }
            if let probe = container.livenessProbe { w.write(2, "Liveness:\t\(Self.describe(probe))\n") }
            if let probe = container.readinessProbe { w.write(2, "Readiness:\t\(Self.describe(probe))\n") }
            if let probe = container.startupProbe { w.write(2, "Startup:\t\(Self.describe(probe))\n") }
            if let from = container.envFrom, !from.isEmpty {
                w.write(2, "Environment Variables from:\n")
                for source in from {
                    let kind = source.configMapRef != nil ? "ConfigMap" : (source.secretRef != nil ? "Secret" : "")
                    let name = source.configMapRef?.name ?? source.secretRef?.name ?? ""
                    let optional = (source.configMapRef?.optional ?? source.secretRef?.optional) == true
                    if let prefix = source.prefix, !prefix.isEmpty {
                        w.write(3, "\(name)\t\(kind) with prefix '\(prefix)'\tOptional: \(optional)\n")
                    } else {
                        w.write(3, "\(name)\t\(kind)\tOptional: \(optional)\n")
                    }
                }
            }
            environment(&w, container)
            mounts(&w, container)
        }
    }

    private func state(_ w: inout Writer, _ name: String, _ state: ContainerState?) {
        func time(_ text: String?) -> String {
            text.flatMap(RecordTime.init(rfc3339:))?.rfc1123Z ?? Self.goZeroTime
        }
        if let running = state?.running {
            w.write(2, "\(name):\tRunning\n")
            w.write(3, "Started:\t\(time(running.startedAt))\n")
        } else if let waiting = state?.waiting {
            w.write(2, "\(name):\tWaiting\n")
            if let reason = waiting.reason, !reason.isEmpty { w.write(3, "Reason:\t\(reason)\n") }
        } else if let terminated = state?.terminated {
            w.write(2, "\(name):\tTerminated\n")
            if let reason = terminated.reason, !reason.isEmpty { w.write(3, "Reason:\t\(reason)\n") }
            if let message = terminated.message, !message.isEmpty { w.write(3, "Message:\t\(message)\n") }
            w.write(3, "Exit Code:\t\(terminated.exitCode ?? 0)\n")
            if let signal = terminated.signal, signal > 0 { w.write(3, "Signal:\t\(signal)\n") }
            w.write(3, "Started:\t\(time(terminated.startedAt))\n")
            w.write(3, "Finished:\t\(time(terminated.finishedAt))\n")
        } else {
            w.write(2, "\(name):\tWaiting\n")
        }
    }

    /// Go's zero `time.Time` as RFC 1123Z, printed when a time is unset.
    static let goZeroTime = "Mon, 01 Jan 0001 00:00:00 +0000"

    private func resources(_ w: inout Writer, _ resources: ResourceRequirements, level: Int) {
        if let limits = resources.limits, !limits.isEmpty {
            w.write(level, "Limits:\n")
            for name in limits.keys.sorted() { w.write(level + 1, "\(name):\t\(limits[name]?.description ?? "")\n") }
        }
        if let requests = resources.requests, !requests.isEmpty {
            w.write(level, "Requests:\n")
            for name in requests.keys.sorted() { w.write(level + 1, "\(name):\t\(requests[name]?.description ?? "")\n") }
        }
    }

    /// kubectl's `DescribeProbe`.
    static func describe(_ probe: Probe) -> String {
        let attributes = "delay=\(probe.initialDelaySeconds ?? 0)s timeout=\(probe.timeoutSeconds ?? 0)s "
            + "period=\(probe.periodSeconds ?? 0)s successThreshold=\(probe.successThreshold ?? 0) "
            + "failureThreshold=\(probe.failureThreshold ?? 0)"
        if let exec = probe.exec {
            return "exec [\((exec.command ?? []).joined(separator: " "))] \(attributes)"
        }
        if let get = probe.httpGet {
            let port = get.port?.description ?? ""
            let host = get.host ?? ""
            let hostPort = port.isEmpty ? host : (host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
            let scheme = (get.scheme ?? "").lowercased()
            let path = get.path ?? ""
            var url = scheme.isEmpty ? "" : scheme + ":"
            if !hostPort.isEmpty || !scheme.isEmpty { url += "//" + hostPort }
            if !path.isEmpty, !path.hasPrefix("/"), !hostPort.isEmpty { url += "/" }
            url += path
            return "http-get \(url) \(attributes)"
        }
        if let socket = probe.tcpSocket {
            return "tcp-socket \(socket.host ?? ""):\(socket.port?.description ?? "") \(attributes)"
        }
        if let grpc = probe.grpc {
            return "grpc <pod>:\(grpc.port ?? 0) \(grpc.service ?? "") \(attributes)"
        }
        return "unknown \(attributes)"
    }

    private func environment(_ w: inout Writer, _ container: Container) {
        let env = container.env ?? []
        w.write(2, "Environment:\(env.isEmpty ? "\t<none>" : "")\n")
        for variable in env {
            let name = variable.name ?? ""
            guard let from = variable.valueFrom else {
                for (index, line) in (variable.value ?? "").goSplit("\n").enumerated() {
                    w.write(3, index == 0 ? "\(name):\t\(line)\n" : "\t\(line)\n")
                }
                continue
            }
            if let field = from.fieldRef {
                w.write(3, "\(name):\t\(fieldValue(field.fieldPath ?? "")) (\(field.apiVersion ?? ""):\(field.fieldPath ?? ""))\n")
            } else if let resource = from.resourceFieldRef {
                w.write(3, "\(name):\t\(resourceValue(resource, container)) (\(resource.resource ?? ""))\n")
            } else if let secret = from.secretKeyRef {
                w.write(3, "\(name):\t<set to the key '\(secret.key ?? "")' in secret '\(secret.name ?? "")'>\tOptional: \(secret.optional == true)\n")
            } else if let map = from.configMapKeyRef {
                w.write(3, "\(name):\t<set to the key '\(map.key ?? "")' of config map '\(map.name ?? "")'>\tOptional: \(map.optional == true)\n")
            }
        }
    }

    /// The downward API fields kubectl resolves from the pod object (`fieldpath.ExtractFieldPathAsString`).
    private func fieldValue(_ path: String) -> String {
        let metadata = pod.metadata
        switch path {
        case "metadata.name": return metadata?.name ?? ""
        case "metadata.namespace": return metadata?.namespace ?? ""
        case "metadata.uid": return metadata?.uid ?? ""
        case "spec.nodeName": return pod.spec?.nodeName ?? ""
        case "spec.serviceAccountName": return pod.spec?.serviceAccountName ?? ""
        case "status.hostIP": return pod.status?.hostIP ?? ""
        case "status.podIP": return pod.status?.podIP ?? ""
        default:
            for (prefix, map) in [("metadata.labels['", metadata?.labels), ("metadata.annotations['", metadata?.annotations)]
            where path.hasPrefix(prefix) && path.hasSuffix("']") {
                return map?[String(path.dropFirst(prefix.count).dropLast(2))] ?? ""
            }
            return ""
        }
    }

    /// `resourcehelper.ExtractContainerResourceValue` with the default divisor, for the common fields.
    private func resourceValue(_ selector: ResourceFieldSelector, _ container: Container) -> String {
        let resource = selector.resource ?? ""
        let parts = resource.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return "" }
        let list = parts[0] == "limits" ? container.resources?.limits : container.resources?.requests
        guard let quantity = list?[parts[1]] else { return "0" }
        // Divisor 1: whole cores (rounded up) or bytes, as convertResourceCPUToString/MemoryToString.
        return String(quantity.value)
    }

    private func mounts(_ w: inout Writer, _ container: Container) {
        let mounts = (container.volumeMounts ?? []).sorted { ($0.mountPath ?? "") < ($1.mountPath ?? "") }
        w.write(2, "Mounts:\(mounts.isEmpty ? "\t<none>" : "")\n")
        for mount in mounts {
            var flags = [mount.readOnly == true ? "ro" : "rw"]
            if let sub = mount.subPath, !sub.isEmpty { flags.append("path=\(GoQuoting.quote(sub))") }
            w.write(3, "\(mount.mountPath ?? "") from \(mount.name ?? "") (\(flags.joined(separator: ",")))\n")
        }
        if let devices = container.volumeDevices, !devices.isEmpty {
            w.write(2, "Devices:\(mounts.isEmpty ? "\t<none>" : "")\n")
            for device in devices.sorted(by: { ($0.devicePath ?? "") < ($1.devicePath ?? "") }) {
                w.write(3, "\(device.devicePath ?? "") from \(device.name ?? "")\n")
            }
        }
    }

    // MARK: pod-level lists

    private func labels(_ w: inout Writer, _ title: String, _ labels: [String: String]?) {
        w.write(0, "\(title):\t")
        let keys = (labels ?? [:]).keys.sorted()
        if keys.isEmpty {
            w.write(0, "<none>\n")
            return
        }
        for (index, key) in keys.enumerated() {
            if index != 0 { w.write(0, "\t") }
            w.write(0, "\(key)=\(labels?[key] ?? "")\n")
        }
    }

    private func annotations(_ w: inout Writer, _ title: String, _ annotations: [String: String]?) {
        w.write(0, "\(title):\t")
        let keys = (annotations ?? [:]).keys.filter { $0 != "kubectl.kubernetes.io/last-applied-configuration" }.sorted()
        if keys.isEmpty {
            w.write(0, "<none>\n")
            return
        }
        for (index, key) in keys.enumerated() {
            if index != 0 { w.write(0, "\t") }
            var value = annotations?[key] ?? ""
            // strings.TrimSuffix(value, "\n") and strings.Contains: by scalar, so a "\r\n" ending keeps its "\r".
            if value.endsWith(scalar: "\n") { value.unicodeScalars.removeLast() }
            if value.utf8.count + key.utf8.count + 2 > 140 || value.unicodeScalars.contains("\n") {
                w.write(0, "\(key):\n")
                for line in value.goSplit("\n") {
                    let shortened = line.utf8.count > 138 ? String(decoding: line.utf8.prefix(138), as: UTF8.self) + "..." : String(line)
                    w.write(0, "\t  \(shortened)\n")
                }
            } else {
                w.write(0, "\(key): \(value)\n")
            }
        }
    }

    private func tolerations(_ w: inout Writer, _ tolerations: [JSONValue]) {
        w.write(0, "Tolerations:\t")
        if tolerations.isEmpty {
            w.write(0, "<none>\n")
            return
        }
        func field(_ toleration: JSONValue, _ key: String) -> String {
            if case .object(let object) = toleration, case .string(let value)? = object[key] { return value }
            return ""
        }
        let sorted = tolerations.sorted { field($0, "key") < field($1, "key") }
        for (index, toleration) in sorted.enumerated() {
            if index != 0 { w.write(0, "\t") }
            var text = field(toleration, "key")
            let value = field(toleration, "value")
            let effect = field(toleration, "effect")
            if !value.isEmpty { text += "=\(value)" }
            if !effect.isEmpty { text += ":\(effect)" }
            if field(toleration, "operator") == "Exists", value.isEmpty {
                text += (!field(toleration, "key").isEmpty || !effect.isEmpty) ? " op=Exists" : "op=Exists"
            }
            if case .object(let object) = toleration, case .number(let seconds)? = object["tolerationSeconds"] {
                text += " for \(Int64(seconds))s"
            }
            w.write(0, text + "\n")
        }
    }

    private func volumes(_ w: inout Writer, _ volumes: [Volume]) {
        if volumes.isEmpty {
            w.write(0, "Volumes:\t<none>\n")
            return
        }
        w.write(0, "Volumes:\n")
        for volume in volumes {
            w.write(1, "\(volume.name ?? ""):\n")
            func string(_ value: JSONValue?, _ key: String) -> String {
                if case .object(let object)? = value, case .string(let text)? = object[key] { return text }
                return ""
            }
            func bool(_ value: JSONValue?, _ key: String) -> Bool {
                if case .object(let object)? = value, case .bool(let flag)? = object[key] { return flag }
                return false
            }
            if let hostPath = volume.hostPath {
                w.write(2, "Type:\tHostPath (bare host directory volume)\n    Path:\t\(hostPath.path ?? "")\n"
                    + "    HostPathType:\t\(hostPath.type ?? "")\n")
            } else if let emptyDir = volume.emptyDir {
                let limit = emptyDir.sizeLimit.flatMap { $0.description == "0" ? nil : $0.description } ?? "<unset>"
                w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t\(emptyDir.medium ?? "")\n"
                    + "    SizeLimit:\t\(limit)\n")
            } else if let secret = volume.secret {
                w.write(2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t\(string(secret, "secretName"))\n"
                    + "    Optional:\t\(bool(secret, "optional"))\n")
            } else if let map = volume.configMap {
                w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t\(string(map, "name"))\n"
                    + "    Optional:\t\(bool(map, "optional"))\n")
            } else if let claim = volume.persistentVolumeClaim {
                w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                    + "    ClaimName:\t\(string(claim, "claimName"))\n    ReadOnly:\t\(bool(claim, "readOnly"))\n")
            } else if let downward = volume.downwardAPI {
                w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
                if case .object(let object) = downward, case .array(let items)? = object["items"] {
                    for item in items {
                        guard case .object(let entry) = item else { continue }
                        let path = string(item, "path")
                        if let field = entry["fieldRef"] { w.write(3, "\(string(field, "fieldPath")) -> \(path)\n") }
                        if let resource = entry["resourceFieldRef"] { w.write(3, "\(string(resource, "resource")) -> \(path)\n") }
                    }
                }
            } else {
                w.write(1, "<unknown>\n")
            }
        }
    }

    // MARK: events

    private func describeEvents(_ w: inout Writer) {
        let shown = events.filter { !$0.isTandemFact }
        if shown.isEmpty {
            w.write(0, "Events:\t<none>\n")
            return
        }
        w.flush()
        // kubectl sorts by lastTimestamp (whole seconds); ties keep the API's list order, which is by
        // event name (`<pod>.<hex creation time>`): the order of first occurrence, the file's order here.
        let sorted = shown.enumerated().sorted { left, right in
            let a = left.element.lastTimestamp.flatMap(RecordTime.init(rfc3339:))
            let b = right.element.lastTimestamp.flatMap(RecordTime.init(rfc3339:))
            if a != b { return (a?.nanosecondsSinceEpoch ?? .min) < (b?.nanosecondsSinceEpoch ?? .min) }
            return left.offset < right.offset
        }.map(\.element)
        w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
        w.write(1, "----\t------\t----\t----\t-------\n")
        for event in sorted {
            // The kubelet's and the Job controller's events (the legacy recorder) carry no eventTime in
            // the API, so kubectl ages them by firstTimestamp; tandem's eventTime (docs/events.md) is not the
            // API's and, for an aggregated event, is its latest occurrence.
            let first = HumanDuration.since((event.firstTimestamp ?? event.eventTime).flatMap(RecordTime.init(rfc3339:)), now: now)
            let interval: String
            if let count = event.count, count > 1 {
                interval = "\(HumanDuration.since(event.lastTimestamp.flatMap(RecordTime.init(rfc3339:)), now: now)) (x\(count) over \(first))"
            } else {
                interval = first
            }
            let source = event.source?.component.flatMap { $0.isEmpty ? nil : $0 } ?? event.reportingController ?? ""
            var message = (event.message ?? "").trimmingWhitespace
            if let path = event.involvedObject.fieldPath, !path.isEmpty { message = "\(path): \(message)" }
            w.write(1, "\(event.type ?? "")\t\(event.reason ?? "")\t\(interval)\t\(source)\t\(message)\n")
        }
    }
}

extension String {
    /// Go's `strings.TrimSpace` for the ASCII and Unicode spaces kubectl trims from messages.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
