import TandemAPI
import TandemAdoption

/// How `--mode auto` decides whether a pod will land where native sidecars work. A pod is not scheduled yet at
/// admission, so the decision rests on what the pod pins itself to:
/// - `label:KEY` / `label:KEY=VALUE`: native when the pod's `nodeSelector`, or every term of its required node
///   affinity, demands that node label (one `tandem feature-check` or an operator sets on capable nodes);
/// - `kubelet>=VERSION`: native when every node of a node list (`kubectl get nodes -o json`, given with
///   `--nodes`) that the pod's `nodeSelector` allows runs a kubelet at least that version (vendor suffixes such as
///   `v1.29.4-eks-…` or `v1.30.2+k3s1` are ignored), and at least one such node exists.
/// Anything else gets `universal`, which works on every kubelet.
public enum NativeNodesPolicy: Sendable, Equatable {
    case nodeLabel(key: String, value: String?)
    case minimumKubelet(KubeletVersion)

    /// Parses `label:KEY[=VALUE]` or `kubelet>=VERSION`; nil when neither.
    public init?(parsing text: String) {
        if text.hasPrefix("label:") {
            let body = text.dropFirst("label:".count)
            let parts = body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = parts.first, !key.isEmpty else { return nil }
            self = .nodeLabel(key: String(key), value: parts.count == 2 ? String(parts[1]) : nil)
        } else if text.hasPrefix("kubelet>=") {
            guard let version = KubeletVersion(parsing: String(text.dropFirst("kubelet>=".count))) else { return nil }
            self = .minimumKubelet(version)
        } else {
            return nil
        }
    }

    /// The mode for a pod spec; `nodes` is the current node list (used by `kubelet>=` only).
    func mode(for podSpec: JSONValue, nodes: [NodeSummary]) -> SidecarMode {
        switch self {
        case .nodeLabel(let key, let value):
            return Self.podRequiresLabel(podSpec, key: key, value: value) ? .native : .universal
        case .minimumKubelet(let minimum):
            let selector = podSpec["nodeSelector"]?.objectValue?.compactMapValues(\.textValue) ?? [:]
            let candidates = nodes.filter { node in selector.allSatisfy { node.labels[$0.key] == $0.value } }
            guard !candidates.isEmpty else { return .universal }
            return candidates.allSatisfy { ($0.kubeletVersion.map { $0 >= minimum }) ?? false } ? .native : .universal
        }
    }

    private static func podRequiresLabel(_ podSpec: JSONValue, key: String, value: String?) -> Bool {
        if let selected = podSpec["nodeSelector"]?[key]?.textValue, value == nil || selected == value {
            return true
        }
        let terms = podSpec["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?[
            "nodeSelectorTerms"]?.arrayValue ?? []
        guard !terms.isEmpty else { return false }
        // Terms are ORed by the scheduler: every one must demand the label.
        return terms.allSatisfy { term in
            (term["matchExpressions"]?.arrayValue ?? []).contains { expression in
                guard expression["key"]?.textValue == key else { return false }
                switch expression["operator"]?.textValue {
                case "Exists": return value == nil
                case "In":
                    let values = expression["values"]?.arrayValue?.compactMap(\.textValue) ?? []
                    return !values.isEmpty && values.allSatisfy { value == nil || $0 == value }
                default: return false
                }
            }
        }
    }
}

/// `major.minor.patch` of a kubelet's `status.nodeInfo.kubeletVersion`, vendor suffixes dropped.
public struct KubeletVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let patch: Int

    /// Accepts `v1.29`, `1.29.4`, `v1.29.4-eks-ab12cd`, `v1.30.2+k3s1`, `v1.28.3-gke.1286000`.
    public init?(parsing text: String) {
        var body = Substring(text)
        if body.hasPrefix("v") { body = body.dropFirst() }
        let core = body.prefix { $0.isNumber || $0 == "." }
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(numbers.count), let major = numbers[0], let minor = numbers[1] else { return nil }
        let patch = numbers.count == 3 ? numbers[2] : 0
        guard let patch else { return nil }
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public var description: String { "v\(major).\(minor).\(patch)" }
}

/// What `kubelet>=` needs of a node: its labels and kubelet version.
public struct NodeSummary: Sendable, Equatable {
    public let name: String
    public let labels: [String: String]
    public let kubeletVersion: KubeletVersion?

    /// The items of a `kubectl get nodes -o json` List (or a single Node).
    static func nodes(fromList list: JSONValue) -> [NodeSummary] {
        let items = list["items"]?.arrayValue ?? (list["kind"]?.textValue == "Node" ? [list] : [])
        return items.map { item in
            NodeSummary(
                name: item["metadata"]?["name"]?.textValue ?? "",
                labels: item["metadata"]?["labels"]?.objectValue?.compactMapValues(\.textValue) ?? [:],
                kubeletVersion: item["status"]?["nodeInfo"]?["kubeletVersion"]?.textValue
                    .flatMap(KubeletVersion.init(parsing:)))
        }
    }
}
