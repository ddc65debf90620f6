import TandemAPI

/// What `tandem feature-check` found: one verdict per API server and node, in the order
/// given (API servers first), and the overall verdict with the exit code
/// (0: native sidecars work on every component given, 1: some lack them).
public struct FeatureCheckReport: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, Codable {
        case apiServer
        case node
    }

    /// The `kubernetes_feature_enabled{name="SidecarContainers"}` sample of one component.
    public struct Gate: Sendable, Equatable, Codable {
        public var enabled: Bool
        /// The `stage` label: `ALPHA`, `BETA`, `DEPRECATED` or `""` (GA).
        public var stage: String
        /// `FILE:LINE` of the sample.
        public var source: String
    }

    /// One API server or node and the verdict on it.
    public struct Target: Sendable, Equatable {
        public var kind: Kind
        public var name: String
        public var version: KubernetesVersion?
        public var gate: Gate?
        /// The inputs that described it (metrics files, the node list, `--server-version`).
        public var sources: [String]
        public var nativeSidecars = false
        /// Sidecars stop after the main containers, in reverse order (1.29+).
        public var orderedTermination = false
        public var reason = ""
    }

    public var targets: [Target]

    public var lacking: [Target] { targets.filter { !$0.nativeSidecars } }
    public var exitCode: Int32 { lacking.isEmpty ? 0 : 1 }

    private static func label(_ target: Target) -> String {
        (target.kind == .apiServer ? "API server " : "node ") + GoQuoting.quote(target.name)
    }

    /// The verdict line.
    public var verdict: String {
        if lacking.isEmpty {
            let unordered = targets.filter { !$0.orderedTermination }
            var line = "verdict: native sidecars work on all \(targets.count) component\(targets.count == 1 ? "" : "s") given"
            if !unordered.isEmpty {
                line += "; sidecars are not stopped in order (before 1.29) on " + unordered.map(Self.label).joined(separator: ", ")
            }
            return line
        }
        return "verdict: native sidecars do not work on " + lacking.map(Self.label).joined(separator: ", ")
    }

    /// Two lines per component (what it is, why) and the verdict.
    public func text() -> String {
        var out = ""
        for target in targets {
            let version = target.version.map { "version \(Printable.text($0.text))" } ?? "version unknown"
            out += "\(Self.label(target)) (\(version); from \(target.sources.map(Printable.text).joined(separator: ", "))): "
            out += target.nativeSidecars ? "native sidecars work" : "native sidecars do NOT work"
            if target.nativeSidecars {
                out += target.orderedTermination ? ", ordered termination" : ", no ordered termination (1.29+)"
            }
            out += "\n"
            if let gate = target.gate {
                out += "  gate: SidecarContainers=\(gate.enabled ? 1 : 0) stage=\(GoQuoting.quote(gate.stage)) (\(Printable.text(gate.source)))\n"
            }
            out += "  why: \(target.reason)\n"
        }
        return out + verdict + "\n"
    }

    /// The report as JSON: `components` (API servers, then nodes), the overall answer, the verdict.
    public func json() -> String {
        let components: [JSONNode] = targets.map { target in
            let gate: JSONNode = target.gate.map { gate in
                .object([("enabled", .bool(gate.enabled)), ("stage", .string(gate.stage)), ("source", .string(gate.source))])
            } ?? .null
            return .object([
                ("kind", .string(target.kind.rawValue)), ("name", .string(target.name)),
                ("version", .optional(target.version?.text)), ("gate", gate), ("sources", .strings(target.sources)),
                ("nativeSidecars", .bool(target.nativeSidecars)), ("orderedTermination", .bool(target.orderedTermination)),
                ("reason", .string(target.reason)),
            ])
        }
        let report = JSONNode.object([
            ("components", .array(components)),
            ("nativeSidecarsEverywhere", .bool(lacking.isEmpty)),
            ("lacking", .strings(lacking.map { ($0.kind == .apiServer ? "apiServer/" : "node/") + $0.name })),
            ("verdict", .string(String(verdict.dropFirst("verdict: ".count)))),
        ])
        return report.rendered() + "\n"
    }
}
