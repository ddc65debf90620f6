import TandemAPI

/// `ValidateVolumeMounts` and `ValidateVolumeDevices`: every mount names a valid pod volume.
enum MountValidation {
    static let propagationModes = ["Bidirectional", "HostToContainer", "None"]
    static let recursiveReadOnlyModes = ["Disabled", "Enabled", "IfPossible"]

    static func validateMounts(_ container: Container, volumes: [String: Volume], path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var mountPaths = Set<String>()
        let devicesByName = Dictionary((container.volumeDevices ?? []).map { ($0.name.orEmpty, $0.devicePath.orEmpty) },
                                       uniquingKeysWith: { _, last in last })
        for (index, mount) in (container.volumeMounts ?? []).enumerated() {
            let itemPath = path.index(index)
            let name = mount.name.orEmpty
            let mountPath = mount.mountPath.orEmpty
            if name.isEmpty { errors.append(.required(itemPath.child("name"))) }
            if volumes[name] == nil { errors.append(.notFound(itemPath.child("name"), name)) }
            if mountPath.isEmpty { errors.append(.required(itemPath.child("mountPath"))) }
            if mountPaths.contains(mountPath) { errors.append(.invalid(itemPath.child("mountPath"), mountPath, "must be unique")) }
            mountPaths.insert(mountPath)
            if devicesByName[name] != nil {
                errors.append(.invalid(itemPath.child("name"), name, "must not already exist in volumeDevices"))
            }
            if devicesByName.values.contains(mountPath) {
                errors.append(.invalid(itemPath.child("mountPath"), mountPath, "must not already exist as a path in volumeDevices"))
            }
            if let volume = volumes[name], volume.image != nil {
                if !mount.subPath.isNilOrEmpty {
                    errors.append(.invalid(itemPath.child("subPath"), mount.subPath.orEmpty, "not allowed in image volume sources"))
                }
                if !mount.subPathExpr.isNilOrEmpty {
                    errors.append(.invalid(itemPath.child("subPathExpr"), mount.subPathExpr.orEmpty, "not allowed in image volume sources"))
                }
            }
            // The API server reports subPath problems under the list's path, not the item's.
            if let subPath = mount.subPath, !subPath.isEmpty {
                errors += PathRules.localDescending(subPath, path: path.child("subPath"))
            }
            if let expression = mount.subPathExpr, !expression.isEmpty {
                if !mount.subPath.isNilOrEmpty {
                    errors.append(.invalid(itemPath.child("subPathExpr"), expression, "subPathExpr and subPath are mutually exclusive"))
                }
                errors += PathRules.localDescending(expression, path: path.child("subPathExpr"))
            }
            if let propagation = mount.mountPropagation {
                let propagationPath = path.child("mountPropagation")
                if !propagationModes.contains(propagation) {
                    errors.append(.notSupported(propagationPath, propagation, propagationModes))
                }
                if propagation == "Bidirectional" && container.securityContext?.privileged != true {
                    errors.append(.forbidden(propagationPath, "Bidirectional mount propagation is available only to privileged containers"))
                }
            }
            if let recursive = mount.recursiveReadOnly {
                let recursivePath = path.child("recursiveReadOnly")
                switch recursive {
                case "Disabled":
                    break
                case "IfPossible", "Enabled":
                    if mount.readOnly != true {
                        errors.append(.forbidden(recursivePath, "may only be specified when readOnly is true"))
                    }
                    if let propagation = mount.mountPropagation, propagation != "None" {
                        errors.append(.forbidden(recursivePath, "may only be specified when mountPropagation is None or not specified"))
                    }
                default:
                    errors.append(.notSupported(recursivePath, recursive, recursiveReadOnlyModes))
                }
            }
        }
        return errors
    }

    static func validateDevices(_ container: Container, volumes: [String: Volume], path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var devicePaths = Set<String>()
        var deviceNames = Set<String>()
        let mountsByName = Dictionary((container.volumeMounts ?? []).map { ($0.name.orEmpty, $0.mountPath.orEmpty) },
                                      uniquingKeysWith: { _, last in last })
        for (index, device) in (container.volumeDevices ?? []).enumerated() {
            let itemPath = path.index(index)
            let name = device.name.orEmpty
            let devicePath = device.devicePath.orEmpty
            let volume = volumes[name]
            let isClaim = volume.map { $0.persistentVolumeClaim != nil || $0.ephemeral != nil } ?? false
            if name.isEmpty { errors.append(.required(itemPath.child("name"))) }
            if deviceNames.contains(name) { errors.append(.invalid(itemPath.child("name"), name, "must be unique")) }
            if volume != nil && !isClaim {
                errors.append(.invalid(itemPath.child("name"), name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"))
            }
            if volume == nil { errors.append(.notFound(itemPath.child("name"), name)) }
            if devicePath.isEmpty { errors.append(.required(itemPath.child("devicePath"))) }
            if devicePaths.contains(devicePath) { errors.append(.invalid(itemPath.child("devicePath"), devicePath, "must be unique")) }
            if !devicePath.isEmpty && !PathRules.noBacksteps(devicePath, path: path).isEmpty {
                errors.append(.invalid(itemPath.child("devicePath"), devicePath, "can not contain backsteps ('..')"))
            } else {
                devicePaths.insert(devicePath)
            }
            if mountsByName[name] != nil {
                errors.append(.invalid(itemPath.child("name"), name, "must not already exist in volumeMounts"))
            }
            if mountsByName.values.contains(devicePath) {
                errors.append(.invalid(itemPath.child("devicePath"), devicePath, "must not already exist as a path in volumeMounts"))
            }
            if !name.isEmpty { deviceNames.insert(name) }
        }
        return errors
    }
}
