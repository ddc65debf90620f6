import Foundation
import TandemAPI

/// What `tandem run` says once at start about a pod's volumes and security context: volumes it
/// cannot provide (their mounts are left out), the fake service-account token, and the
/// security-context fields a process runtime cannot honour — said, never silently ignored.
public enum PodNotes {
    public static func lines(for pod: Pod, mappedVolumes: Set<String>, runsAsRoot: Bool) -> [String] {
        var lines: [String] = []
        for (name, kind) in ContainerMounts.unsupportedVolumes(of: pod, mapped: mappedVolumes) {
            lines.append("volume \(GoQuoting.quote(name)) (\(kind)) is not supported; its mounts are left out "
                + "(--volume \(name)=DIR mounts a host directory instead)")
        }
        for volume in pod.spec?.volumes ?? [] where !mappedVolumes.contains(volume.name ?? "") {
            if case .object(let fields)? = volume.projected, case .array(let sources)? = fields["sources"],
               sources.contains(where: { if case .object(let source) = $0 { return source["serviceAccountToken"] != nil }; return false }) {
                lines.append("volume \(GoQuoting.quote(volume.name ?? "")): the service-account token is a well-formed fake "
                    + "(no API server accepts it); ca.crt is a placeholder")
            }
            if volume.emptyDir?.medium == "Memory", !PodVolumes.mountsTmpfs {
                lines.append("volume \(GoQuoting.quote(volume.name ?? "")): medium Memory is a plain directory under the run directory (a tmpfs needs root)")
            }
        }
        let unhonoured = unhonouredSecurityFields(of: pod, runsAsRoot: runsAsRoot)
        if !unhonoured.isEmpty {
            lines.append("securityContext fields a process runtime cannot honour (ignored): " + unhonoured.joined(separator: ", "))
        }
        return lines
    }

    /// Field paths set in the pod that tandem does not apply.
    static func unhonouredSecurityFields(of pod: Pod, runsAsRoot: Bool) -> [String] {
        var paths: [String] = []
        if let context = pod.spec?.securityContext {
            let set: [(String, Bool)] = [
                ("seLinuxOptions", context.seLinuxOptions != nil), ("windowsOptions", context.windowsOptions != nil),
                ("runAsUser", !runsAsRoot && context.runAsUser != nil), ("runAsGroup", !runsAsRoot && context.runAsGroup != nil),
                ("supplementalGroups", !runsAsRoot && !(context.supplementalGroups ?? []).isEmpty),
                ("supplementalGroupsPolicy", context.supplementalGroupsPolicy != nil),
                ("fsGroup", !runsAsRoot && context.fsGroup != nil), ("sysctls", !(context.sysctls ?? []).isEmpty),
                ("fsGroupChangePolicy", context.fsGroupChangePolicy != nil), ("seccompProfile", context.seccompProfile != nil),
                ("appArmorProfile", context.appArmorProfile != nil), ("seLinuxChangePolicy", context.seLinuxChangePolicy != nil),
            ]
            paths += set.filter(\.1).map { "spec.securityContext.\($0.0)" }
        }
        let groups: [(String, [Container])] = [("initContainers", pod.spec?.initContainers ?? []), ("containers", pod.spec?.containers ?? [])]
        for (field, containers) in groups {
            for (index, container) in containers.enumerated() {
                guard let context = container.securityContext else { continue }
                let set: [(String, Bool)] = [
                    ("capabilities", context.capabilities != nil), ("privileged", context.privileged != nil),
                    ("seLinuxOptions", context.seLinuxOptions != nil), ("windowsOptions", context.windowsOptions != nil),
                    ("runAsUser", !runsAsRoot && context.runAsUser != nil), ("runAsGroup", !runsAsRoot && context.runAsGroup != nil),
                    ("readOnlyRootFilesystem", context.readOnlyRootFilesystem != nil),
                    ("allowPrivilegeEscalation", context.allowPrivilegeEscalation != nil), ("procMount", context.procMount != nil),
                    ("seccompProfile", context.seccompProfile != nil), ("appArmorProfile", context.appArmorProfile != nil),
                ]
                paths += set.filter(\.1).map { "spec.\(field)[\(index)].securityContext.\($0.0)" }
            }
        }
        return paths
    }
}
