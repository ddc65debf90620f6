import TandemAPI

/// `ValidateSecurityContext` (containers) and `validatePodSpecSecurityContext` (pod).
enum SecurityContextValidation {
    static func validate(_ context: SecurityContext?, hostUsers: Bool, path: FieldPath) -> [FieldError] {
        guard let context else { return [] }
        var errors: [FieldError] = []
        if let user = context.runAsUser {
            errors += NameRules.userOrGroupID(user).map { FieldError.invalid(path.child("runAsUser"), user, $0) }
        }
        if let group = context.runAsGroup {
            errors += NameRules.userOrGroupID(group).map { FieldError.invalid(path.child("runAsGroup"), group, $0) }
        }
        if let procMount = context.procMount {
            if procMount != "Default" && procMount != "Unmasked" {
                errors.append(.notSupported(path.child("procMount"), procMount, ["Default", "Unmasked"]))
            }
            if hostUsers && procMount == "Unmasked" {
                errors.append(.invalid(path.child("procMount"), procMount, "`hostUsers` must be false to use `Unmasked`"))
            }
        }
        if context.allowPrivilegeEscalation == false {
            if context.privileged == true {
                errors.append(.invalid(path, .rendered("core.SecurityContext{…}"), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"))
            }
            if (context.capabilities?.add ?? []).contains("CAP_SYS_ADMIN") {
                errors.append(.invalid(path, .rendered("core.SecurityContext{…}"), "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"))
            }
        }
        return errors
    }

    static func validatePod(_ context: PodSecurityContext?, spec: PodSpec, path: FieldPath) -> [FieldError] {
        guard let context else { return [] }
        var errors: [FieldError] = []
        if let group = context.fsGroup {
            errors += NameRules.userOrGroupID(group).map { FieldError.invalid(path.child("fsGroup"), group, $0) }
        }
        if let user = context.runAsUser {
            errors += NameRules.userOrGroupID(user).map { FieldError.invalid(path.child("runAsUser"), user, $0) }
        }
        if let group = context.runAsGroup {
            errors += NameRules.userOrGroupID(group).map { FieldError.invalid(path.child("runAsGroup"), group, $0) }
        }
        for (index, group) in (context.supplementalGroups ?? []).enumerated() {
            errors += NameRules.userOrGroupID(group).map { FieldError.invalid(path.child("supplementalGroups").index(index), group, $0) }
        }
        if spec.shareProcessNamespace == true && spec.hostPID == true {
            errors.append(.invalid(path.child("shareProcessNamespace"), .bool(true), "ShareProcessNamespace and HostPID cannot both be enabled"))
        }
        if let policy = context.fsGroupChangePolicy, policy != "Always" && policy != "OnRootMismatch" {
            errors.append(.notSupported(path.child("fsGroupChangePolicy"), policy, ["Always", "OnRootMismatch"]))
        }
        if let policy = context.supplementalGroupsPolicy, policy != "Merge" && policy != "Strict" {
            errors.append(.notSupported(path.child("supplementalGroupsPolicy"), policy, ["Merge", "Strict"]))
        }
        if let policy = context.seLinuxChangePolicy, policy != "MountOption" && policy != "Recursive" {
            errors.append(.notSupported(path.child("seLinuxChangePolicy"), policy, ["MountOption", "Recursive"]))
        }
        return errors
    }
}
