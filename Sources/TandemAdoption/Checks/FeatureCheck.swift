import TandemAPI
import TandemManifest

/// `tandem feature-check`: whether native sidecars (KEP-753, the `SidecarContainers` gate)
/// work on each API server and node, from their `/metrics` (`kubernetes_feature_enabled`,
/// `kubernetes_build_info`), a `kubectl get nodes -o json` list and/or the server version.
/// The gate must be on in both the API server (else it drops `initContainers[].restartPolicy`)
/// and the node's kubelet (else it rejects the pod: `InitContainerRestartPolicyForbidden`).
public enum FeatureCheck {
    /// One `--metrics` input: unlabelled (an API server's `/metrics`) or `NODE=FILE` (a kubelet's).
    public struct MetricsInput: Sendable, Equatable {
        public var node: String?
        public var file: String
        public var text: String

        public init(node: String?, file: String, text: String) {
            self.node = node
            self.file = file
            self.text = text
        }
    }

    /// Bad input: one line naming the file and, where known, the line.
    public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Evaluates every API server and node given; at least one input is required.
    public static func check(
        metrics: [MetricsInput], nodeList: (file: String, documents: [JSONValue])?, serverVersion: String?
    ) throws(InputError) -> FeatureCheckReport {
        var parsedServerVersion: KubernetesVersion?
        if let serverVersion {
            guard let version = KubernetesVersion(serverVersion) else {
                throw InputError("--server-version: not a Kubernetes version: \(GoQuoting.quote(serverVersion))")
            }
            parsedServerVersion = version
        }
        guard !metrics.isEmpty || nodeList != nil || parsedServerVersion != nil else {
            throw InputError("nothing to check: give --metrics, --nodes or --server-version")
        }
        var servers: [FeatureCheckReport.Target] = []
        var nodes: [FeatureCheckReport.Target] = []
        var nodeIndex: [String: Int] = [:]

        for input in metrics {
            let observed = try observe(input)
            if let node = input.node {
                if let index = nodeIndex[node] {
                    throw InputError("\(input.file): metrics for node \(GoQuoting.quote(node)) given twice (also \(nodes[index].sources.joined(separator: ", ")))")
                }
                nodeIndex[node] = nodes.count
                nodes.append(FeatureCheckReport.Target(kind: .node, name: node, version: observed.version,
                                                       gate: observed.gate, sources: [input.file]))
            } else {
                servers.append(FeatureCheckReport.Target(kind: .apiServer, name: input.file,
                                                         version: observed.version ?? parsedServerVersion,
                                                         gate: observed.gate, sources: [input.file]))
            }
        }
        if servers.isEmpty, let serverVersion, let parsedServerVersion {
            // Named by the version given (`API server "v1.28.5-eks-abc"`), as one read from metrics is by its file.
            servers.append(FeatureCheckReport.Target(kind: .apiServer, name: serverVersion, version: parsedServerVersion,
                                                     gate: nil, sources: ["--server-version"]))
        }
        if let nodeList {
            for (name, version) in try nodeVersions(nodeList.documents, file: nodeList.file) {
                if let index = nodeIndex[name] {
                    // The node list's kubeletVersion is authoritative for a node whose metrics
                    // lack kubernetes_build_info.
                    if nodes[index].version == nil { nodes[index].version = version }
                    nodes[index].sources.append(nodeList.file)
                } else {
                    nodeIndex[name] = nodes.count
                    nodes.append(FeatureCheckReport.Target(kind: .node, name: name, version: version, gate: nil,
                                                           sources: [nodeList.file]))
                }
            }
        }
        return FeatureCheckReport(targets: (servers + nodes).map(evaluate))
    }

    /// The gate sample and build version in one `/metrics` text.
    static func observe(_ input: MetricsInput) throws(InputError) -> (gate: FeatureCheckReport.Gate?, version: KubernetesVersion?) {
        let text: PrometheusText
        do {
            text = try PrometheusText.parse(input.text)
        } catch {
            throw InputError("\(input.file): \(error.description)")
        }
        var gate: FeatureCheckReport.Gate?
        for sample in text.samples(named: SidecarContainersGate.metric)
        where sample.labels["name"] == SidecarContainersGate.name {
            guard sample.value == 0 || sample.value == 1 else {
                throw InputError("\(input.file): line \(sample.line): \(SidecarContainersGate.metric){name=\"SidecarContainers\"} is \(Self.number(sample.value)), expected 0 or 1")
            }
            guard gate == nil else {
                throw InputError("\(input.file): line \(sample.line): a second \(SidecarContainersGate.metric) sample for SidecarContainers")
            }
            gate = FeatureCheckReport.Gate(enabled: sample.value == 1, stage: sample.labels["stage"] ?? "",
                                           source: "\(input.file):\(sample.line)")
        }
        var version: KubernetesVersion?
        if let sample = text.samples(named: SidecarContainersGate.buildInfoMetric).first,
           let gitVersion = sample.labels["git_version"] {
            guard let parsed = KubernetesVersion(gitVersion) else {
                throw InputError("\(input.file): line \(sample.line): git_version \(GoQuoting.quote(gitVersion)) is not a Kubernetes version")
            }
            version = parsed
        }
        if text.samples.isEmpty {
            throw InputError("\(input.file): no metrics in it (expected the output of kubectl get --raw /metrics)")
        }
        return (gate, version)
    }

