import TandemAPI
import TandemManifest
import TandemValidation

/// `invalid` (the API server's own validation, as `tandem validate` reports it) and
/// `native-sidecar-unsupported` (`--kubernetes-version` before 1.29).
enum ValidityRules {
    static func invalid(_ object: ManifestObject) -> [RawFinding] {
        object.validationErrors.map { error in
            RawFinding(LintRules.invalid, error.field, error.description)
        }
    }

    static func checkVersion(_ pod: PodContext, into findings: inout [RawFinding]) {
        let minor = pod.configuration.kubernetesMinor
        guard minor < 29 else { return }
        for (index, sidecar) in pod.sidecars {
            let message = minor == 28
                ? "native sidecar \(pod.quoted(sidecar)) needs the SidecarContainers feature gate on Kubernetes 1.28 (alpha, off by default); without it the API server drops restartPolicy and the container never lets the pod start"
                : "native sidecar \(pod.quoted(sidecar)) needs Kubernetes 1.28 or later; 1.\(minor) has no restartPolicy on containers"
            findings.append(RawFinding(LintRules.nativeSidecarUnsupported, "\(pod.initPath(index)).restartPolicy", message))
        }
    }
}
