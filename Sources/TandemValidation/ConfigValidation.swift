import TandemAPI

/// `ValidateConfigMap` and `ValidateSecret` (pkg/apis/core/validation) as run on create: key
/// names (`IsConfigMapKey`), a key in both `data` and `binaryData`, the 1 MiB total, the keys
/// a typed Secret must hold. Base64 is checked where the bytes are decoded (the runtime's store),
/// as the API server rejects it while decoding, before validation.
public enum ConfigValidation {
    /// `core.MaxSecretSize`, which bounds ConfigMaps too.
    public static let maxSize = 1024 * 1024

    public static func validate(configMap: ConfigMap) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(configMap.metadata, path: FieldPath("metadata"))
        let data = configMap.data ?? [:]
        let binary = configMap.binaryData ?? [:]
        var total = 0
        for key in data.keys.sorted() {
            for message in configMapKey(key) {
                errors.append(.invalid(FieldPath("data").key(key), key, message))
            }
            if binary[key] != nil {
                errors.append(.invalid(FieldPath("data").key(key), key, "duplicate of key present in binaryData"))
            }
            total += data[key]?.utf8.count ?? 0
        }
        for key in binary.keys.sorted() {
            for message in configMapKey(key) {
                errors.append(.invalid(FieldPath("binaryData").key(key), key, message))
            }
            // Decoded bytes, as the API server counts them: three per four base64 characters.
            total += (binary[key]?.utf8.count ?? 0) / 4 * 3
        }
        if total > maxSize {
            errors.append(.tooLong(FieldPath(""), maxLength: maxSize))
        }
        return errors
    }

    /// `stringData` is merged over `data` before validation (the API server's conversion), so its
    /// keys are reported under `data` too.
    public static func validate(secret: Secret) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(secret.metadata, path: FieldPath("metadata"))
        let dataPath = FieldPath("data")
        var sizes: [String: Int] = [:]
        for (key, value) in secret.data ?? [:] { sizes[key] = value.utf8.count / 4 * 3 }
        for (key, value) in secret.stringData ?? [:] { sizes[key] = value.utf8.count }
        for key in sizes.keys.sorted() {
            for message in configMapKey(key) {
                errors.append(.invalid(dataPath.key(key), key, message))
            }
        }
        switch secret.type ?? "Opaque" {
        case "kubernetes.io/tls":
            for key in ["tls.crt", "tls.key"] where sizes[key] == nil {
                errors.append(.required(dataPath.key(key)))
            }
        case "kubernetes.io/basic-auth":
            if sizes["username"] == nil && sizes["password"] == nil {
                errors.append(.required(dataPath.key("username")))
                errors.append(.required(dataPath.key("password")))
            }
        case "kubernetes.io/ssh-auth":
            if sizes["ssh-privatekey"] == nil {
                errors.append(.required(dataPath.key("ssh-privatekey")))
            }
        case "kubernetes.io/dockerconfigjson":
            if sizes[".dockerconfigjson"] == nil {
                errors.append(.required(dataPath.key(".dockerconfigjson")))
            }
        default:
            break
        }
        if sizes.values.reduce(0, +) > maxSize {
            errors.append(.tooLong(dataPath, maxLength: maxSize))
        }
        return errors
    }

    /// `validation.IsConfigMapKey`: at most 253 characters of `[-._a-zA-Z0-9]`, not `.`, `..` or `..…`.
    public static func configMapKey(_ key: String) -> [String] {
        var messages: [String] = []
        if key.utf8.count > 253 {
            messages.append(NameRules.maxLenError(253))
        }
        let allowed = !key.isEmpty && key.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57)
                || byte == 45 || byte == 46 || byte == 95
        }
        if !allowed {
            messages.append(NameRules.regexError(
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"))
        }
        if key == "." {
            messages.append("must not be '.'")
        } else if key == ".." {
            messages.append("must not be '..'")
        } else if key.hasPrefix("..") {
            messages.append("must not start with '..'")
        }
        return messages
    }
}
