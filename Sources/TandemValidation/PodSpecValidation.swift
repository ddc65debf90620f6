import Foundation
import TandemAPI

/// `ValidatePodSpec` plus the pod-only and template-only wrappers around it
/// (`validatePodMetadataAndSpec`, `ValidatePodCreate`, `ValidatePodTemplateSpec`).
enum PodSpecValidation {
    static let restartPolicies = ["Always", "OnFailure", "Never"]
    static let dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
    static let maxInt32: Int64 = 2_147_483_647

    /// `ValidatePodCreate` for a Pod: metadata, spec, the pod-only container checks and the create-only rules.
    static func validatePodCreate(metadata: ObjectMeta?, spec: PodSpec) -> [FieldError] {
        let metaPath = FieldPath("metadata")
        let specPath = FieldPath("spec")
        var errors = ObjectMetaValidation.validate(metadata, path: metaPath)
        errors += validatePodSpecificAnnotations(metadata?.annotations, spec: spec, path: metaPath.child("annotations"))
        errors += validate(spec, isPod: true, path: specPath)
        errors += imageWhitespace(spec.containers, path: specPath.child("containers"))
        errors += imageWhitespace(spec.initContainers, path: specPath.child("initContainers"))
        if !(spec.ephemeralContainers ?? []).isEmpty {
            errors.append(.forbidden(specPath.child("ephemeralContainers"), "cannot be set on create"))
        }
        if !spec.nodeName.isNilOrEmpty && !(spec.schedulingGates ?? []).isEmpty {
            errors.append(.forbidden(specPath.child("nodeName"), "cannot be set until all schedulingGates have been cleared"))
        }
        return errors
    }

