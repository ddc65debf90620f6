import Testing
import TandemAPI
@testable import TandemValidation

/// `ValidateConfigMap` / `ValidateSecret` texts.
@Suite struct ConfigValidationTests {
    @Test func keysDuplicatesAndSizeAreTheAPIServers() {
        let configMap = ConfigMap(metadata: ObjectMeta(name: "c"),
                                  data: ["..x": "1", "ok": "2", "big": String(repeating: "x", count: ConfigValidation.maxSize)],
                                  binaryData: ["ok": "AA=="])
        #expect(ConfigValidation.validate(configMap: configMap).map(\.description) == [
            "data[..x]: Invalid value: \"..x\": must not start with '..'",
            "data[ok]: Invalid value: \"ok\": duplicate of key present in binaryData",
            ": Too long: may not be more than 1048576 bytes",
        ])
        #expect(ConfigValidation.configMapKey("a/b") == [
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        ])
        #expect(ConfigValidation.configMapKey(".") == ["must not be '.'"])
    }

    @Test func typedSecretsNeedTheirKeysAndStringDataCounts() {
        let tls = Secret(metadata: ObjectMeta(name: "t"), stringData: ["tls.crt": "x"], type: "kubernetes.io/tls")
        #expect(ConfigValidation.validate(secret: tls).map(\.description) == ["data[tls.key]: Required value"])
        let opaque = Secret(metadata: ObjectMeta(name: "o"), data: ["a": "AA=="], stringData: ["b c": "x"])
        #expect(ConfigValidation.validate(secret: opaque).map(\.description) == [
            "data[b c]: Invalid value: \"b c\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        ])
    }
}
