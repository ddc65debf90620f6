import TandemAPI

/// `ValidateContainerResourceRequirements`: resource names, non-negative quantities, integer
/// extended resources, hugepages, and request ≤ limit (request = limit where overcommit is not allowed).
enum ResourceValidation {
    static let standardContainerResources: Set<String> = ["cpu", "memory", "ephemeral-storage"]
    /// `IsStandardResourceName`'s unprefixed names (container resources plus quota names).
    static let standardResources: Set<String> = [
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services", "replicationcontrollers",
        "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "requests.storage",
        "services.nodeports", "services.loadbalancers", "storage",
    ]

    static func isHugePages(_ name: String) -> Bool { name.hasPrefix("hugepages-") }
    static func isNative(_ name: String) -> Bool { !name.contains("/") || name.contains("kubernetes.io/") }
    static func isOvercommitAllowed(_ name: String) -> Bool { isNative(name) && !isHugePages(name) }
    /// Extended (non-native) resources must be whole numbers.
    static func isIntegerResource(_ name: String) -> Bool { !isNative(name) }

    static func validateContainerResources(_ requirements: ResourceRequirements?, path: FieldPath) -> [FieldError] {
        let requirements = requirements ?? ResourceRequirements()
        var errors: [FieldError] = []
        let limits = requirements.limits ?? [:]
        let requests = requirements.requests ?? [:]
        let limitsPath = path.child("limits")
        let requestsPath = path.child("requests")
        var limitsHaveComputeResource = false
        var requestsHaveComputeResource = false
        var hasHugePages = false
        // Go walks these maps in random order; sorted names keep the output stable.
        for name in limits.keys.sorted() {
            let itemPath = limitsPath.key(name)
            errors += validateResourceName(name, path: itemPath)
            if let quantity = limits[name] { errors += validateQuantity(name, quantity, path: itemPath) }
            if isHugePages(name) {
                hasHugePages = true
                if let quantity = limits[name] { errors += validateHugePagesValue(name, quantity, path: itemPath) }
            }
            if name == "cpu" || name == "memory" { limitsHaveComputeResource = true }
        }
        for name in requests.keys.sorted() {
            let itemPath = requestsPath.key(name)
            errors += validateResourceName(name, path: itemPath)
            guard let quantity = requests[name] else { continue }
            errors += validateQuantity(name, quantity, path: itemPath)
            if let limit = limits[name] {
                if quantity != limit && !isOvercommitAllowed(name) {
                    errors.append(.invalid(requestsPath, quantity.description, "must be equal to \(name) limit of \(limit.description)"))
                } else if quantity > limit {
                    errors.append(.invalid(requestsPath, quantity.description, "must be less than or equal to \(name) limit of \(limit.description)"))
                }
            } else if !isOvercommitAllowed(name) {
                errors.append(.required(limitsPath, "Limit must be set for non overcommitable resources"))
            }
            if isHugePages(name) {
                hasHugePages = true
                errors += validateHugePagesValue(name, quantity, path: itemPath)
            }
            if name == "cpu" || name == "memory" { requestsHaveComputeResource = true }
        }
        if !limitsHaveComputeResource && !requestsHaveComputeResource && hasHugePages {
            errors.append(.forbidden(path, "HugePages require cpu or memory"))
        }
        errors += validateClaims(requirements.claims, path: path.child("claims"))
        return errors
    }

    static func validateResourceName(_ name: String, path: FieldPath) -> [FieldError] {
        var errors = NameRules.qualifiedName(name).map { FieldError.invalid(path, name, $0) }
        let unprefixed = !name.contains("/")
        if errors.isEmpty && unprefixed && !standardResources.contains(name) && !isHugePages(name) {
            errors.append(.invalid(path, name, "must be a standard resource type or fully qualified"))
        }
        if unprefixed {
            if !standardContainerResources.contains(name) && !isHugePages(name) {
                errors.append(.invalid(path, name, "must be a standard resource for containers"))
            }
        } else if !isNative(name) && !isExtendedResourceName(name) {
            errors.append(.invalid(path, name, "doesn't follow extended resource name standard"))
        }
        return errors
    }

    /// `IsExtendedResourceName`: prefixed, not native, not `requests.`-prefixed, and a qualified name.
    static func isExtendedResourceName(_ name: String) -> Bool {
        if isNative(name) || name.hasPrefix("requests.") { return false }
        return NameRules.qualifiedName("requests." + name).isEmpty
    }

    static func validateQuantity(_ name: String, _ quantity: Quantity, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if quantity.sign < 0 {
            errors.append(.invalid(path, quantity.description, "must be greater than or equal to 0"))
        }
        if isIntegerResource(name) && !quantity.isInteger {
            // Go checks MilliValue() % 1000; a Quantity prints unquoted (it is a Stringer).
            errors.append(.invalid(path, .rendered(quantity.description), "must be an integer"))
        }
        return errors
    }

    static func validateHugePagesValue(_ name: String, _ quantity: Quantity, path: FieldPath) -> [FieldError] {
        let pageSizeText = String(name.dropFirst("hugepages-".count))
        guard let pageSize = try? Quantity(parsing: pageSizeText), !pageSize.isZero else { return [] }
        // The quotient must be a whole number and not negative.
        guard quantity.isIntegerMultiple(of: pageSize), quantity.sign * pageSize.sign >= 0 else {
            return [.invalid(path, quantity.description, "\(quantity.description) is not positive integer multiple of \(name)")]
        }
        return []
    }

    static func validateClaims(_ claims: [ResourceClaim]?, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, claim) in (claims ?? []).enumerated() {
            let name = claim.name.orEmpty
            if name.isEmpty {
                errors.append(.required(path.index(index)))
                continue
            }
            // Pod-level resourceClaims are not modelled, so every claim name is unknown to the pod.
            var notFound = FieldError.notFound(path.index(index), name)
            notFound.detail = "must be one of the names in pod.spec.resourceClaims which is empty"
            errors.append(notFound)
        }
        return errors
    }
}

