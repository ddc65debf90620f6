import TandemAPI
import Yams

/// A ConfigMap or Secret found among the inputs: not run, but read by the pods that are
/// (`configMapKeyRef`, `secretKeyRef`, `envFrom`, `configMap`/`secret`/`projected` volumes).
/// Decoded as strictly as any other object, so a typo in one is an error, not a silent miss.
public enum ConfigObject: Sendable, Equatable {
    case configMap(ConfigMap)
    case secret(Secret)

    /// `Secret`/`ConfigMap` under `v1` decoded strictly; nil for every other kind or version
    /// (those are only listed as passed over).
    /// Problems found while decoding are recorded in `issues` (and `RecordedDecodingProblems` thrown).
    static func decode(_ node: Node, header: TypeHeader, path: FieldPath, budget: DecodingBudget,
                       issues: DecodingIssues) throws -> ConfigObject? {
        guard header.apiVersion == "v1" else { return nil }
        let known = issues.count
        let object: ConfigObject
        switch header.kind {
        case "ConfigMap": object = .configMap(try StrictNodeDecoder.decode(ConfigMap.self, from: node, path: path, budget: budget, issues: issues))
        case "Secret": object = .secret(try StrictNodeDecoder.decode(Secret.self, from: node, path: path, budget: budget, issues: issues))
        default: return nil
        }
        guard issues.count == known else { throw RecordedDecodingProblems() }
        return object
    }

    public var kind: String {
        switch self {
        case .configMap: return "ConfigMap"
        case .secret: return "Secret"
        }
    }

    public var metadata: ObjectMeta? {
        switch self {
        case .configMap(let object): return object.metadata
        case .secret(let object): return object.metadata
        }
    }
}
