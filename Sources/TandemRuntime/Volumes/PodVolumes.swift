import Foundation
import Glibc
import Synchronization
import TandemAPI
import TandemOS

/// Sets up a pod's volumes on the host as the kubelet's volume manager does before any of its
/// containers is created, once per pod: `emptyDir` directories, `configMap`, `secret`,
/// `downwardAPI` and `projected` payloads written atomically, `hostPath` type checks, and the
/// directories `--volume NAME=DIR` gives for kinds tandem cannot provide. Everything lives under
/// `<root>/<pod>/volumes/<volume>`; the result maps each volume name to its host directory.
public final class PodVolumes: Sendable {
    /// Where each pod's volumes live, and the inputs they are made from.
    public let root: String
    public let store: ConfigStore
    /// `--volume NAME=DIR`: host directories standing in for unsupported volume kinds.
    public let hostVolumes: [String: String]
    private let prepared = Mutex<[String: [String: String]]>([:])
    /// Pod names whose volumes were (even partly) written, for `tearDownAll`.
    private let touched = Mutex<Set<String>>([])

    public init(root: String, store: ConfigStore = ConfigStore(), hostVolumes: [String: String] = [:]) {
        self.root = root
        self.store = store
        self.hostVolumes = hostVolumes
    }

    /// The volumes' host directories, set up on the first call for `pod` (by namespace, name and
    /// uid) and remembered after; a failure is retried on the next call. Blocking file work.
    public func directories(for pod: Pod, context: ContainerEnvironment.Context) throws(HostError) -> [String: String] {
        let meta = pod.metadata
        let key = "\(context.namespace)/\(meta?.name ?? "")/\(meta?.uid ?? "")"
        if let known = prepared.withLock({ $0[key] }) { return known }
        touched.withLock { _ = $0.insert(meta?.name ?? "") }
        var directories: [String: String] = [:]
        let runAsRoot = geteuid() == 0
        let fsGroup = runAsRoot ? pod.spec?.securityContext?.fsGroup.flatMap { UInt32(exactly: $0) } : nil
        for volume in pod.spec?.volumes ?? [] {
            let name = volume.name ?? ""
            let directory = "\(root)/\(meta?.name ?? "")/volumes/\(name)"
            do {
                if let path = try setUp(volume, at: directory, pod: pod, context: context, fsGroup: fsGroup) {
                    directories[name] = path
                }
            } catch {
                throw HostError("MountVolume.SetUp failed for volume \(GoQuoting.quote(name)) : \(error.message)",
                                cause: .volumeSetUp)
            }
        }
        prepared.withLock { $0[key] = directories }
        return directories
    }

    /// Removes every pod's `<root>/<pod>/volumes` (the kubelet tears volumes down with the pod:
    /// no Secret stays on disk after the run). Call once nothing runs any more; blocking.
    public func tearDownAll() {
        prepared.withLock { $0 = [:] }
        let pods = touched.withLock { touched in
            defer { touched = [] }
            return touched
        }
        for pod in pods.sorted() {
            Self.unmountTmpfs(under: "\(root)/\(pod)/volumes")
            AtomicDirectoryWriter.removeTree("\(root)/\(pod)/volumes")
        }
    }

    /// `emptyDir.medium: Memory` is a tmpfs, as the kubelet mounts it (`sizeLimit` its size), where
    /// tandem may mount (root); elsewhere a plain directory, said at start (`PodNotes`). It is mounted
    /// once per pod in tandem's own mount namespace, inside the run directory, so every container's
    /// bind mount of the volume shares it; `tearDownAll` unmounts it.
    public static var mountsTmpfs: Bool { geteuid() == 0 }

    private static func mountTmpfs(at directory: String, sizeLimit: Quantity?) throws(OSError) {
        var options = "mode=0777"
        if let bytes = sizeLimit?.value, bytes > 0 { options += ",size=\(bytes)" }
        if mount("tmpfs", directory, "tmpfs", UInt(MS_NOSUID | MS_NODEV), options) != 0 {
            throw OSError("mount tmpfs on \(directory)", errno: errno)
        }
    }

    /// Detaches every tmpfs of the pod's volumes (lazily: nothing may hold it up).
    private static func unmountTmpfs(under volumes: String) {
        guard mountsTmpfs, let names = try? FileManager.default.contentsOfDirectory(atPath: volumes) else { return }
        // EINVAL for a volume that is no mount point: nothing to undo.
        for name in names { _ = umount2("\(volumes)/\(name)", Int32(MNT_DETACH)) }
    }

