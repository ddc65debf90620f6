import TandemAPI

/// The workload validators' parts that concern the pod template (`pkg/apis/batch/validation`,
/// `pkg/apis/apps/validation`): JobSpec bounds and restartPolicy, controllers' selector, labels and
/// restartPolicy=Always.
enum WorkloadValidation {
    static func validateJobSpec(_ spec: JobSpec?, path: FieldPath) -> [FieldError] {
        let spec = spec ?? JobSpec()
        var errors: [FieldError] = []
        let bounds: [(String, Int64?)] = [
            ("parallelism", spec.parallelism.map(Int64.init)), ("completions", spec.completions.map(Int64.init)),
            ("activeDeadlineSeconds", spec.activeDeadlineSeconds), ("backoffLimit", spec.backoffLimit.map(Int64.init)),
            ("ttlSecondsAfterFinished", spec.ttlSecondsAfterFinished.map(Int64.init)),
        ]
        for (name, value) in bounds {
            if let value { errors += HandlerValidation.nonnegative(value, path: path.child(name)) }
        }
        errors += JobPolicyValidation.perIndexBounds(spec, path: path)
        if let mode = spec.completionMode {
            if mode != "NonIndexed" && mode != "Indexed" {
                errors.append(.notSupported(path.child("completionMode"), mode, ["NonIndexed", "Indexed"]))
            }
            if mode == "Indexed" && spec.completions == nil {
                errors.append(.required(path.child("completions"), "when completion mode is Indexed"))
            }
        }
        errors += JobPolicyValidation.validate(spec, path: path)
        let template = spec.template ?? PodTemplateSpec()
        let podSpec = template.spec ?? PodSpec()
        errors += PodSpecValidation.validateTemplate(metadata: template.metadata, spec: podSpec, path: path.child("template"))
        let restartPolicy = podSpec.restartPolicy.orEmpty
        if restartPolicy != "OnFailure" && restartPolicy != "Never" {
            errors.append(.notSupported(path.child("template", "spec", "restartPolicy"), restartPolicy, ["OnFailure", "Never"]))
        } else if restartPolicy == "OnFailure", spec.podFailurePolicy != nil {
            errors.append(.invalid(path.child("template", "spec", "restartPolicy"), restartPolicy, "only \"Never\" is supported when podFailurePolicy is specified"))
        }
        return errors
    }

    /// Deployment, ReplicaSet, StatefulSet and DaemonSet templates: selector required and matching the
    /// template labels, restartPolicy Always, no activeDeadlineSeconds.
    static func validateControllerTemplate(kind: String, selector: JSONValue?, replicas: Int32?, template: PodTemplateSpec?,
                                           path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if let replicas { errors += HandlerValidation.nonnegative(Int64(replicas), path: path.child("replicas")) }
        let parsed = LabelSelector(selector)
        if parsed == nil {
            errors.append(.required(path.child("selector")))
        } else if kind == "Deployment", parsed?.isEmpty == true {
            errors.append(.invalid(path.child("selector"), .rendered("&v1.LabelSelector{}"), "empty selector is invalid for deployment"))
        }
        let template = template ?? PodTemplateSpec()
        let templatePath = path.child("template")
        if let parsed, !parsed.isEmpty, !parsed.matches(template.metadata?.labels ?? [:]) {
            errors.append(.invalid(templatePath.child("metadata", "labels"), .rendered(GoText.stringMap(template.metadata?.labels)),
                                   "`selector` does not match template `labels`"))
        }
        let podSpec = template.spec ?? PodSpec()
        errors += PodSpecValidation.validateTemplate(metadata: template.metadata, spec: podSpec, path: templatePath)
        let restartPolicy = podSpec.restartPolicy.orEmpty
        if restartPolicy != "Always" {
            errors.append(.notSupported(templatePath.child("spec", "restartPolicy"), restartPolicy, ["Always"]))
        }
        if podSpec.activeDeadlineSeconds != nil {
            let owner = kind == "Deployment" ? "ReplicaSet" : kind
            errors.append(.forbidden(templatePath.child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in \(owner) is not Supported"))
        }
        return errors
    }
}

/// A `metav1.LabelSelector` read from its JSON form, enough to test it against template labels.
struct LabelSelector {
    var matchLabels: [String: String] = [:]
    var expressions: [(key: String, op: String, values: [String])] = []

    init?(_ json: JSONValue?) {
        guard case .object(let object)? = json else { return nil }
        if case .object(let labels)? = object["matchLabels"] {
            for (key, value) in labels {
                if case .string(let text) = value { matchLabels[key] = text }
            }
        }
        if case .array(let items)? = object["matchExpressions"] {
            for case .object(let item) in items {
                guard case .string(let key)? = item["key"], case .string(let op)? = item["operator"] else { continue }
                var values: [String] = []
                if case .array(let list)? = item["values"] {
                    for case .string(let value) in list { values.append(value) }
                }
                expressions.append((key, op, values))
            }
        }
    }

    var isEmpty: Bool { matchLabels.isEmpty && expressions.isEmpty }

    func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        for expression in expressions {
            let value = labels[expression.key]
            switch expression.op {
            case "In": if !(value.map { expression.values.contains($0) } ?? false) { return false }
            case "NotIn": if let value, expression.values.contains(value) { return false }
            case "Exists": if value == nil { return false }
            case "DoesNotExist": if value != nil { return false }
            default: return false
            }
        }
        return true
    }
}
