import Foundation
import TandemAPI

/// The files of a `configMap`, `secret`, `downwardAPI` or `projected` volume, computed as the
/// kubelet's volume plugins compute their payload (`pkg/volume/configmap`, `secret`,
/// `downwardapi`, `projected`): relative path → bytes and mode. Pure: the store and the pod in,
/// files or the plugin's error text out.
public enum VolumePayload {
    /// One file to write (`volumeutil.FileProjection`).
    public struct File: Sendable, Equatable {
        public var data: [UInt8]
        public var mode: Int32

        public init(data: [UInt8], mode: Int32) {
            self.data = data
            self.mode = mode
        }
    }

    /// The API default of every `defaultMode` (0644).
    public static let defaultMode: Int32 = 0o644

    /// A well-formed but clearly fake bound token: a JWT whose signature is the word `fake`.
    static func fakeToken(pod: Pod, audience: String, expirationSeconds: Int64) -> [UInt8] {
        let meta = pod.metadata
        let namespace = meta?.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let account = pod.spec?.serviceAccountName.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let header = #"{"alg":"none","kid":"tandem-fake","typ":"JWT"}"#
        let payload = #"{"aud":[\#(GoQuoting.quote(audience))],"iss":"https://tandem.invalid","# +
            #""kubernetes.io":{"namespace":\#(GoQuoting.quote(namespace)),"pod":{"name":\#(GoQuoting.quote(meta?.name ?? ""))},"# +
            #""serviceaccount":{"name":\#(GoQuoting.quote(account))}},"# +
            #""sub":"system:serviceaccount:\#(namespace):\#(account)","tandem":"fake token: no API server checks it","# +
            #""exp":\#(Int64(Date().timeIntervalSince1970) + expirationSeconds)}"#
        func segment(_ text: String) -> String {
            Data(text.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        return Array("\(segment(header)).\(segment(payload)).ZmFrZQ".utf8)
    }

    /// A syntactically valid PEM block that is not a certificate any TLS stack would accept.
    static let fakeCACertificate = Array("""
        -----BEGIN CERTIFICATE-----
        dGFuZGVtIGZha2UgQ0E6IHRoZXJlIGlzIG5vIEFQSSBzZXJ2ZXIgYmVoaW5kIHRoaXMgcG9k
        -----END CERTIFICATE-----

        """.utf8)

    public static func configMap(_ source: ConfigMapVolumeSource, store: ConfigStore, namespace: String)
        -> Result<[String: File], VolumeError> {
        let name = source.name ?? ""
        let optional = source.optional == true
        guard let values = store.configMap(namespace: namespace, name: name) else {
            if optional { return .success([:]) }
            return .failure(VolumeError("configmap \(GoQuoting.quote(name)) not found"))
        }
        let mode = source.defaultMode ?? defaultMode
        var payload: [String: File] = [:]
        guard let items = source.items, !items.isEmpty else {
            for (key, text) in values.data { payload[key] = File(data: Array(text.utf8), mode: mode) }
            for (key, bytes) in values.binaryData { payload[key] = File(data: bytes, mode: mode) }
            return .success(payload)
        }
        for item in items {
            let key = item.key ?? ""
            let bytes: [UInt8]
            if let text = values.data[key] {
                bytes = Array(text.utf8)
            } else if let binary = values.binaryData[key] {
                bytes = binary
            } else {
                if optional { continue }
                return .failure(VolumeError("configmap references non-existent config key: \(key)"))
            }
            payload[item.path ?? key] = File(data: bytes, mode: item.mode ?? mode)
        }
        return .success(payload)
    }

    public static func secret(_ source: SecretVolumeSource, store: ConfigStore, namespace: String)
        -> Result<[String: File], VolumeError> {
        let name = source.secretName ?? ""
        let optional = source.optional == true
        guard let values = store.secret(namespace: namespace, name: name) else {
            if optional { return .success([:]) }
            return .failure(VolumeError("secret \(GoQuoting.quote(name)) not found"))
        }
        let mode = source.defaultMode ?? defaultMode
        var payload: [String: File] = [:]
        guard let items = source.items, !items.isEmpty else {
            for (key, bytes) in values { payload[key] = File(data: bytes, mode: mode) }
            return .success(payload)
        }
        for item in items {
            let key = item.key ?? ""
            guard let bytes = values[key] else {
                if optional { continue }
                return .failure(VolumeError("references non-existent secret key: \(key)"))
            }
            payload[item.path ?? key] = File(data: bytes, mode: item.mode ?? mode)
        }
        return .success(payload)
    }

    /// `downwardapi.CollectData`: each item's field or resource, as the environment renders it.
    public static func downwardAPI(_ items: [DownwardAPIVolumeFile], defaultMode mode: Int32, container: Container?,
                                   context: ContainerEnvironment.Context) -> Result<[String: File], VolumeError> {
        var payload: [String: File] = [:]
        var failures: [String] = []
        for item in items {
            let path = item.path ?? ""
            let value: Result<String, ContainerEnvironmentError>
            if let field = item.fieldRef {
                value = ContainerEnvironment.fieldText(field.fieldPath ?? "", context: context)
            } else if let resource = item.resourceFieldRef {
                // Validation requires `containerName` in a volume; the named container is the target.
                value = ContainerEnvironment.resourceText(resource, container: container ?? Container(), context: context)
            } else {
                continue
            }
            switch value {
            case .success(let text): payload[path] = File(data: Array(text.utf8), mode: item.mode ?? mode)
            case .failure(let error): failures.append(error.message)
            }
        }
        // `utilerrors.NewAggregate`: one error as itself, several as `[a, b]`.
        if failures.count == 1, let only = failures.first { return .failure(VolumeError(only)) }
        if failures.count > 1 { return .failure(VolumeError("[" + failures.joined(separator: ", ") + "]")) }
        return .success(payload)
    }

    /// `projected.collectData`: every source into one payload; a service-account token source
    /// writes the fake token (see `fakeToken`).
    public static func projected(_ source: ProjectedVolumeSource, store: ConfigStore,
                                 context: ContainerEnvironment.Context) -> Result<[String: File], VolumeError> {
        let mode = source.defaultMode ?? defaultMode
        let namespace = context.namespace
        var payload: [String: File] = [:]
        for projection in source.sources ?? [] {
            let part: Result<[String: File], VolumeError>
            if let configMap = projection.configMap {
                let name = configMap.name ?? ""
                if store.configMap(namespace: namespace, name: name) == nil, configMap.optional != true {
                    return .failure(VolumeError("configmap \(GoQuoting.quote(name)) not found"))
                }
                part = Self.configMap(ConfigMapVolumeSource(name: name, items: configMap.items, defaultMode: mode,
                                                            optional: configMap.optional), store: store, namespace: namespace)
            } else if let secret = projection.secret {
                part = Self.secret(SecretVolumeSource(secretName: secret.name, items: secret.items, defaultMode: mode,
                                                      optional: secret.optional), store: store, namespace: namespace)
            } else if let downward = projection.downwardAPI {
                let all = (context.pod.spec?.initContainers ?? []) + (context.pod.spec?.containers ?? [])
                part = Self.downwardAPI(downward.items ?? [], defaultMode: mode, container: all.first, context: context)
            } else if let token = projection.serviceAccountToken {
                let audience = token.audience.flatMap { $0.isEmpty ? nil : $0 } ?? "https://kubernetes.default.svc"
                let data = fakeToken(pod: context.pod, audience: audience, expirationSeconds: token.expirationSeconds ?? 3607)
                part = .success([token.path ?? "token": File(data: data, mode: mode)])
            } else {
                continue
            }
            switch part {
            case .success(let files): payload.merge(files) { _, new in new }
            case .failure(let error): return .failure(error)
            }
        }
        return .success(payload)
    }
}

/// Why a volume cannot be set up, in the plugin's words (`configmap "x" not found`); the
/// kubelet's event prefixes it with `MountVolume.SetUp failed for volume "NAME" : `.
public struct VolumeError: Error, Sendable, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
