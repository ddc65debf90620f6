import Glibc
import TandemAPI
import struct TandemOS.BindMount
import enum TandemOS.FileSystem

/// The production `ContainerLauncher`: the kubelet's container inputs for a host process —
/// environment (env, valueFrom, envFrom), command and args with `$(VAR)` expansion, working
/// directory, user and group (when tandem runs as root), and pod volumes as bind mounts.
public struct StandardLauncher: ContainerLauncher {
    /// Image → program for containers without `command` (`--image-command`).
    public var imageCommands: [String: String]
    /// Where `emptyDir` volumes live: `<volumeRoot>/<pod>/volumes/<volume>`, made on first use.
    public var volumeRoot: String
    /// Namespaces or process groups for every container (`ContainerIsolation.detect`).
    public var isolation: ContainerIsolation

    public init(imageCommands: [String: String] = [:], volumeRoot: String, isolation: ContainerIsolation = .processGroups) {
        self.imageCommands = imageCommands
        // Absolute: a bind mount's source is resolved in the child after it may have chrooted
        // into a cover of `/` (see `BindMount`).
        self.volumeRoot = volumeRoot.hasPrefix("/") ? volumeRoot : Self.currentDirectory + "/" + volumeRoot
        self.isolation = isolation
    }

    public func sandboxSpec(for pod: Pod) -> ProcessSpec? {
        isolation.sandbox(for: pod)
    }

    public func processSpec(for container: Container, in pod: Pod) throws(HostError) -> ProcessSpec {
        let podName = pod.metadata?.name ?? ""
        let base = [
            "PATH=" + (getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"),
            // The kubelet's pod hostname: `spec.hostname` (an Indexed Job's `<job>-<index>`), else the name.
            "HOSTNAME=" + (pod.spec?.hostname.flatMap { $0.isEmpty ? nil : $0 } ?? podName),
        ]
        let environment: [String]
        switch ContainerEnvironment.resolve(container, in: .init(pod: pod, baseEnvironment: base)) {
        case .success(let resolved): environment = resolved
        case .failure(let error): throw HostError(error.description)
        }
        let argv: [String]
        switch ContainerCommand.resolve(container, environment: environment, imageCommands: imageCommands) {
        case .success(let resolved): argv = resolved
        case .failure(let error): throw HostError(error.description)
        }
        guard let program = argv.first else {
            throw HostError("container \"\(container.name ?? "")\" has nothing to run")
        }
        let context = pod.spec?.securityContext
        let runAsRoot = geteuid() == 0
        let user = (container.securityContext?.runAsUser ?? context?.runAsUser).flatMap { runAsRoot ? UInt32(exactly: $0) : nil }
        let group = (container.securityContext?.runAsGroup ?? context?.runAsGroup).flatMap { runAsRoot ? UInt32(exactly: $0) : nil }
        return ProcessSpec(
            executable: program,
            arguments: argv,
            environment: environment,
            // In namespaces the directory is entered again after the mounts, which may cover it.
            workingDirectory: container.workingDir.flatMap { $0.isEmpty ? nil : $0 }
                ?? (isolation == .processGroups ? nil : Self.currentDirectory),
            user: user,
            group: group,
            bindMounts: try mounts(of: container, in: pod),
            isolation: isolation.mainProcess
        )
    }

    private func mounts(of container: Container, in pod: Pod) throws(HostError) -> [BindMount] {
        let volumes = pod.spec?.volumes ?? []
        var mounts: [BindMount] = []
        for mount in container.volumeMounts ?? [] {
            guard let volume = volumes.first(where: { $0.name == mount.name }), let target = mount.mountPath else { continue }
            if volume.emptyDir != nil {
                let directory = "\(volumeRoot)/\(pod.metadata?.name ?? "")/volumes/\(volume.name ?? "")"
                do {
                    try FileSystem.makeDirectories(directory)
                } catch {
                    throw HostError(error)
                }
                mounts.append(BindMount(source: directory, target: target, readOnly: mount.readOnly ?? false))
            } else if let path = volume.hostPath?.path {
                mounts.append(BindMount(source: path, target: target, readOnly: mount.readOnly ?? false))
            }
        }
        return mounts
    }
}

extension StandardLauncher {
    static let currentDirectory: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}

extension Pod {
    /// True when a container mounts a volume tandem shows through a bind mount (emptyDir,
    /// hostPath), which needs a private mount namespace and so root.
    public var needsBindMounts: Bool {
        let mounted = Set(((spec?.initContainers ?? []) + (spec?.containers ?? []))
            .flatMap { $0.volumeMounts ?? [] }.compactMap(\.name))
        return (spec?.volumes ?? []).contains { volume in
            mounted.contains(volume.name ?? "") && (volume.emptyDir != nil || volume.hostPath != nil)
        }
    }
}
