import Foundation
import TandemAPI

/// The ConfigMaps and Secrets a run's pods may read, by namespace and name, with their values
/// decoded to bytes — what the kubelet's configMap and secret managers fetch from the API server.
/// A reference to an object that is not here is the API server's NotFound, worded as the
/// kubelet's managers word it (`configmap "x" not found`).
public struct ConfigStore: Sendable, Equatable {
    /// A ConfigMap's values: `data` as text, `binaryData` as bytes.
    public struct ConfigMapValues: Sendable, Equatable {
        public var data: [String: String]
        public var binaryData: [String: [UInt8]]
    }

    private var configMaps: [String: ConfigMapValues] = [:]
    private var secrets: [String: [String: [UInt8]]] = [:]

    public init() {}

    /// Adds a ConfigMap; `binaryData` must be base64 (else Go's JSON error for []byte).
    public mutating func add(_ configMap: ConfigMap) throws(ConfigStoreError) {
        var binary: [String: [UInt8]] = [:]
        for (key, text) in configMap.binaryData ?? [:] {
            binary[key] = try Self.base64(text)
        }
        configMaps[Self.key(configMap.metadata)] = ConfigMapValues(data: configMap.data ?? [:], binaryData: binary)
    }

    /// Adds a Secret: `data` decoded from base64, `stringData` written over it.
    public mutating func add(_ secret: Secret) throws(ConfigStoreError) {
        var values: [String: [UInt8]] = [:]
        for (key, text) in secret.data ?? [:] {
            values[key] = try Self.base64(text)
        }
        for (key, text) in secret.stringData ?? [:] {
            values[key] = Array(text.utf8)
        }
        secrets[Self.key(secret.metadata)] = values
    }

    /// The ConfigMap, or for `kube-root-ca.crt` (which the root-ca-cert-publisher puts in every
    /// namespace of a cluster) a stand-in holding a placeholder `ca.crt`, unless the inputs have one.
    public func configMap(namespace: String, name: String) -> ConfigMapValues? {
        if let found = configMaps["\(namespace)/\(name)"] { return found }
        if name == "kube-root-ca.crt" {
            return ConfigMapValues(data: ["ca.crt": String(decoding: VolumePayload.fakeCACertificate, as: UTF8.self)], binaryData: [:])
        }
        return nil
    }

    public func secret(namespace: String, name: String) -> [String: [UInt8]]? {
        secrets["\(namespace)/\(name)"]
    }

    private static func key(_ metadata: ObjectMeta?) -> String {
        let namespace = metadata?.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        return "\(namespace)/\(metadata?.name ?? "")"
    }

    /// Go's `base64.StdEncoding` as `encoding/json` applies it to `[]byte` fields.
    static func base64(_ text: String) throws(ConfigStoreError) -> [UInt8] {
        if let data = Data(base64Encoded: text) { return Array(data) }
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)
        let offset = text.utf8.firstIndex { !alphabet.contains($0) }.map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
        // A wrong length or misplaced padding: Go reports the offset where the last quantum starts.
        throw ConfigStoreError(message: "illegal base64 data at input byte \(offset ?? max(0, text.utf8.count / 4 * 4))")
    }
}

/// A value of a ConfigMap or Secret that cannot be decoded (`illegal base64 data at input byte 3`).
public struct ConfigStoreError: Error, Sendable, Equatable {
    public var message: String
}
