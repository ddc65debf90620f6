import Glibc
import TandemAPI
import struct TandemOS.BindMount
import enum TandemOS.FileSystem

/// The production `ContainerLauncher`: the kubelet's container inputs for a host process —
/// the pod's volumes (set up once per pod), environment (env, valueFrom, envFrom), command and
/// args with `$(VAR)` expansion, working directory, user and groups (when tandem runs as root),
/// and the volume mounts as bind mounts. Configuration failures are `CreateContainerConfigError`s
/// and volume failures `FailedMount`s, both retried by the pod's state machine.
public struct StandardLauncher: ContainerLauncher {
    /// Image → program for containers without `command` (`--image-command`).
    public var imageCommands: [String: String]
    /// Where volumes live: `<volumeRoot>/<pod>/volumes/<volume>`, made on first use.
    public var volumeRoot: String { volumes.root }
    /// The pods' volumes and the ConfigMaps and Secrets they and the environment read.
    public var volumes: PodVolumes
    /// `--run-as-user`: the user of containers without `runAsUser` (the image's `USER` in a cluster).
    public var defaultUser: UInt32?
    /// Namespaces or process groups for every container (`ContainerIsolation.detect`).
    public var isolation: ContainerIsolation

    public init(imageCommands: [String: String] = [:], volumeRoot: String, store: ConfigStore = ConfigStore(),
                hostVolumes: [String: String] = [:], defaultUser: UInt32? = nil,
                isolation: ContainerIsolation = .processGroups) {
        self.imageCommands = imageCommands
        // Absolute: a bind mount's source is resolved in the child after it may have chrooted
        // into a cover of `/` (see `BindMount`).
        let root = volumeRoot.hasPrefix("/") ? volumeRoot : Self.currentDirectory + "/" + volumeRoot
        self.volumes = PodVolumes(root: root, store: store, hostVolumes: hostVolumes)
        self.defaultUser = defaultUser
        self.isolation = isolation
    }

    public func sandboxSpec(for pod: Pod) -> ProcessSpec? {
        isolation.sandbox(for: pod)
    }

    /// `<run directory>/<pod>/<container>/<attempt>.termination-log`, made empty and
    /// world-writable (0666, as the kubelet makes it, so a container of any user can write it)
    /// when the container gets a mount namespace of its own; else nil: under `--no-isolation`
    /// a custom path is read where the container wrote it and the default one is not captured.
    public func terminationMessageFile(for container: Container, in pod: Pod, attempt: Int) throws(HostError) -> String? {
        guard isolation != .processGroups, let target = container.terminationMessagePath, !target.isEmpty else { return nil }
        let path = "\(volumeRoot)/\(pod.metadata?.name ?? "")/\(container.name ?? "")/\(attempt).termination-log"
        do {
            try FileSystem.createEmptyFile(path, mode: 0o666)
        } catch {
            throw HostError("error on creating termination-log file \(GoQuoting.quote(path)): \(error.description)")
        }
        return path
    }

    public func processSpec(for container: Container, in pod: Pod) throws(HostError) -> ProcessSpec {
        let podName = pod.metadata?.name ?? ""
        let base = [
            "PATH=" + (getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"),
            // The kubelet's pod hostname: `spec.hostname` (an Indexed Job's `<job>-<index>`), else the name.
            "HOSTNAME=" + (pod.spec?.hostname.flatMap { $0.isEmpty ? nil : $0 } ?? podName),
        ]
        let context = ContainerEnvironment.Context(pod: pod, baseEnvironment: base, store: volumes.store)
        // Volumes come first: the kubelet creates no container before the pod's volumes are set up.
        let directories = try volumes.directories(for: pod, context: context)
        let environment: [String]
        switch ContainerEnvironment.resolve(container, in: context) {
        case .success(let resolved): environment = resolved
        case .failure(let error): throw HostError(error.message, cause: .containerConfig)
        }
        let argv: [String]
        switch ContainerCommand.resolve(container, environment: environment, imageCommands: imageCommands) {
        case .success(let resolved): argv = resolved
        case .failure(let error): throw HostError(error.description)
        }
        guard let program = argv.first else {
            throw HostError("container \"\(container.name ?? "")\" has nothing to run")
        }
        let identity: ContainerIdentity
        switch ContainerIdentity.resolve(container, in: pod, defaultUser: defaultUser, ownUser: geteuid(),
                                         switchUsers: geteuid() == 0) {
        case .success(let resolved): identity = resolved
        case .failure(let error): throw HostError(error.message, cause: .containerConfig)
        }
        let mounts: [BindMount]
        switch ContainerMounts.resolve(container, in: pod, directories: directories, environment: environment) {
        case .success(let resolved): mounts = resolved
        case .failure(let error): throw HostError(error.message, cause: .containerConfig)
        }
        var spec = ProcessSpec(
            executable: program,
            arguments: argv,
            environment: environment,
            // In namespaces the directory is entered again after the mounts, which may cover it.
            workingDirectory: container.workingDir.flatMap { $0.isEmpty ? nil : $0 }
                ?? (isolation == .processGroups ? nil : Self.currentDirectory),
            user: identity.user,
            group: identity.group,
            bindMounts: mounts,
            isolation: isolation.mainProcess
        )
        spec.supplementaryGroups = identity.supplementaryGroups
        return spec
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
    /// True when a container mounts a volume tandem shows through a bind mount, which needs a
    /// private mount namespace and so root.
    public var needsBindMounts: Bool {
        let mounted = Set(((spec?.initContainers ?? []) + (spec?.containers ?? []))
            .flatMap { $0.volumeMounts ?? [] }.compactMap(\.name))
        return (spec?.volumes ?? []).contains { volume in
            mounted.contains(volume.name ?? "")
                && (volume.emptyDir != nil || volume.hostPath != nil || volume.configMap != nil || volume.secret != nil
                    || volume.downwardAPI != nil || volume.projected != nil)
        }
    }
}
