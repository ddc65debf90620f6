import TandemAPI

/// `ValidateEnv`, `validateEnvVarValueFrom` and `ValidateEnvFrom`.
enum EnvValidation {
    static let fieldPathExpressions = [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ]
    /// Labels `ConvertDownwardAPIFieldLabel` accepts for v1 pods.
    static let convertibleFieldLabels: Set<String> = [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
        "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName",
        "status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ]
    static let resourceFieldExpressions = [
        "limits.cpu", "limits.ephemeral-storage", "limits.memory",
        "requests.cpu", "requests.ephemeral-storage", "requests.memory",
    ]

    static func validateEnv(_ variables: [EnvVar]?, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, variable) in (variables ?? []).enumerated() {
            let itemPath = path.index(index)
            let name = variable.name.orEmpty
            if name.isEmpty {
                errors.append(.required(itemPath.child("name")))
            } else {
                errors += NameRules.relaxedEnvVarName(name).map { FieldError.invalid(itemPath.child("name"), name, $0) }
            }
            errors += validateValueFrom(variable, path: itemPath.child("valueFrom"))
        }
        return errors
    }

    static func validateValueFrom(_ variable: EnvVar, path: FieldPath) -> [FieldError] {
        guard let source = variable.valueFrom else { return [] }
        var errors: [FieldError] = []
        var count = 0
        if let fieldRef = source.fieldRef {
            count += 1
            errors += validateFieldRef(fieldRef, path: path.child("fieldRef"))
        }
        if let resourceRef = source.resourceFieldRef {
            count += 1
            errors += validateResourceFieldRef(resourceRef, path: path.child("resourceFieldRef"))
        }
        if let keyRef = source.configMapKeyRef {
            count += 1
            errors += validateKeySelector(keyRef, path: path.child("configMapKeyRef"))
        }
        if let keyRef = source.secretKeyRef {
            count += 1
            errors += validateKeySelector(keyRef, path: path.child("secretKeyRef"))
        }
        if count == 0 {
            errors.append(.invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
        } else if !variable.value.isNilOrEmpty {
            errors.append(.invalid(path, "", "may not be specified when `value` is not empty"))
        } else if count > 1 {
            errors.append(.invalid(path, "", "may not have more than one field specified at a time"))
        }
        return errors
    }

    static func validateFieldRef(_ selector: ObjectFieldSelector, path: FieldPath) -> [FieldError] {
        let apiVersion = selector.apiVersion.orEmpty
        if apiVersion.isEmpty { return [.required(path.child("apiVersion"))] }
        let fieldPath = selector.fieldPath.orEmpty
        if fieldPath.isEmpty { return [.required(path.child("fieldPath"))] }
        if apiVersion != "v1" {
            return [.invalid(path.child("fieldPath"), fieldPath, "error converting fieldPath: unsupported pod version: \(apiVersion)")]
        }
        if let split = splitSubscriptedPath(fieldPath) {
            let (base, key) = split
            switch base {
            case "metadata.annotations":
                return NameRules.qualifiedName(key.lowercased()).map { FieldError.invalid(path, key.lowercased(), $0) }
            case "metadata.labels":
                return NameRules.qualifiedName(key).map { FieldError.invalid(path, key, $0) }
            default:
                return [.invalid(path.child("fieldPath"), fieldPath, "error converting fieldPath: field label does not support subscript")]
            }
        }
        let internalPath = fieldPath == "spec.host" ? "spec.nodeName" : fieldPath
        guard convertibleFieldLabels.contains(internalPath) else {
            return [.invalid(path.child("fieldPath"), fieldPath, "error converting fieldPath: field label not supported: \(fieldPath)")]
        }
        if !fieldPathExpressions.contains(internalPath) {
            return [.notSupported(path.child("fieldPath"), internalPath, fieldPathExpressions)]
        }
        return []
    }

    /// `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['app']` → (`metadata.labels`, `app`).
    static func splitSubscriptedPath(_ fieldPath: String) -> (String, String)? {
        guard fieldPath.hasSuffix("']") else { return nil }
        let trimmed = String(fieldPath.dropLast(2))
        guard let range = trimmed.range(of: "['") else { return nil }
        let base = String(trimmed[..<range.lowerBound])
        guard !base.isEmpty else { return nil }
        return (base, String(trimmed[range.upperBound...]))
    }

    static func validateResourceFieldRef(_ selector: ResourceFieldSelector, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let resource = selector.resource.orEmpty
        if resource.isEmpty {
            errors.append(.required(path.child("resource")))
        } else if !resourceFieldExpressions.contains(resource)
                    && !resource.hasPrefix("requests.hugepages-") && !resource.hasPrefix("limits.hugepages-") {
            errors.append(.notSupported(path.child("resource"), resource, resourceFieldExpressions))
        }
        if let divisor = selector.divisor, !divisor.isZero {
            let text = divisor.description
            let memoryLike = ["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"]
            let memoryDetail = "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the"
            switch resource {
            case "limits.cpu", "requests.cpu":
                if !["1m", "1"].contains(text) {
                    errors.append(.invalid(path.child("divisor"), resource, "only divisor's values 1m and 1 are supported with the cpu resource"))
                }
            case "limits.memory", "requests.memory":
                if !memoryLike.contains(text) { errors.append(.invalid(path.child("divisor"), resource, memoryDetail + " memory resource")) }
            case "limits.ephemeral-storage", "requests.ephemeral-storage":
                if !memoryLike.contains(text) { errors.append(.invalid(path.child("divisor"), resource, memoryDetail + " local ephemeral storage resource")) }
            default:
                break
            }
            if resource.hasPrefix("requests.hugepages-") || resource.hasPrefix("limits.hugepages-"), !memoryLike.contains(text) {
                errors.append(.invalid(path.child("divisor"), resource, memoryDetail + " hugepages resource"))
            }
        }
        return errors
    }

    static func validateKeySelector(_ selector: KeySelector, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let name = selector.name.orEmpty
        errors += NameRules.nameIsDNSSubdomain(name, prefix: false).map { FieldError.invalid(path.child("name"), name, $0) }
        let key = selector.key.orEmpty
        if key.isEmpty {
            errors.append(.required(path.child("key")))
        } else {
            errors += NameRules.configMapKey(key).map { FieldError.invalid(path.child("key"), key, $0) }
        }
        return errors
    }

    static func validateEnvFrom(_ sources: [EnvFromSource]?, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, source) in (sources ?? []).enumerated() {
            let itemPath = path.index(index)
            let prefix = source.prefix.orEmpty
            if !prefix.isEmpty {
                errors += NameRules.relaxedEnvVarName(prefix).map { FieldError.invalid(itemPath.child("prefix"), prefix, $0) }
            }
            var count = 0
            for (child, reference) in [("configMapRef", source.configMapRef), ("secretRef", source.secretRef)] {
                guard let reference else { continue }
                count += 1
                let name = reference.name.orEmpty
                if name.isEmpty {
                    errors.append(.required(itemPath.child(child, "name")))
                } else {
                    errors += NameRules.nameIsDNSSubdomain(name, prefix: true).map { FieldError.invalid(itemPath.child(child, "name"), name, $0) }
                }
            }
            if count == 0 {
                errors.append(.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"))
            } else if count > 1 {
                errors.append(.invalid(path, "", "may not have more than one field specified at a time"))
            }
        }
        return errors
    }
}