    /// `ValidatePodTemplateSpec`: the template's labels and annotations, then its spec.
    static func validateTemplate(metadata: ObjectMeta?, spec: PodSpec, path: FieldPath) -> [FieldError] {
        var errors = ObjectMetaValidation.validateLabels(metadata?.labels, path: path.child("labels"))
        errors += ObjectMetaValidation.validateAnnotations(metadata?.annotations, path: path.child("annotations"))
        errors += validatePodSpecificAnnotations(metadata?.annotations, spec: spec, path: path.child("annotations"))
        errors += validate(spec, isPod: false, path: path.child("spec"))
        if !(spec.ephemeralContainers ?? []).isEmpty {
            errors.append(.forbidden(path.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"))
        }
        return errors
    }

    static func validatePodSpecificAnnotations(_ annotations: [String: String]?, spec: PodSpec, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let mirrorKey = "kubernetes.io/config.mirror"
        if let value = annotations?[mirrorKey], spec.nodeName.isNilOrEmpty {
            errors.append(.invalid(path.key(mirrorKey), value, "must set spec.nodeName if mirror pod annotation is set"))
        }
        let deletionCostKey = "controller.kubernetes.io/pod-deletion-cost"
        if let value = annotations?[deletionCostKey], Int32(value) == nil {
            errors.append(.invalid(path.key(deletionCostKey), value, "must be a 32bit integer"))
        }
        return errors
    }

    /// `ValidatePodSpec`, in the API server's order.
    static func validate(_ spec: PodSpec, isPod: Bool, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if spec.terminationGracePeriodSeconds == nil {
            errors.append(.required(path.child("terminationGracePeriodSeconds")))
        }
        let (volumes, volumeErrors) = VolumeValidation.validate(spec.volumes, path: path.child("volumes"))
        errors += volumeErrors
        let restartPolicy = spec.restartPolicy.orEmpty
        let containers = ContainerValidation(volumes: volumes, gracePeriod: spec.terminationGracePeriodSeconds,
                                             podRestartPolicy: restartPolicy, hostUsers: spec.hostUsers ?? true)
        errors += containers.validateContainers(spec.containers, path: path.child("containers"))
        errors += containers.validateInitContainers(spec.initContainers, regular: spec.containers, path: path.child("initContainers"))
        errors += hostNetworkPorts(spec, isPod: isPod, path: path)
        if restartPolicy.isEmpty {
            errors.append(.required(path.child("restartPolicy")))
        } else if !restartPolicies.contains(restartPolicy) {
            errors.append(.notSupported(path.child("restartPolicy"), restartPolicy, restartPolicies))
        }
        let dnsPolicy = spec.dnsPolicy.orEmpty
        if dnsPolicy.isEmpty {
            errors.append(.required(path.child("dnsPolicy")))
        } else if !dnsPolicies.contains(dnsPolicy) {
            errors.append(.notSupported(path.child("dnsPolicy"), dnsPolicy, dnsPolicies))
        }
        errors += ObjectMetaValidation.validateLabels(spec.nodeSelector, path: path.child("nodeSelector"))
        errors += SecurityContextValidation.validatePod(spec.securityContext, spec: spec, path: path.child("securityContext"))
        errors += validateDNSConfig(spec.dnsConfig, dnsPolicy: dnsPolicy, path: path.child("dnsConfig"))
        for (index, gate) in (spec.readinessGates ?? []).enumerated() {
            let condition = gate.conditionType.orEmpty
            let gatePath = path.child("readinessGates").index(index).child("conditionType")
            errors += NameRules.qualifiedName(condition).map { FieldError.invalid(gatePath, condition, $0) }
        }
        errors += subdomain(spec.serviceAccountName, path: path.child("serviceAccountName"))
        errors += subdomain(spec.nodeName, path: path.child("nodeName"))
        if let deadline = spec.activeDeadlineSeconds, deadline < 1 || deadline > maxInt32 {
            errors.append(.invalid(path.child("activeDeadlineSeconds"), deadline, NameRules.inclusiveRangeError(1, maxInt32)))
        }
        errors += label(spec.hostname, path: path.child("hostname"))
        errors += label(spec.subdomain, path: path.child("subdomain"))
        errors += subdomain(spec.priorityClassName, path: path.child("priorityClassName"))
        if let runtimeClass = spec.runtimeClassName {
            errors += NameRules.nameIsDNSSubdomain(runtimeClass, prefix: false)
                .map { FieldError.invalid(path.child("runtimeClassName"), runtimeClass, $0) }
        }
        if let preemption = spec.preemptionPolicy {
            if preemption.isEmpty {
                errors.append(.required(path.child("preemptionPolicy")))
            } else if preemption != "PreemptLowerPriority" && preemption != "Never" {
                errors.append(.notSupported(path.child("preemptionPolicy"), preemption, ["PreemptLowerPriority", "Never"]))
            }
        }
        if let overhead = spec.overhead {
            errors += ResourceValidation.validateContainerResources(ResourceRequirements(limits: overhead), path: path.child("overhead"))
        }
        if let os = spec.os {
            let name = os.name.orEmpty
            if name.isEmpty {
                errors.append(.required(path.child("os", "name"), "cannot be empty"))
            } else if name != "linux" && name != "windows" {
                errors.append(.notSupported(path.child("os"), name, ["linux", "windows"]))
            }
        }
        return errors
    }

    /// With hostNetwork a Pod's hostPort must equal containerPort (templates may leave it 0).
    static func hostNetworkPorts(_ spec: PodSpec, isPod: Bool, path: FieldPath) -> [FieldError] {
        guard spec.hostNetwork == true else { return [] }
        var errors: [FieldError] = []
        for (containerIndex, container) in (spec.containers ?? []).enumerated() {
            for (portIndex, port) in (container.ports ?? []).enumerated() {
                let hostPort = Int64(port.hostPort ?? 0)
                let containerPort = Int64(port.containerPort ?? 0)
                if (isPod || hostPort != 0) && hostPort != containerPort {
                    let portPath = path.child("containers").index(containerIndex).child("ports").index(portIndex).child("hostPort")
                    errors.append(.invalid(portPath, hostPort, "must match `containerPort` when `hostNetwork` is true"))
                }
            }
        }
        return errors
    }

    static func validateDNSConfig(_ config: JSONValue?, dnsPolicy: String, path: FieldPath) -> [FieldError] {
        guard dnsPolicy == "None" else { return [] }
        guard case .object(let object)? = config else {
            return [.required(path, "must provide `dnsConfig` when `dnsPolicy` is None")]
        }
        if case .array(let servers)? = object["nameservers"], !servers.isEmpty { return [] }
        return [.required(path.child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None")]
    }

    static func imageWhitespace(_ containers: [Container]?, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, container) in (containers ?? []).enumerated() {
            let image = container.image.orEmpty
            if image != image.trimmingCharacters(in: .whitespacesAndNewlines) {
                errors.append(.invalid(path.index(index).child("image"), image, "must not have leading or trailing whitespace"))
            }
        }
        return errors
    }

    private static func subdomain(_ value: String?, path: FieldPath) -> [FieldError] {
        guard let value, !value.isEmpty else { return [] }
        return NameRules.nameIsDNSSubdomain(value, prefix: false).map { FieldError.invalid(path, value, $0) }
    }

    private static func label(_ value: String?, path: FieldPath) -> [FieldError] {
        guard let value, !value.isEmpty else { return [] }
        return NameRules.dns1123Label(value).map { FieldError.invalid(path, value, $0) }
    }
}
