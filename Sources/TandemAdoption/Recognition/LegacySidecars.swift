import TandemAPI

/// A regular container (`spec.containers[index]`) that looks like a long-running helper, i.e. a sidecar
/// written the pre-KEP-753 way; found by `LegacySidecars.find`.
public struct LegacySidecarMatch: Sendable, Equatable {
    /// Why the container was recognised.
    public enum Reason: Sendable, Equatable {
        /// The image's repository name (last path segment, tag and digest dropped) is a well-known helper,
        /// e.g. `istio/proxyv2:1.22.0` → `proxyv2`; the payload is the well-known name that matched.
        case wellKnownImage(String)
        /// The first word of `command` (or `args` when there is no command) names a well-known helper binary.
        case wellKnownCommand(String)
        /// In a Job or CronJob pod: a second container that never exits by itself (no command that ends, no
        /// well-known name), e.g. `sleep infinity` or `tail -f`.
        case neverExitsInJob
    }

    public var containerName: String
    /// Index in `spec.containers`.
    public var index: Int
    public var reason: Reason

    public init(containerName: String, index: Int, reason: Reason) {
        self.containerName = containerName
        self.index = index
        self.reason = reason
    }
}

/// Recognises legacy sidecars: helpers that run for the whole life of the pod but are declared as regular
/// containers, so they start in parallel with the mains and keep a Job from completing. Shared by
/// `tandem lint` (rule `legacy-sidecar`) and `tandem convert` (what to move to `initContainers`).
///
/// Recognition is by name only, never by running anything: well-known helper images and binaries, and in
/// Jobs a second container whose command never ends (`sleep infinity`, `tail -f`, `while true`).
/// A pod with a single container has no sidecar by definition.
public enum LegacySidecars {
    /// Well-known helper images/binaries; matched exactly against the image's last path segment and the
    /// command's base name. Names that are as often the main workload (`vault`, `consul`) are left out.
    static let wellKnownNames: [String] = [
        "envoy", "istio-proxy", "proxyv2", "pilot-agent",
        "linkerd-proxy", "linkerd2-proxy", "proxy-init",
        "cloud-sql-proxy", "cloudsql-proxy", "cloud_sql_proxy", "alloydb-auth-proxy",
        "fluent-bit", "fluentbit", "fluentd", "fluentd-kubernetes-daemonset", "vector", "promtail",
        "filebeat", "logstash", "otel-collector", "otelcol", "otelcol-contrib",
        "opentelemetry-collector", "opentelemetry-collector-contrib", "jaeger-agent", "datadog-agent",
        "vault-agent", "vault-k8s", "oauth2-proxy", "gcsfuse", "gcs-fuse-csi-driver-sidecar-mounter",
        "consul-dataplane", "nginx-prometheus-exporter", "statsd-exporter", "statsd_exporter",
        "cloud-sql-proxy-operator", "kube-rbac-proxy", "dapr", "daprd",
    ]

    /// Commands whose first words make a container run forever.
    static let foreverCommands: [[String]] = [["sleep", "infinity"], ["tail", "-f"], ["sleep", "inf"]]

    /// The legacy sidecars among `spec.containers`, in declaration order. `isJob` is true for Job and
    /// CronJob pod templates (and Pods with `restartPolicy` Never/OnFailure are treated the same by callers
    /// that want that). Never returns a match when `containers` has fewer than two entries.
    /// `podAnnotations` (the pod's or its template's) mark tandem's own universal pairs: their
    /// `NAME-fallback` containers are never matches (see `UniversalPairs`).
    public static func find(in spec: PodSpec, podAnnotations: [String: String]?, isJob: Bool) -> [LegacySidecarMatch] {
        let containers = spec.containers ?? []
        guard containers.count >= 2 else { return [] }
        let fallbacks = UniversalPairs.fallbacks(in: spec, annotations: podAnnotations)
        var matches: [LegacySidecarMatch] = []
        var unmatched: [Int] = []
        for (index, container) in containers.enumerated() where fallbacks[index] == nil {
            let name = container.name ?? ""
            if let reason = recognise(container) {
                matches.append(LegacySidecarMatch(containerName: name, index: index, reason: reason))
            } else {
                unmatched.append(index)
            }
        }
        // In a Job, the first container is the work; a later one that never ends is a helper.
        if isJob {
            for index in unmatched where index > 0 && neverExits(containers[index]) {
                matches.append(LegacySidecarMatch(containerName: containers[index].name ?? "", index: index,
                                                  reason: .neverExitsInJob))
            }
            matches.sort { $0.index < $1.index }
        }
        // Every container recognised: keep the first as the main (a pod of helpers only is left alone).
        if !matches.isEmpty, matches.count == containers.count - fallbacks.count { matches.removeFirst() }
        return matches
    }

    /// Why one container looks like a helper by its image or command, or nil.
    public static func recognise(_ container: Container) -> LegacySidecarMatch.Reason? {
        if let image = container.image, let name = imageName(image), let known = wellKnown(name) {
            return .wellKnownImage(known)
        }
        let words = container.command ?? container.args ?? []
        if let first = words.first, let known = wellKnown(baseName(first)) {
            return .wellKnownCommand(known)
        }
        // `vault agent …` (the hashicorp/vault image runs server and agent alike; only the agent is a helper).
        let all = (container.command ?? []) + (container.args ?? [])
        if container.image.flatMap(imageName) == "vault" || all.first.map(baseName) == "vault",
           all.contains("agent") {
            return .wellKnownCommand("vault agent")
        }
        return nil
    }

    /// The image's repository's last path segment, lower-cased, without tag or digest:
    /// `gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0` → `cloud-sql-proxy`.
    static func imageName(_ image: String) -> String? {
        var reference = Substring(image)
        if let at = reference.firstIndex(of: "@") { reference = reference[..<at] }
        let last = reference.split(separator: "/").last ?? reference
        let name = last.split(separator: ":", maxSplits: 1).first ?? last
        return name.isEmpty ? nil : name.lowercased()
    }

    static func baseName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path)).lowercased()
    }

    static func wellKnown(_ name: String) -> String? {
        wellKnownNames.contains(name) ? name : nil
    }

    /// A command that by its words never ends: `sleep infinity`, `tail -f …`, or a shell script with
    /// `while true` / `while :` and no `break`/`exit`.
    static func neverExits(_ container: Container) -> Bool {
        let words = (container.command ?? []) + (container.args ?? [])
        guard !words.isEmpty else { return false }
        let lowered = words.map { baseName($0) }
        for forever in foreverCommands where lowered.starts(with: forever) { return true }
        let script = words.joined(separator: " ")
        if script.contains("sleep infinity") || script.contains("tail -f") { return true }
        let loops = script.contains("while true") || script.contains("while :")
        return loops && !script.contains("break") && !script.contains("exit")
    }
}
