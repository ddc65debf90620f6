import TandemAPI

/// `ValidateVolumes` / `validateVolumeSource`: names, uniqueness, exactly one source per volume,
/// and the inner checks of the sources tandem understands.
enum VolumeValidation {
    /// The set sources of a volume in the order the API server examines them, with the child name
    /// it reports a second source under (including its historical spellings).
    static func sources(of volume: Volume) -> [(child: String, value: JSONValue?)] {
        var found: [(String, JSONValue?)] = []
        if volume.emptyDir != nil { found.append(("emptyDir", nil)) }
        if volume.hostPath != nil { found.append(("hostPath", nil)) }
        let others: [(String, JSONValue?)] = [
            ("gitRepo", volume.gitRepo), ("gcePersistentDisk", volume.gcePersistentDisk),
            ("awsElasticBlockStore", volume.awsElasticBlockStore), ("secret", volume.secret), ("nfs", volume.nfs),
            ("iscsi", volume.iscsi), ("glusterfs", volume.glusterfs), ("flocker", volume.flocker),
            ("persistentVolumeClaim", volume.persistentVolumeClaim), ("rbd", volume.rbd), ("cinder", volume.cinder),
            ("cephFS", volume.cephfs), ("quobyte", volume.quobyte), ("downwarAPI", volume.downwardAPI), ("fc", volume.fc),
            ("flexVolume", volume.flexVolume), ("configMap", volume.configMap), ("azureFile", volume.azureFile),
            ("vsphereVolume", volume.vsphereVolume), ("photonPersistentDisk", volume.photonPersistentDisk),
            ("portworxVolume", volume.portworxVolume), ("azureDisk", volume.azureDisk), ("storageos", volume.storageos),
            ("projected", volume.projected), ("scaleIO", volume.scaleIO), ("csi", volume.csi),
            ("ephemeral", volume.ephemeral), ("image", volume.image),
        ]
        for (child, value) in others {
            if let value, value != .null { found.append((child, value)) }
        }
        return found
    }

    /// Validates the volumes; returns the names of the valid ones (mounts may only refer to those)
    /// and whether each is PVC-backed.
    static func validate(_ volumes: [Volume]?, path: FieldPath) -> (volumes: [String: Volume], errors: [FieldError]) {
        var errors: [FieldError] = []
        var valid: [String: Volume] = [:]
        for (index, volume) in (volumes ?? []).enumerated() {
            let itemPath = path.index(index)
            let namePath = itemPath.child("name")
            let name = volume.name.orEmpty
            var volumeErrors = validateSource(volume, path: itemPath)
            if name.isEmpty {
                volumeErrors.append(.required(namePath))
            } else {
                volumeErrors += NameRules.dns1123Label(name).map { FieldError.invalid(namePath, name, $0) }
            }
            if valid[name] != nil {
                volumeErrors.append(.duplicate(namePath, name))
            }
            if volumeErrors.isEmpty {
                valid[name] = volume
            } else {
                errors += volumeErrors
            }
        }
        return (valid, errors)
    }

    static func validateSource(_ volume: Volume, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let found = sources(of: volume)
        if found.isEmpty {
            return [.required(path, "must specify a volume type")]
        }
        for (position, source) in found.enumerated() where position > 0 {
            errors.append(.forbidden(path.child(source.child), "may not specify more than 1 volume type"))
        }
        let first = found[0]
        switch first.child {
        case "emptyDir":
            if let limit = volume.emptyDir?.sizeLimit, limit.sign < 0 {
                errors.append(.forbidden(path.child("emptyDir", "sizeLimit"), "SizeLimit field must be a valid resource quantity"))
            }
        case "hostPath":
            errors += validateHostPath(volume.hostPath ?? HostPathVolumeSource(), path: path.child("hostPath"))
        case "secret":
            errors += requireString(first.value, "secretName", path: path.child("secret"))
            errors += validateDefaultMode(first.value, path: path.child("secret"))
        case "configMap":
            errors += requireString(first.value, "name", path: path.child("configMap"))
            errors += validateDefaultMode(first.value, path: path.child("configMap"))
        case "persistentVolumeClaim":
            errors += requireString(first.value, "claimName", path: path.child("persistentVolumeClaim"))
        default:
            break
        }
        return errors
    }

    static let hostPathTypes = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"]

    static func validateHostPath(_ source: HostPathVolumeSource, path: FieldPath) -> [FieldError] {
        let hostPath = source.path.orEmpty
        if hostPath.isEmpty { return [.required(path.child("path"))] }
        var errors = PathRules.noBacksteps(hostPath, path: path.child("path"))
        if let type = source.type, !hostPathTypes.contains(type) {
            errors.append(.notSupported(path.child("type"), type, hostPathTypes))
        }
        return errors
    }

    private static func requireString(_ value: JSONValue?, _ key: String, path: FieldPath) -> [FieldError] {
        guard case .object(let object)? = value else { return [.required(path.child(key))] }
        if case .string(let text)? = object[key], !text.isEmpty { return [] }
        return [.required(path.child(key))]
    }

    private static func validateDefaultMode(_ value: JSONValue?, path: FieldPath) -> [FieldError] {
        guard case .object(let object)? = value, case .number(let mode)? = object["defaultMode"] else { return [] }
        if mode < 0 || mode > 0o777 {
            return [.invalid(path.child("defaultMode"), .int(Int64(mode)), "must be a number between 0 and 0777 (octal), both inclusive")]
        }
        return []
    }
}

/// Path checks shared by volumes and mounts (`validateLocalDescendingPath`, `validatePathNoBacksteps`).
enum PathRules {
    static func noBacksteps(_ target: String, path: FieldPath) -> [FieldError] {
        if target.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return [.invalid(path, target, "must not contain '..'")]
        }
        return []
    }

    static func localDescending(_ target: String, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if target.hasPrefix("/") { errors.append(.invalid(path, target, "must be a relative path")) }
        return errors + noBacksteps(target, path: path)
    }
}
