import Foundation
import Glibc
import TandemAPI

/// A container's environment as the kubelet builds it (`makeEnvironmentVariables`): `envFrom`
/// sources, then `env` in order with `$(VAR)` references to earlier entries expanded, values
/// from the downward API (`fieldRef`, `resourceFieldRef`), and from the ConfigMaps and Secrets of
/// `store`; a non-optional reference to a missing object or key is the kubelet's error.
public enum ContainerEnvironment {
    /// What the downward API reads besides the pod itself.
    public struct Context: Sendable {
        public var pod: Pod
        public var podIP: String
        public var hostIP: String
        /// `spec.nodeName`, or the host's name when the pod has none.
        public var nodeName: String
        /// Stands in for limits a container does not set (the kubelet uses node allocatable).
        public var node: NodeAllocatable
        /// Variables present before `envFrom`/`env` (the image's environment, e.g. `PATH`); `env` overrides them.
        public var baseEnvironment: [String]
        /// The ConfigMaps and Secrets `configMapKeyRef`, `secretKeyRef` and `envFrom` read.
        public var store: ConfigStore

        public init(pod: Pod, podIP: String = "127.0.0.1", hostIP: String = "127.0.0.1",
                    nodeName: String? = nil, node: NodeAllocatable = .host(), baseEnvironment: [String] = [],
                    store: ConfigStore = ConfigStore()) {
            self.pod = pod
            self.store = store
            self.podIP = podIP
            self.hostIP = hostIP
            self.nodeName = nodeName ?? pod.spec?.nodeName ?? ContainerEnvironment.hostName()
            self.node = node
            self.baseEnvironment = baseEnvironment
        }
    }