    /// A sample value as the exposition writes it (`2`, `0.5`, `NaN`, `+Inf`).
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// `metadata.name` and `status.nodeInfo.kubeletVersion` of every node of a
    /// `kubectl get nodes -o json` list (or of single Node objects).
    static func nodeVersions(_ documents: [JSONValue], file: String) throws(InputError) -> [(String, KubernetesVersion)] {
        // As for --metrics: an empty input (/dev/null, only comments) is a mistake, not a
        // cluster of no nodes where "native sidecars work on all 0 components".
        guard !documents.isEmpty else {
            throw InputError("\(file): no objects found (expected the output of kubectl get nodes -o json)")
        }
        var nodes: [(path: String, object: JSONValue)] = []
        for (documentIndex, document) in documents.enumerated() {
            let prefix = documents.count > 1 ? "document \(documentIndex + 1): " : ""
            guard case .object(let object) = document else {
                throw InputError("\(file): \(prefix)expected a NodeList or Node object")
            }
            switch object["kind"] {
            case .string("List"), .string("NodeList"):
                guard case .array(let items)? = object["items"] else {
                    throw InputError("\(file): \(prefix)items: expected a list of nodes")
                }
                nodes += items.enumerated().map { ("\(prefix)items[\($0.offset)]", $0.element) }
            case .string("Node"):
                nodes.append(("\(prefix)node", document))
            default:
                throw InputError("\(file): \(prefix)kind: expected \"List\", \"NodeList\" or \"Node\" (the output of kubectl get nodes -o json)")
            }
        }
        var result: [(String, KubernetesVersion)] = []
        for (path, node) in nodes {
            guard case .string(let kind)? = node["kind"] ?? .string("Node"), kind == "Node" else {
                throw InputError("\(file): \(path).kind: expected \"Node\"")
            }
            guard case .string(let name)? = node["metadata"]?["name"], !name.isEmpty else {
                throw InputError("\(file): \(path).metadata.name: missing")
            }
            guard case .string(let text)? = node["status"]?["nodeInfo"]?["kubeletVersion"] else {
                throw InputError("\(file): \(path).status.nodeInfo.kubeletVersion: missing (node \(GoQuoting.quote(name)))")
            }
            guard let version = KubernetesVersion(text) else {
                throw InputError("\(file): \(path).status.nodeInfo.kubeletVersion: not a Kubernetes version: \(GoQuoting.quote(text)) (node \(GoQuoting.quote(name)))")
            }
            result.append((name, version))
        }
        return result
    }

    /// The verdict for one component: the gate sample wins over the version's history.
    static func evaluate(_ target: FeatureCheckReport.Target) -> FeatureCheckReport.Target {
        var target = target
        let component = target.kind == .apiServer ? "the API server and every kubelet" : "this kubelet and the API server"
        let offConsequence = target.kind == .apiServer
            ? "it drops initContainers[].restartPolicy, so sidecars become ordinary init containers"
                + " (pods with probes or lifecycle hooks on them are rejected, the others hang in Init)"
            : "it rejects pods with sidecars (reason InitContainerRestartPolicyForbidden)"
        if let gate = target.gate {
            let stage = SidecarContainersGate.stageWords(gate.stage)
            target.nativeSidecars = gate.enabled
            if gate.enabled {
                switch gate.stage {
                case "ALPHA": target.reason = "SidecarContainers is on (alpha, enabled with --feature-gates=SidecarContainers=true)"
                case "BETA": target.reason = "SidecarContainers is on (beta, on by default since 1.29)"
                case "": target.reason = "SidecarContainers is on (GA since 1.33, locked on)"
                default: target.reason = "SidecarContainers is on (\(stage))"
                }
            } else {
                switch gate.stage {
                case "ALPHA": target.reason = "SidecarContainers is off (alpha, off by default; enable it on \(component) with --feature-gates=SidecarContainers=true)"
                case "BETA": target.reason = "SidecarContainers is off (beta, turned off with --feature-gates=SidecarContainers=false)"
                default: target.reason = "SidecarContainers is off (\(stage))"
                }
                target.reason += ": " + offConsequence
            }
            if let version = target.version {
                target.orderedTermination = gate.enabled && SidecarContainersGate.orderedTermination(at: version)
            } else {
                target.orderedTermination = gate.enabled && gate.stage != "ALPHA"
            }
        } else if let version = target.version {
            let known = "\(version.major).\(version.minor)"
            if let spec = SidecarContainersGate.spec(at: version) {
                target.orderedTermination = spec.defaultOn && SidecarContainersGate.orderedTermination(at: version)
                switch spec.stage {
                case "ALPHA":
                    target.nativeSidecars = false
                    target.reason = "\(known): SidecarContainers is alpha and off by default (no metrics to show it was enabled): " + offConsequence
                case "BETA":
                    target.nativeSidecars = true
                    target.reason = "\(known): SidecarContainers is beta and on by default (give this component's metrics to rule out --feature-gates=SidecarContainers=false)"
                default:
                    target.nativeSidecars = true
                    target.reason = version.isAtLeast(1, 36)
                        ? "\(known): native sidecars are GA (the SidecarContainers gate was removed in 1.36)"
                        : "\(known): SidecarContainers is GA and locked on"
                }
            } else {
                target.nativeSidecars = false
                target.orderedTermination = false
                let tooOld = target.kind == .apiServer
                    ? "it does not know initContainers[].restartPolicy and drops it, so sidecars become ordinary init containers"
                        + " (pods with probes or lifecycle hooks on them are rejected, the others hang in Init)"
                    : "it does not know initContainers[].restartPolicy and runs sidecars as ordinary init containers: the pod hangs in Init"
                target.reason = "\(known) predates native sidecars (SidecarContainers appeared in 1.28): " + tooOld
            }
        } else {
            target.nativeSidecars = false
            target.orderedTermination = false
            target.reason = "no \(SidecarContainersGate.metric) sample for SidecarContainers and no version"
                + " (the metric exists since 1.26; older components or a filtered scrape): unknown"
        }
        return target
    }
}

