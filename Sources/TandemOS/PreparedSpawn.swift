import CTandemOS
#if canImport(Glibc)
import Glibc
#endif

/// A `SpawnRequest` laid out as the C shim needs it: every string NUL-terminated
/// in one buffer, every pointer array in a second, so that preparing a spawn
/// costs two allocations whatever its size. Built on the caller's thread; the
/// reactor thread only runs the clone.
final class PreparedSpawn: @unchecked Sendable {
    // @unchecked: the buffers are written once in init, then only read by the
    // one thread that runs the spawn (handed over through a semaphore).
    let attr: UnsafeMutablePointer<tandem_spawn_attr>
    private let strings: UnsafeMutableRawPointer
    private let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let groups: UnsafeMutablePointer<gid_t>
    private let readOnly: UnsafeMutablePointer<Int32>
    /// cgroups: the open `cgroup.procs` descriptors the child writes itself to.
    private let cgroupDescriptors: UnsafeMutablePointer<Int32>
    private let cgroupDescriptorCount: Int
    let request: SpawnRequest

    /// A `.join` request's `join_pidfd` is filled in by the reactor thread, which holds the pidfds.
    /// Opens the request's `cgroup.procs` files (close-on-exec), before anything is cloned:
    /// a cgroup that cannot be joined fails the spawn with step `.cgroup`.
    convenience init(_ request: SpawnRequest, devNull: Int32, sentinel: Int32) throws(SpawnError) {
        var descriptors: [Int32] = []
        for path in request.cgroupProcsFiles {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            if fd < 0 {
                let code = errno
                for open in descriptors { close(open) }
                throw SpawnError(step: .cgroup, errno: code, subject: path)
            }
            descriptors.append(fd)
        }
        self.init(request, devNull: devNull, sentinel: sentinel, cgroupDescriptors: descriptors)
    }

    private init(_ request: SpawnRequest, devNull: Int32, sentinel: Int32, cgroupDescriptors descriptors: [Int32]) {
        self.request = request
        cgroupDescriptorCount = descriptors.count
        cgroupDescriptors = .allocate(capacity: max(1, descriptors.count))
        for (i, fd) in descriptors.enumerated() { cgroupDescriptors[i] = fd }
        let argv = request.arguments.isEmpty ? [request.executable] : request.arguments
        let mounts = request.bindMounts

        let oomScore = request.oomScoreAdjust.map { String($0) }
        var byteCount = request.executable.utf8.count + 1 + (request.workingDirectory?.utf8.count ?? 0) + 1
        byteCount += (oomScore?.utf8.count ?? 0) + 1
        for s in argv { byteCount += s.utf8.count + 1 }
        for s in request.environment { byteCount += s.utf8.count + 1 }
        for m in mounts { byteCount += m.source.utf8.count + m.target.utf8.count + 2 }
        strings = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 1)

        let pointerCount = argv.count + 1 + request.environment.count + 1 + 2 * mounts.count
        pointers = .allocate(capacity: pointerCount)
        groups = .allocate(capacity: max(1, request.supplementaryGroups.count))
        for (i, g) in request.supplementaryGroups.enumerated() { groups[i] = g }
        readOnly = .allocate(capacity: max(1, mounts.count))
        for (i, m) in mounts.enumerated() { readOnly[i] = m.readOnly ? 1 : 0 }

        var cursor = strings
        func copy(_ string: String) -> UnsafeMutablePointer<CChar> {
            let start = cursor.assumingMemoryBound(to: CChar.self)
            var string = string
            string.withUTF8 { bytes in
                if let base = bytes.baseAddress { cursor.copyMemory(from: base, byteCount: bytes.count) }
                cursor.storeBytes(of: 0, toByteOffset: bytes.count, as: UInt8.self)
                cursor += bytes.count + 1
            }
            return start
        }

        let path = copy(request.executable)
        let directory = request.workingDirectory.map(copy)
        let oomScoreText = oomScore.map(copy)
        var slot = 0
        let argvStart = pointers
        for s in argv { pointers[slot] = copy(s); slot += 1 }
        pointers[slot] = nil; slot += 1
        let envStart = pointers + slot
        for s in request.environment { pointers[slot] = copy(s); slot += 1 }
        pointers[slot] = nil; slot += 1
        let sourcesStart = pointers + slot
        for m in mounts { pointers[slot] = copy(m.source); slot += 1 }
        let targetsStart = pointers + slot
        for m in mounts { pointers[slot] = copy(m.target); slot += 1 }

        let wantsIdentity = request.user != nil || request.group != nil
        let setGroups = !request.supplementaryGroups.isEmpty || (wantsIdentity && geteuid() == 0)

        attr = .allocate(capacity: 1)
        var a = tandem_spawn_attr()
        a.path = UnsafePointer(path)
        a.argv = UnsafePointer(argvStart)
        a.envp = UnsafePointer(envStart)
        a.working_directory = directory.map { UnsafePointer($0) }
        a.set_user = request.user == nil ? 0 : 1
        a.uid = request.user ?? 0
        a.set_group = request.group == nil ? 0 : 1
        a.gid = request.group ?? 0
        a.set_groups = setGroups ? 1 : 0
        a.groups = UnsafePointer(groups)
        a.group_count = request.supplementaryGroups.count
        a.stdin_fd = devNull
        a.stdout_fd = request.stdout ?? devNull
        a.stderr_fd = request.stderr ?? devNull
        a.sentinel_fd = sentinel
        // The shim only reads through these; the C type is `const char *const *`.
        a.mount_sources = UnsafeRawPointer(sourcesStart).assumingMemoryBound(to: UnsafePointer<CChar>?.self)
        a.mount_targets = UnsafeRawPointer(targetsStart).assumingMemoryBound(to: UnsafePointer<CChar>?.self)
        a.mount_count = mounts.count
        a.mount_read_only = UnsafePointer(readOnly)
        a.join_pidfd = -1
        a.map_uid = geteuid()
        a.map_gid = getegid()
        switch request.isolation {
        case .none:
            a.isolate = 0
        case .newNamespaces(let user):
            a.isolate = Int32(TANDEM_ISOLATE_PID) | (user ? Int32(TANDEM_ISOLATE_USER) : 0)
        case .join(_, let user, let privateMounts):
            a.isolate = 0
            a.join_flags = Int32(TANDEM_ISOLATE_PID | TANDEM_ISOLATE_MOUNT) | (user ? Int32(TANDEM_ISOLATE_USER) : 0)
            a.join_private_mounts = privateMounts ? 1 : 0
        }
        a.cgroup_procs_fds = UnsafePointer(cgroupDescriptors)
        a.cgroup_procs_count = descriptors.count
        a.oom_score_adj = oomScoreText.map { UnsafePointer($0) }
        attr.initialize(to: a)
    }

    deinit {
        for i in 0..<cgroupDescriptorCount { close(cgroupDescriptors[i]) }
        cgroupDescriptors.deallocate()
        attr.deallocate()
        groups.deallocate()
        readOnly.deallocate()
        pointers.deallocate()
        strings.deallocate()
    }
}
