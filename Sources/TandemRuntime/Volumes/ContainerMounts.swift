import TandemAPI
import struct TandemOS.BindMount

/// A container's `volumeMounts` as bind mounts (`makeMounts` in the kubelet): the volume's host
/// directory, or a path inside it for `subPath`/`subPathExpr` (expanded with the container's
/// environment), at `mountPath`. API data volumes (configMap, secret, downwardAPI, projected)
/// are always read-only, as the kubelet mounts them; others follow `readOnly`.
public enum ContainerMounts {
    /// Errors are the kubelet's `CreateContainerConfigError` texts.
    public static func resolve(_ container: Container, in pod: Pod, directories: [String: String],
                               environment: [String]) -> Result<[BindMount], ContainerEnvironmentError> {
        let volumes = pod.spec?.volumes ?? []
        var variables: [String: String] = [:]
        for entry in environment {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            variables[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        var mounts: [BindMount] = []
        for mount in container.volumeMounts ?? [] {
            guard let volume = volumes.first(where: { $0.name == mount.name }), let target = mount.mountPath,
                  let source = directories[mount.name ?? ""] else { continue }
            var subPath = mount.subPath ?? ""
            if let expression = mount.subPathExpr, !expression.isEmpty {
                subPath = VariableExpansion.expand(expression, mapping: VariableExpansion.mappingFor(variables))
                if subPath.hasPrefix("/") {
                    return .failure(ContainerEnvironmentError(containerName: container.name ?? "",
                        message: "failed to prepare subPath for volumeMount \(GoQuoting.quote(mount.name ?? "")) of container "
                            + "\(GoQuoting.quote(container.name ?? ""))"))
                }
            }
            if subPath.split(separator: "/").contains("..") {
                return .failure(ContainerEnvironmentError(containerName: container.name ?? "",
                    message: "failed to prepare subPath for volumeMount \(GoQuoting.quote(mount.name ?? "")) of container "
                        + "\(GoQuoting.quote(container.name ?? ""))"))
            }
            let apiData = volume.configMap != nil || volume.secret != nil || volume.downwardAPI != nil || volume.projected != nil
            mounts.append(BindMount(source: subPath.isEmpty ? source : "\(source)/\(subPath)", target: target,
                                    readOnly: mount.readOnly == true || apiData))
        }
        return .success(mounts)
    }

    /// Volumes of kinds tandem cannot provide (persistentVolumeClaim, csi, nfs, …) that no
    /// `--volume NAME=DIR` maps: their mounts are left out, and `tandem run` says so at start.
    public static func unsupportedVolumes(of pod: Pod, mapped: Set<String>) -> [(name: String, kind: String)] {
        var found: [(String, String)] = []
        for volume in pod.spec?.volumes ?? [] where !mapped.contains(volume.name ?? "") {
            let supported = volume.emptyDir != nil || volume.hostPath != nil || volume.configMap != nil
                || volume.secret != nil || volume.downwardAPI != nil || volume.projected != nil
            if !supported {
                found.append((volume.name ?? "", volume.kindName))
            }
        }
        return found
    }
}

extension Volume {
    /// The source field that is set (`persistentVolumeClaim`, `csi`, …), for messages.
    var kindName: String {
        let all: [(String, JSONValue?)] = [
            ("persistentVolumeClaim", persistentVolumeClaim), ("ephemeral", ephemeral), ("csi", csi), ("nfs", nfs),
            ("image", image), ("iscsi", iscsi), ("awsElasticBlockStore", awsElasticBlockStore),
            ("gcePersistentDisk", gcePersistentDisk), ("gitRepo", gitRepo), ("glusterfs", glusterfs), ("rbd", rbd),
            ("flexVolume", flexVolume), ("cinder", cinder), ("cephfs", cephfs), ("flocker", flocker), ("fc", fc),
            ("azureFile", azureFile), ("azureDisk", azureDisk), ("vsphereVolume", vsphereVolume), ("quobyte", quobyte),
            ("photonPersistentDisk", photonPersistentDisk), ("portworxVolume", portworxVolume), ("scaleIO", scaleIO),
            ("storageos", storageos),
        ]
        return all.first { $0.1 != nil }?.0 ?? "unknown"
    }
}