    /// The host directory (or file) of one volume, nil for a kind tandem cannot provide.
    private func setUp(_ volume: Volume, at directory: String, pod: Pod, context: ContainerEnvironment.Context,
                       fsGroup: UInt32?) throws(VolumeError) -> String? {
        if let mapped = hostVolumes[volume.name ?? ""] {
            return mapped
        }
        if volume.emptyDir != nil {
            try system { () throws(OSError) in
                try FileSystem.makeDirectories(directory)
                // The kubelet makes emptyDirs 0777 whatever the umask.
                if chmod(directory, 0o777) != 0 { throw OSError("chmod \(directory)", errno: errno) }
                if volume.emptyDir?.medium == "Memory" && Self.mountsTmpfs {
                    try Self.mountTmpfs(at: directory, sizeLimit: volume.emptyDir?.sizeLimit)
                }
                if let fsGroup {
                    if chown(directory, uid_t.max, fsGroup) != 0 { throw OSError("chown \(directory)", errno: errno) }
                    if chmod(directory, 0o777 | S_ISGID) != 0 { throw OSError("chmod \(directory)", errno: errno) }
                }
            }
            return directory
        }
        if let hostPath = volume.hostPath {
            let path = hostPath.path ?? ""
            try HostPathCheck.check(path, type: hostPath.type ?? "")
            return path
        }
        let payload: Result<[String: VolumePayload.File], VolumeError>
        if let source = volume.configMap {
            payload = VolumePayload.configMap(try decode(source, as: ConfigMapVolumeSource.self), store: store,
                                              namespace: context.namespace)
        } else if let source = volume.secret {
            payload = VolumePayload.secret(try decode(source, as: SecretVolumeSource.self), store: store,
                                           namespace: context.namespace)
        } else if let source = volume.downwardAPI {
            let typed = try decode(source, as: DownwardAPIVolumeSource.self)
            payload = VolumePayload.downwardAPI(typed.items ?? [], defaultMode: typed.defaultMode ?? VolumePayload.defaultMode,
                                                container: nil, context: context)
        } else if let source = volume.projected {
            payload = VolumePayload.projected(try decode(source, as: ProjectedVolumeSource.self), store: store, context: context)
        } else {
            return nil
        }
        let files = try payload.get()
        try system { () throws(OSError) in
            try AtomicDirectoryWriter.write(
                files.map { AtomicDirectoryWriter.File(path: $0.key, data: $0.value.data, mode: UInt32(bitPattern: $0.value.mode)) },
                to: directory, group: fsGroup)
        }
        if let fsGroup {
            // `SetVolumeOwnership` on a read-only (API data) volume: group-readable files.
            applyGroupRead(directory, group: fsGroup)
        }
        return directory
    }

    private func applyGroupRead(_ directory: String, group: UInt32) {
        guard let data = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/..data") else { return }
        let base = "\(directory)/\(data)"
        let paths = (FileManager.default.enumerator(atPath: base)?.allObjects as? [String]) ?? []
        for relative in paths {
            var info = stat()
            let path = "\(base)/\(relative)"
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            chmod(path, (info.st_mode & 0o7777) | 0o440)
        }
    }

    private func decode<T: Decodable>(_ value: JSONValue, as type: T.Type) throws(VolumeError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
        } catch {
            throw VolumeError("cannot read the volume source: \(error)")
        }
    }

    private func system(_ body: () throws(OSError) -> Void) throws(VolumeError) {
        do {
            try body()
        } catch {
            throw VolumeError(error.description)
        }
    }
}

/// `hostPath.type` checks (`pkg/volume/hostpath` `checkTypeInternal`), with its error texts.
enum HostPathCheck {
    static func check(_ path: String, type: String) throws(VolumeError) {
        var info = stat()
        let exists = stat(path, &info) == 0
        let format = info.st_mode & S_IFMT
        switch type {
        case "":
            return
        case "DirectoryOrCreate", "Directory":
            if type == "DirectoryOrCreate", !exists {
                do { try FileSystem.makeDirectories(path) } catch { throw VolumeError(error.description) }
                return
            }
            if !exists || format != S_IFDIR { throw VolumeError("hostPath type check failed: \(path) is not a directory") }
        case "FileOrCreate", "File":
            if type == "FileOrCreate", !exists {
                let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else { throw VolumeError(OSError("open \(path)", errno: errno).description) }
                close(descriptor)
                return
            }
            if !exists || format != S_IFREG { throw VolumeError("hostPath type check failed: \(path) is not a file") }
        case "Socket":
            if !exists || format != S_IFSOCK { throw VolumeError("hostPath type check failed: \(path) is not a socket file") }
        case "CharDevice":
            if !exists || format != S_IFCHR { throw VolumeError("hostPath type check failed: \(path) is not a character device") }
        case "BlockDevice":
            if !exists || format != S_IFBLK { throw VolumeError("hostPath type check failed: \(path) is not a block device") }
        default:
            throw VolumeError("\(type) is an invalid volume type")
        }
    }
}
