import Foundation
import Glibc
import TandemAPI
import TandemOS
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
                do throws(ConfigFileError) {
                    files = try read(parts[1])
                } catch {
                    lines.append("tandem: --\(kind) \(GoQuoting.quote(mapping)): \(error.description)")
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

    /// The regular files directly in `directory`, by name. As kubectl's `--from-file=DIR`
    /// (`os.ReadDir` entries whose `Type().IsRegular()`, an lstat type), a symbolic link is
    /// skipped even when it points at a file, as are subdirectories, FIFOs and devices; each
    /// file is opened without following a link put there meanwhile (`O_NOFOLLOW`).
    static func read(_ directory: String) throws(ConfigFileError) -> [String: Data] {
        let names: [String]
        do {
            names = try DirectoryEntries.list(directory).map(\.name)
        } catch {
            throw ConfigFileError(path: directory, reason: error.reason)
        }
        var files: [String: Data] = [:]
        for name in names {
            let path = directory.hasSuffix("/") ? directory + name : "\(directory)/\(name)"
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
            files[name] = try readRegularFile(path)
        }
        return files
    }

    private static func readRegularFile(_ path: String) throws(ConfigFileError) -> Data {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw ConfigFileError(path: path, reason: OSError("", errno: errno).reason) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw ConfigFileError(path: path, reason: "not a regular file")
        }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw ConfigFileError(path: path, reason: OSError("", errno: errno).reason)
            }
            data.append(contentsOf: chunk[0..<count])
        }
    }
}

/// A file of a `--configmap`/`--secret` directory that could not be read.
struct ConfigFileError: Error {
    var path: String
    var reason: String

    var description: String { "\(GoQuoting.printable(path)): \(reason)" }
}
