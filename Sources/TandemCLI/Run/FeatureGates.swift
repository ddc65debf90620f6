import TandemAPI
import TandemManifest

/// `tandem run --feature-gates`: the kube-style `Name=bool,…` flag, so a run can stand for a
/// cluster where native sidecars are off. Only `SidecarContainers` is known. (Since v1.33 the gate
/// is locked on in Kubernetes; turning it off stands for an older cluster.)
struct FeatureGates: Equatable {
    var sidecarContainers = true

    /// Parses the flag value as component-base's `featureGate.Set` does, with its error texts.
    init(parsing values: [String]) throws(FeatureGateError) {
        for value in values {
            for item in value.split(separator: ",", omittingEmptySubsequences: false) where !item.isEmpty {
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.display(parts[0].trimmingASCIIWhitespace())
                guard parts.count == 2 else { throw FeatureGateError("missing bool value for \(key)") }
                let raw = parts[1].trimmingASCIIWhitespace()
                let text = Self.display(raw)
                guard let enabled = Self.parseBool(raw) else {
                    throw FeatureGateError("invalid value of \(key)=\(text), err: strconv.ParseBool: parsing \(GoQuoting.quote(raw)): invalid syntax")
                }
                guard key == "SidecarContainers" else { throw FeatureGateError("unrecognized feature gate: \(key)") }
                sidecarContainers = enabled
            }
        }
    }

    init() {}

    /// Plain text as component-base prints it, Go-quoted when it holds anything but printable ASCII.
    private static func display(_ text: String) -> String {
        text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) ? text : GoQuoting.quote(text)
    }

    /// Go's `strconv.ParseBool`.
    private static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }

    /// What the API server does to a new object with the gates off, before defaulting and
    /// validation (`dropDisabledFields` in pkg/api/pod/util.go): with `SidecarContainers` off,
    /// every init container's `restartPolicy` is dropped, so would-be sidecars become ordinary
    /// run-to-completion init containers (and probes or hooks on them become invalid).
    func dropDisabledFields(_ object: inout ManifestObject) {
        guard !sidecarContainers else { return }
        // `tandem run` runs Pods and Jobs only; other kinds are refused after validation anyway.
        switch object {
        case .pod(var pod):
            Self.dropRestartPolicy(&pod.spec)
            object = .pod(pod)
        case .job(var job):
            Self.dropRestartPolicy(&job.spec)
            object = .job(job)
        default:
            break
        }
    }

    private static func dropRestartPolicy(_ spec: inout JobSpec?) {
        guard var template = spec?.template else { return }
        dropRestartPolicy(&template.spec)
        spec?.template = template
    }

    private static func dropRestartPolicy(_ spec: inout PodSpec?) {
        guard let count = spec?.initContainers?.count else { return }
        for index in 0..<count {
            spec?.initContainers?[index].restartPolicy = nil
        }
    }
}

/// A bad `--feature-gates` value, worded as component-base words it.
struct FeatureGateError: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

extension Substring {
    func trimmingASCIIWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
