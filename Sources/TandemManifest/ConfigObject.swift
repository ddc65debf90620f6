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
    static func decode(_ node: Node, header: TypeHeader, path: FieldPath, budget: DecodingBudget) throws -> ConfigObject? {
        guard header.apiVersion == "v1" else { return nil }
        switch header.kind {
        case "ConfigMap": return .configMap(try StrictNodeDecoder.decode(ConfigMap.self, from: node, path: path, budget: budget))
        case "Secret": return .secret(try StrictNodeDecoder.decode(Secret.self, from: node, path: path, budget: budget))
        default: return nil
        }
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
