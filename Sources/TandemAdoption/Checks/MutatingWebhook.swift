import TandemAPI

/// One webhook of a `MutatingWebhookConfiguration` (admissionregistration.k8s.io/v1), read
/// from `kubectl get mutatingwebhookconfigurations -o yaml`, reduced to what decides whether
/// it sees a pod's CREATE and can rewrite it.
public struct MutatingWebhook: Sendable, Equatable {
    public var configuration: String
    public var name: String
    /// `Never` (default) or `IfNeeded`.
    public var reinvocationPolicy: String
    /// `Fail` (default) or `Ignore`.
    public var failurePolicy: String
    public var interceptsPodCreate: Bool
    public var namespaceSelector: JSONValue?
    public var objectSelector: JSONValue?
    public var hasMatchConditions: Bool

    /// Every mutating webhook in the documents (a List, a MutatingWebhookConfigurationList
    /// or single configurations); ValidatingWebhookConfigurations are skipped, as they
    /// cannot change an object.
    static func parse(_ documents: [JSONValue], file: String) throws(AdmissionCheck.InputError) -> [MutatingWebhook] {
        var configurations: [(String, JSONValue)] = []
        for (number, document) in documents.enumerated() {
            let where_ = documents.count > 1 ? "document \(number + 1)" : "the document"
            switch document["kind"] {
            case .string("List")?, .string("MutatingWebhookConfigurationList")?:
                guard case .array(let items)? = document["items"] else {
                    throw AdmissionCheck.InputError("\(file): \(where_): items: expected a list")
                }
                configurations += items.enumerated().map { ("items[\($0.offset)]", $0.element) }
            case .string("MutatingWebhookConfiguration")?:
                configurations.append((where_, document))
            case .string("ValidatingWebhookConfiguration")?, .string("ValidatingWebhookConfigurationList")?:
                continue
            default:
                throw AdmissionCheck.InputError("\(file): \(where_): expected kind MutatingWebhookConfiguration or a List of them (kubectl get mutatingwebhookconfigurations -o yaml)")
            }
        }
        var webhooks: [MutatingWebhook] = []
        for (path, configuration) in configurations {
            if case .string("ValidatingWebhookConfiguration")? = configuration["kind"] { continue }
            guard case .string("MutatingWebhookConfiguration")? = configuration["kind"] else {
                throw AdmissionCheck.InputError("\(file): \(path).kind: expected \"MutatingWebhookConfiguration\"")
            }
            guard case .string(let configurationName)? = configuration["metadata"]?["name"] else {
                throw AdmissionCheck.InputError("\(file): \(path).metadata.name: missing")
            }
            guard case .array(let hooks)? = configuration["webhooks"] ?? .array([]) else {
                throw AdmissionCheck.InputError("\(file): \(path).webhooks: expected a list")
            }
            for (index, hook) in hooks.enumerated() {
                let hookPath = "\(path).webhooks[\(index)]"
                guard case .string(let name)? = hook["name"] else {
                    throw AdmissionCheck.InputError("\(file): \(hookPath).name: missing")
                }
                let rules: [JSONValue]
                switch hook["rules"] {
                case .array(let list)?: rules = list
                case nil, .null?: rules = []
                default: throw AdmissionCheck.InputError("\(file): \(hookPath).rules: expected a list")
                }
                webhooks.append(MutatingWebhook(
                    configuration: configurationName, name: name,
                    reinvocationPolicy: Self.string(hook["reinvocationPolicy"]) ?? "Never",
                    failurePolicy: Self.string(hook["failurePolicy"]) ?? "Fail",
                    interceptsPodCreate: rules.contains(where: Self.matchesPodCreate),
                    namespaceSelector: hook["namespaceSelector"], objectSelector: hook["objectSelector"],
                    hasMatchConditions: { if case .array(let list)? = hook["matchConditions"] { return !list.isEmpty }; return false }()))
            }
        }
        return webhooks
    }

    private static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let list)? = value else { return [] }
        return list.compactMap { if case .string(let text) = $0 { return text }; return nil }
    }

    /// A RuleWithOperations that covers `CREATE` of core/v1 `pods` (not a subresource).
    static func matchesPodCreate(_ rule: JSONValue) -> Bool {
        let operations = strings(rule["operations"])
        let groups = strings(rule["apiGroups"])
        let versions = strings(rule["apiVersions"])
        let resources = strings(rule["resources"])
        let scope = string(rule["scope"]) ?? "*"
        return (operations.contains("CREATE") || operations.contains("*"))
            && (groups.contains("") || groups.contains("*"))
            && (versions.contains("v1") || versions.contains("*"))
            && (resources.contains("pods") || resources.contains("*") || resources.contains("*/*"))
            && (scope == "*" || scope == "Namespaced")
    }

    /// Whether a label selector matches `labels`; nil when it cannot be told.
    static func selector(_ selector: JSONValue?, matches labels: [String: String]) -> Bool? {
        guard let selector, selector != .null else { return true }
        if case .object(let matchLabels)? = selector["matchLabels"] {
            for (key, value) in matchLabels {
                guard case .string(let wanted) = value else { return nil }
                if labels[key] != wanted { return false }
            }
        }
        if case .array(let expressions)? = selector["matchExpressions"] {
            for expression in expressions {
                guard let key = string(expression["key"]), let op = string(expression["operator"]) else { return nil }
                let values = strings(expression["values"])
                switch op {
                case "In": if !(labels[key].map(values.contains) ?? false) { return false }
                case "NotIn": if labels[key].map(values.contains) ?? false { return false }
                case "Exists": if labels[key] == nil { return false }
                case "DoesNotExist": if labels[key] != nil { return false }
                default: return nil
                }
            }
        }
        return true
    }

    /// Label keys a selector reads.
    static func keys(of selector: JSONValue?) -> Set<String> {
        var keys: Set<String> = []
        if case .object(let matchLabels)? = selector?["matchLabels"] { keys.formUnion(matchLabels.keys) }
        if case .array(let expressions)? = selector?["matchExpressions"] {
            keys.formUnion(expressions.compactMap { string($0["key"]) })
        }
        return keys
    }

    /// Whether this webhook is called for the pod: rules, object selector on the pod's
    /// labels, namespace selector when it only reads `kubernetes.io/metadata.name` (the one
    /// namespace label the API server guarantees). nil: depends on what cannot be seen here.
    func calledFor(podLabels: [String: String], namespace: String?) -> (Bool?, String) {
        guard interceptsPodCreate else { return (false, "its rules do not cover pods CREATE") }
        if Self.selector(objectSelector, matches: podLabels) == false {
            return (false, "its objectSelector does not match the pod's labels")
        }
        var unknowns: [String] = []
        if Self.selector(objectSelector, matches: podLabels) == nil { unknowns.append("objectSelector") }
        let namespaceKeys = Self.keys(of: namespaceSelector)
        if let namespace, namespaceKeys.isSubset(of: ["kubernetes.io/metadata.name"]) {
            switch Self.selector(namespaceSelector, matches: ["kubernetes.io/metadata.name": namespace]) {
            case false?: return (false, "its namespaceSelector excludes namespace \(GoQuoting.quote(namespace))")
            case nil: unknowns.append("namespaceSelector")
            default: break
            }
        } else {
            unknowns.append("namespaceSelector (namespace labels)")
        }
        if hasMatchConditions { unknowns.append("matchConditions") }
        if unknowns.isEmpty { return (true, "matches pods CREATE") }
        return (nil, "matches pods CREATE, subject to its " + unknowns.joined(separator: ", "))
    }
}