    /// Resolves `container`'s environment to "K=V" strings: base entries first, then new names
    /// in the order they are defined; a redefinition replaces the value in place.
    public static func resolve(_ container: Container, in context: Context) -> Result<[String], ContainerEnvironmentError> {
        let containerName = container.name ?? ""
        func failure(_ message: String) -> Result<[String], ContainerEnvironmentError> {
            .failure(ContainerEnvironmentError(containerName: containerName, message: message))
        }
        var order: [String] = []
        var values: [String: String] = [:]
        func set(_ name: String, _ value: String) {
            if values[name] == nil { order.append(name) }
            values[name] = value
        }
        for entry in context.baseEnvironment {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            set(String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
        }
        let namespace = context.namespace
        // The kubelet expands against the variables defined so far by envFrom and env (its
        // `tmpEnv`), not the image's.
        var declared: [String: String] = [:]
        func define(_ name: String, _ value: String) {
            declared[name] = value
            set(name, value)
        }
        // The kubelet ranges over a Go map here (no order); sorted keys keep runs reproducible.
        for source in container.envFrom ?? [] {
            let prefix = source.prefix ?? ""
            if let reference = source.configMapRef {
                let name = reference.name ?? ""
                guard let configMap = context.store.configMap(namespace: namespace, name: name) else {
                    if reference.optional == true { continue }
                    return failure("configmap \(GoQuoting.quote(name)) not found")
                }
                for key in configMap.data.keys.sorted() { define(prefix + key, configMap.data[key] ?? "") }
            } else if let reference = source.secretRef {
                let name = reference.name ?? ""
                guard let secret = context.store.secret(namespace: namespace, name: name) else {
                    if reference.optional == true { continue }
                    return failure("secret \(GoQuoting.quote(name)) not found")
                }
                for key in secret.keys.sorted() { define(prefix + key, String(decoding: secret[key] ?? [], as: UTF8.self)) }
            }
        }
        for variable in container.env ?? [] {
            guard let name = variable.name else { continue }
            var value = ""
            if let literal = variable.value, !literal.isEmpty {
                value = VariableExpansion.expand(literal, mapping: VariableExpansion.mappingFor(declared))
            } else if let source = variable.valueFrom {
                switch valueFrom(source, container: container, context: context) {
                case .success(let resolved):
                    guard let resolved else { continue }
                    value = resolved
                case .failure(let message):
                    return failure(message.message)
                }
            }
            declared[name] = value
            set(name, value)
        }
        return .success(order.map { "\($0)=\(values[$0] ?? "")" })
    }

    private struct Message: Error {
        var message: String
    }

    /// The value of a `valueFrom`; `.success(nil)` skips an optional reference to a missing object.
    private static func valueFrom(_ source: EnvVarSource, container: Container, context: Context) -> Result<String?, Message> {
        if let field = source.fieldRef {
            return fieldValue(field.fieldPath ?? "", context: context).map { Optional($0) }
        }
        if let resource = source.resourceFieldRef {
            return resourceValue(resource, container: container, context: context).map { Optional($0) }
        }
        let namespace = context.namespace
        if let selector = source.configMapKeyRef {
            let name = selector.name ?? "", key = selector.key ?? ""
            guard let configMap = context.store.configMap(namespace: namespace, name: name) else {
                if selector.optional == true { return .success(nil) }
                return .failure(Message(message: "configmap \(GoQuoting.quote(name)) not found"))
            }
            guard let value = configMap.data[key] else {
                if selector.optional == true { return .success(nil) }
                return .failure(Message(message: "couldn't find key \(key) in ConfigMap \(namespace)/\(name)"))
            }
            return .success(value)
        }
        if let selector = source.secretKeyRef {
            let name = selector.name ?? "", key = selector.key ?? ""
            guard let secret = context.store.secret(namespace: namespace, name: name) else {
                if selector.optional == true { return .success(nil) }
                return .failure(Message(message: "secret \(GoQuoting.quote(name)) not found"))
            }
            guard let value = secret[key] else {
                if selector.optional == true { return .success(nil) }
                return .failure(Message(message: "couldn't find key \(key) in Secret \(namespace)/\(name)"))
            }
            return .success(String(decoding: value, as: UTF8.self))
        }
        return .success("")
    }

    /// The pod field a downward API volume file or variable names, as text.
    static func fieldText(_ path: String, context: Context) -> Result<String, ContainerEnvironmentError> {
        fieldValue(path, context: context).mapError { ContainerEnvironmentError(containerName: "", message: $0.message) }
    }

    /// A container resource (`limits.cpu`, …) with its divisor, as text.
    static func resourceText(_ selector: ResourceFieldSelector, container: Container, context: Context)
        -> Result<String, ContainerEnvironmentError> {
        resourceValue(selector, container: container, context: context)
            .mapError { ContainerEnvironmentError(containerName: "", message: $0.message) }
    }

    private static func fieldValue(_ path: String, context: Context) -> Result<String, Message> {
        let metadata = context.pod.metadata
        switch path {
        case "metadata.name": return .success(metadata?.name ?? "")
        case "metadata.namespace": return .success(metadata?.namespace ?? "default")
        case "metadata.uid": return .success(metadata?.uid ?? "")
        case "spec.nodeName": return .success(context.nodeName)
        case "spec.serviceAccountName": return .success(context.pod.spec?.serviceAccountName ?? "default")
        case "status.hostIP", "status.hostIPs": return .success(context.hostIP)
        case "status.podIP", "status.podIPs": return .success(context.podIP)
        case "metadata.labels": return .success(formatMap(metadata?.labels ?? [:]))
        case "metadata.annotations": return .success(formatMap(metadata?.annotations ?? [:]))
        default:
            if let key = mapKey(path, of: "metadata.labels") {
                return .success(metadata?.labels?[key] ?? "")
            }
            if let key = mapKey(path, of: "metadata.annotations") {
                return .success(metadata?.annotations?[key] ?? "")
            }
            return .failure(Message(message: "unsupported fieldPath: \(path)"))
        }
    }

    /// `metadata.labels['app']` → `app`.
    private static func mapKey(_ path: String, of prefix: String) -> String? {
        guard path.hasPrefix(prefix + "['"), path.hasSuffix("']") else { return nil }
        return String(path.dropFirst(prefix.count + 2).dropLast(2))
    }

    /// `fieldpath.FormatMap`: sorted `key="value"` lines.
    private static func formatMap(_ map: [String: String]) -> String {
        map.keys.sorted().map { "\($0)=\(GoQuoting.quote(map[$0] ?? ""))" }.joined(separator: "\n")
    }

    private static func resourceValue(_ selector: ResourceFieldSelector, container: Container, context: Context) -> Result<String, Message> {
        var target = container
        if let name = selector.containerName, !name.isEmpty {
            let all = (context.pod.spec?.initContainers ?? []) + (context.pod.spec?.containers ?? [])
            guard let named = all.first(where: { $0.name == name }) else {
                return .failure(Message(message: "container \(name) not found"))
            }
            target = named
        }
        let resource = selector.resource ?? ""
        // An absent or zero divisor means 1 (`ExtractContainerResourceValue`).
        var divisor = Quantity(1)
        if let given = selector.divisor, !given.isZero {
            divisor = given
        }
        let parts = resource.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] == "limits" || parts[0] == "requests" else {
            return .failure(Message(message: "unsupported container resource : \(resource)"))
        }
        let name = parts[1]
        guard name == "cpu" || name == "memory" || name == "ephemeral-storage" || name.hasPrefix("hugepages-") else {
            return .failure(Message(message: "unsupported container resource : \(resource)"))
        }
        let limits = target.resources?.limits ?? [:]
        let requests = target.resources?.requests ?? [:]
        let quantity: Quantity
        if parts[0] == "limits" {
            quantity = limits[name] ?? allocatable(name, context.node)
        } else {
            // API defaulting copies a limit into an absent request.
            quantity = requests[name] ?? limits[name] ?? .zero
        }
        // The kubelet divides in float64 and rounds up (`convertResourceCPUToString` and friends).
        if name == "cpu" {
            return .success(String(Int64(goConverting: (Double(quantity.milliValue) / Double(divisor.milliValue)).rounded(.up))))
        }
        return .success(String(Int64(goConverting: (Double(quantity.value) / Double(divisor.value)).rounded(.up))))
    }

    private static func allocatable(_ name: String, _ node: NodeAllocatable) -> Quantity {
        switch name {
        case "cpu": return Quantity(Int64(node.cpuCores))
        case "memory": return Quantity(node.memoryBytes)
        case "ephemeral-storage": return Quantity(node.ephemeralStorageBytes)
        default: return .zero
        }
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).lowercased()
    }
}

extension ContainerEnvironment.Context {
    /// `metadata.namespace`, `default` when absent.
    var namespace: String {
        context.pod.metadata?.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
    }
    private var context: Self { self }
}

/// A container environment that cannot be built, e.g. `container "app": configmap "settings" not found`.
public struct ContainerEnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var containerName: String
    /// The kubelet's own words (`configmap "settings" not found`).
    public var message: String

    public var description: String { "container \"\(containerName)\": \(message)" }
}
