import Foundation
import Glibc
import TandemAPI
import TandemRuntime
import TandemValidation

/// `--configmap NAME=DIR` and `--secret NAME=DIR`: ConfigMaps and Secrets that live outside the
/// manifests, built as `kubectl create configmap NAME --from-file=DIR` builds them: one key per
/// regular file directly in DIR (subdirectories and other entries are skipped), named after the
/// file; a ConfigMap keeps UTF-8 files in `data` and others in `binaryData`. The namespace is
/// `default` unless NAME is `NAMESPACE/NAME`.
enum ConfigDirectories {
    /// Adds each mapping to `store`; problems are one line each, for exit code 2.
    static func add(configMaps: [String], secrets: [String], to store: inout ConfigStore) -> [String] {
        var lines: [String] = []
        for (mappings, kind) in [(configMaps, "configmap"), (secrets, "secret")] {
            for mapping in mappings {
                let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                let name = parts[0].split(separator: "/", maxSplits: 1).map(String.init)
                let metadata = name.count == 2 ? ObjectMeta(name: name[1], namespace: name[0]) : ObjectMeta(name: parts[0])
                let files: [String: Data]
                guard let handle = opendir(parts[1]) else {
                    let reason = String(cString: strerror(errno))
                    lines.append("tandem: --\(kind) \(GoQuoting.quote(mapping)): \(GoQuoting.printable(parts[1])): \(reason)")
                    continue
                }
                closedir(handle)
                do {
                    files = try read(parts[1])
                } catch {
                    lines.append("tandem: --\(kind) \(GoQuoting.quote(mapping)): \(GoQuoting.printable(error.localizedDescription))")
                    continue
                }
                var errors: [FieldError]
                if kind == "configmap" {
                    var configMap = ConfigMap(metadata: metadata, data: [:], binaryData: [:])
                    for (key, bytes) in files {
                        if let text = String(data: bytes, encoding: .utf8) {
                            configMap.data?[key] = text
                        } else {
                            configMap.binaryData?[key] = bytes.base64EncodedString()
                        }
                    }
                    errors = ConfigValidation.validate(configMap: configMap)
                    if errors.isEmpty { try? store.add(configMap) }
                } else {
                    let secret = Secret(metadata: metadata, data: files.mapValues { $0.base64EncodedString() })
                    errors = ConfigValidation.validate(secret: secret)
                    if errors.isEmpty { try? store.add(secret) }
                }
                lines += errors.map { "tandem: --\(kind) \(GoQuoting.quote(mapping)): \(GoQuoting.printable($0.description))" }
            }
        }
        return lines
    }

    private static func read(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let path = "\(directory)/\(name)"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return files
    }
}
