import TandemAPI

/// The Job fields the API server checks beyond bounds (`validateJobSpec` in
/// `pkg/apis/batch/validation/validation.go`): Indexed-mode limits, `backoffLimitPerIndex` /
/// `maxFailedIndexes`, `podFailurePolicy`, `successPolicy` and `podReplacementPolicy`.
enum JobPolicyValidation {
    static let maxParallelismForIndexedJob: Int32 = 100_000
    static let maxFailedIndexesForIndexedJob: Int32 = 100_000
    static let completionsSoftLimit: Int32 = 100_000
    static let parallelismLimitForHighCompletions: Int32 = 10_000
    static let maxFailedIndexesLimitForHighCompletions: Int32 = 10_000
    static let maxPodFailurePolicyRules = 20
    static let maxOnExitCodesValues = 255
    static let maxOnPodConditionsPatterns = 20
    static let maxSuccessPolicyRules = 20
    static let maxSucceededIndexesLength = 64 * 1024
    static let actions = ["Count", "FailIndex", "FailJob", "Ignore"]
    static let operators = ["In", "NotIn"]
    static let conditionStatuses = ["False", "True", "Unknown"]
    static let replacementPolicies = ["Failed", "TerminatingOrFailed"]

    /// The per-index bounds and `managedBy`, checked right after the other bounds.
    static func perIndexBounds(_ spec: JobSpec, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if let value = spec.backoffLimitPerIndex {
            errors += HandlerValidation.nonnegative(Int64(value), path: path.child("backoffLimitPerIndex"))
        }
        if let value = spec.maxFailedIndexes {
            errors += HandlerValidation.nonnegative(Int64(value), path: path.child("maxFailedIndexes"))
            if spec.backoffLimitPerIndex == nil {
                errors.append(.required(path.child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"))
            }
        }
        if let managedBy = spec.managedBy {
            errors += domainPrefixedPath(managedBy, path: path.child("managedBy"))
            if managedBy.utf8.count > maxManagedByLength {
                errors.append(.tooLong(path.child("managedBy"), maxLength: maxManagedByLength))
            }
        }
        return errors
    }

    static let maxManagedByLength = 63
    static let httpPathFormat = #"[A-Za-z0-9/\-._~%!$&'()*+,;=:]+"#

    /// `IsDomainPrefixedPath` (apimachinery `validation.go`): `acme.io/foo`.
    static func domainPrefixedPath(_ value: String, path: FieldPath) -> [FieldError] {
        if value.isEmpty { return [.required(path)] }
        let segments = value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard segments.count == 2, !segments[0].isEmpty, !segments[1].isEmpty else {
            return [.invalid(path, value, "must be a domain-prefixed path (such as \"acme.io/foo\")")]
        }
        var errors = NameRules.dns1123Subdomain(segments[0]).map { FieldError.invalid(path, segments[0], $0) }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~%!$&'()*+,;=:".unicodeScalars)
        if !segments[1].unicodeScalars.allSatisfy(allowed.contains) {
            errors.append(.invalid(path, segments[1], NameRules.regexError("Invalid path", httpPathFormat)))
        }
        return errors
    }

    /// Everything after the completion mode's own checks, in the API server's order.
    static func validate(_ spec: JobSpec, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let indexed = spec.completionMode == "Indexed"
        if indexed {
            errors += indexedLimits(spec, path: path)
        } else {
            if let value = spec.backoffLimitPerIndex {
                errors.append(.invalid(path.child("backoffLimitPerIndex"), Int64(value), "requires indexed completion mode"))
            }
            if let value = spec.maxFailedIndexes {
                errors.append(.invalid(path.child("maxFailedIndexes"), Int64(value), "requires indexed completion mode"))
            }
        }
        if let policy = spec.podFailurePolicy {
            errors += podFailurePolicy(policy, spec: spec, path: path.child("podFailurePolicy"))
        }
        if let policy = spec.successPolicy {
            if !indexed {
                errors.append(.invalid(path.child("successPolicy"), .rendered(goSyntax(policy)), "requires indexed completion mode"))
            } else {
                errors += successPolicy(policy, completions: spec.completions ?? 0, path: path.child("successPolicy"))
            }
        }
        if let replacement = spec.podReplacementPolicy {
            let replacementPath = path.child("podReplacementPolicy")
            if spec.podFailurePolicy != nil {
                if replacement != "Failed" { errors.append(.notSupported(replacementPath, replacement, ["Failed"])) }
            } else if !replacementPolicies.contains(replacement) {
                errors.append(.notSupported(replacementPath, replacement, replacementPolicies))
            }
        }
        return errors
    }

    static func indexedLimits(_ spec: JobSpec, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if let parallelism = spec.parallelism, parallelism > maxParallelismForIndexedJob {
            errors.append(.invalid(path.child("parallelism"), Int64(parallelism),
                                   "must be less than or equal to \(maxParallelismForIndexedJob) when completion mode is Indexed"))
        }
        if let completions = spec.completions, let maxFailed = spec.maxFailedIndexes, maxFailed > completions {
            errors.append(.invalid(path.child("maxFailedIndexes"), Int64(maxFailed), "must be less than or equal to completions"))
        }
        if let maxFailed = spec.maxFailedIndexes, maxFailed > maxFailedIndexesForIndexedJob {
            errors.append(.invalid(path.child("maxFailedIndexes"), Int64(maxFailed),
                                   "must be less than or equal to \(maxFailedIndexesForIndexedJob)"))
        }
        if let completions = spec.completions, completions > completionsSoftLimit, spec.backoffLimitPerIndex != nil {
            let suffix = "when completions are above \(completionsSoftLimit) and used with backoff limit per index"
            if spec.maxFailedIndexes == nil {
                errors.append(.required(path.child("maxFailedIndexes"), "must be specified when completions is above \(completionsSoftLimit)"))
            }
            if let parallelism = spec.parallelism, parallelism > parallelismLimitForHighCompletions {
                errors.append(.invalid(path.child("parallelism"), Int64(parallelism),
                                       "must be less than or equal to \(parallelismLimitForHighCompletions) \(suffix)"))
            }
            if let maxFailed = spec.maxFailedIndexes, maxFailed > maxFailedIndexesLimitForHighCompletions {
                errors.append(.invalid(path.child("maxFailedIndexes"), Int64(maxFailed),
                                       "must be less than or equal to \(maxFailedIndexesLimitForHighCompletions) \(suffix)"))
            }
        }
        return errors
    }

    static func podFailurePolicy(_ policy: PodFailurePolicy, spec: JobSpec, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let rules = policy.rules ?? []
        let rulesPath = path.child("rules")
        if rules.count > maxPodFailurePolicyRules {
            errors.append(tooMany(rulesPath, rules.count, maxPodFailurePolicyRules))
        }
        let podSpec = spec.template?.spec
        let names = Set(((podSpec?.containers ?? []) + (podSpec?.initContainers ?? [])).compactMap(\.name))
        for (index, rule) in rules.enumerated() {
            let rulePath = rulesPath.index(index)
            let actionPath = rulePath.child("action")
            let action = rule.action ?? ""
            if action.isEmpty {
                errors.append(.required(actionPath, "valid values: \(goList(actions))"))
            } else if action == "FailIndex" {
                if spec.backoffLimitPerIndex == nil {
                    errors.append(.invalid(actionPath, action, "requires the backoffLimitPerIndex to be set"))
                }
            } else if !actions.contains(action) {
                errors.append(.notSupported(actionPath, action, actions))
            }
            if let onExitCodes = rule.onExitCodes {
                errors += exitCodes(onExitCodes, names: names, path: rulePath.child("onExitCodes"))
            }
            let patterns = rule.onPodConditions ?? []
            if !patterns.isEmpty {
                errors += podConditions(patterns, path: rulePath.child("onPodConditions"))
            }
            if rule.onExitCodes != nil && !patterns.isEmpty {
                errors.append(.invalid(rulePath, .omitted, "specifying both OnExitCodes and OnPodConditions is not supported"))
            }
            if rule.onExitCodes == nil && patterns.isEmpty {
                errors.append(.invalid(rulePath, .omitted, "specifying one of OnExitCodes and OnPodConditions is required"))
            }
        }
        return errors
    }

    static func exitCodes(_ requirement: PodFailurePolicyOnExitCodesRequirement, names: Set<String>,
                          path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let operatorPath = path.child("operator")
        let op = requirement.operator ?? ""
        if op.isEmpty {
            errors.append(.required(operatorPath, "valid values: \(goList(operators))"))
        } else if !operators.contains(op) {
            errors.append(.notSupported(operatorPath, op, operators))
        }
        if let name = requirement.containerName, !names.contains(name) {
            errors.append(.invalid(path.child("containerName"), name,
                                   "must be one of the container or initContainer names in the pod template"))
        }
        let valuesPath = path.child("values")
        let values = requirement.values ?? []
        if values.isEmpty {
            errors.append(.invalid(valuesPath, .rendered(requirement.values == nil ? "[]int32(nil)" : "[]int32{}"),
                                   "at least one value is required"))
        } else if values.count > maxOnExitCodesValues {
            errors.append(tooMany(valuesPath, values.count, maxOnExitCodesValues))
        }
        var seen: Set<Int32> = []
        var ordered = true
        for (index, value) in values.enumerated() {
            let valuePath = valuesPath.index(index)
            if op == "In" && value == 0 {
                errors.append(.invalid(valuePath, Int64(value), "must not be 0 for the In operator"))
            }
            if !seen.insert(value).inserted {
                errors.append(FieldError(type: .duplicate, field: valuePath.description, badValue: .int(Int64(value)), detail: ""))
            }
            if index > 0 && values[index - 1] > value { ordered = false }
        }
        if !ordered {
            let rendered = "[]int32{" + values.map(String.init).joined(separator: ", ") + "}"
            errors.append(.invalid(valuesPath, .rendered(rendered), "must be ordered"))
        }
        return errors
    }

    static func podConditions(_ patterns: [PodFailurePolicyOnPodConditionsPattern], path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if patterns.count > maxOnPodConditionsPatterns {
            errors.append(tooMany(path, patterns.count, maxOnPodConditionsPatterns))
        }
        for (index, pattern) in patterns.enumerated() {
            let patternPath = path.index(index)
            let type = pattern.type ?? ""
            errors += NameRules.qualifiedName(type).map { FieldError.invalid(patternPath.child("type"), type, $0) }
            let status = pattern.status ?? ""
            if status.isEmpty {
                errors.append(.required(patternPath.child("status"), "valid values: \(goList(conditionStatuses))"))
            } else if !conditionStatuses.contains(status) {
                errors.append(.notSupported(patternPath.child("status"), status, conditionStatuses))
            }
        }
        return errors
    }

    static func successPolicy(_ policy: SuccessPolicy, completions: Int32, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let rules = policy.rules ?? []
        let rulesPath = path.child("rules")
        if rules.isEmpty {
            errors.append(.required(rulesPath, "at least one rules must be specified when the successPolicy is specified"))
        }
        if rules.count > maxSuccessPolicyRules {
            errors.append(tooMany(rulesPath, rules.count, maxSuccessPolicyRules))
        }
        for (index, rule) in rules.enumerated() {
            let rulePath = rulesPath.index(index)
            if rule.succeededCount == nil && rule.succeededIndexes == nil {
                errors.append(.required(rulePath, "at least one of succeededCount or succeededIndexes must be specified"))
            }
            var total = 0
            if let text = rule.succeededIndexes {
                let indexesPath = rulePath.child("succeededIndexes")
                if text.utf8.count > maxSucceededIndexesLength {
                    errors.append(.tooLong(indexesPath, maxLength: maxSucceededIndexesLength))
                }
                do {
                    total = try CompletionIndexes(parsing: text, completions: completions).count
                } catch {
                    errors.append(.invalid(indexesPath, text, "error parsing succeededIndexes: \(error.message)"))
                }
            }
            if let count = rule.succeededCount {
                let countPath = rulePath.child("succeededCount")
                errors += HandlerValidation.nonnegative(Int64(count), path: countPath)
                if count > completions {
                    errors.append(.invalid(countPath, Int64(count),
                                           "must be less than or equal to \(completions) (the number of specified completions)"))
                }
                if rule.succeededIndexes != nil && Int(count) > total {
                    errors.append(.invalid(countPath, Int64(count),
                                           "must be less than or equal to \(total) (the number of indexes in the specified succeededIndexes field)"))
                }
            }
        }
        return errors
    }

    /// Go's `field.TooMany(path, actual, max)`.
    static func tooMany(_ path: FieldPath, _ actual: Int, _ max: Int) -> FieldError {
        FieldError(type: .tooMany, field: path.description, badValue: .int(Int64(actual)),
                   detail: "must have at most \(max) items")
    }

    /// Go's `%q` of a `[]string`: `["a" "b"]`.
    static func goList(_ values: [String]) -> String {
        "[" + values.map(GoQuoting.quote).joined(separator: " ") + "]"
    }

    /// Go's `%#v` of the internal `batch.SuccessPolicy`, as far as it has no pointer addresses.
    static func goSyntax(_ policy: SuccessPolicy) -> String {
        let rules = (policy.rules ?? []).map { _ in "batch.SuccessPolicyRule{…}" }
        return "batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{" + rules.joined(separator: ", ") + "}}"
    }
}
