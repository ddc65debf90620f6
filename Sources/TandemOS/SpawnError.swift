import CTandemOS

/// Why a spawn failed: the step of the child's setup (or of the parent's
/// clone) that failed, on what, with the errno — e.g.
/// `exec /usr/bin/envoy failed: No such file or directory`.
public struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setup steps, in the order the child performs them.
    public enum Step: String, Sendable, Equatable {
        case clone, signals, setpgid, pdeathsig, parentDied = "parent died"
        case unshare, mountPrivate = "mount private", mkdir, bindMount = "bind mount"
        case setgroups, setgid, setuid, chdir, stdio, closeDescriptors = "close descriptors", exec
        case idMap = "write uid_map/gid_map", setns = "enter namespaces of", mountProc = "mount /proc"
        case mountPoint = "make mount point", remountReadOnly = "remount read-only"
        /// Joining the container's cgroup (opening or writing its `cgroup.procs`).
        case cgroup = "join cgroup"
        /// The reactor has been shut down; nothing was attempted.
        case reactorStopped = "reactor stopped"
    }

    public let step: Step
    public let errno: Int32
    /// Which part of the request the step failed on, e.g. the path or the uid.
    public let subject: String

    public init(step: Step, errno: Int32, subject: String) {
        self.step = step
        self.errno = errno
        self.subject = subject
    }

    public var description: String {
        if step == .reactorStopped { return "spawn \(subject) failed: reactor stopped" }
        let what = subject.isEmpty ? step.rawValue : "\(step.rawValue) \(subject)"
        return "\(what) failed: \(errorString(errno))"
    }

    /// Builds the error the child reported in `attr`.
    init(reportedBy attr: tandem_spawn_attr, request: SpawnRequest) {
        let index = Int(attr.failed_index)
        let mount = request.bindMounts.indices.contains(index) ? request.bindMounts[index] : nil
        let step: Step
        let subject: String
        switch tandem_spawn_step(rawValue: UInt32(attr.failed_step)) {
        case TANDEM_STEP_CLONE: (step, subject) = (.clone, request.executable)
        case TANDEM_STEP_SIGNALS: (step, subject) = (.signals, "")
        case TANDEM_STEP_SETPGID: (step, subject) = (.setpgid, "")
        case TANDEM_STEP_PDEATHSIG: (step, subject) = (.pdeathsig, "")
        case TANDEM_STEP_PARENT_DIED: (step, subject) = (.parentDied, "")
        case TANDEM_STEP_UNSHARE: (step, subject) = (.unshare, "CLONE_NEWNS")
        case TANDEM_STEP_MOUNT_PRIVATE: (step, subject) = (.mountPrivate, "/")
        case TANDEM_STEP_MKDIR: (step, subject) = (.mkdir, mount?.target ?? "")
        case TANDEM_STEP_BIND_MOUNT: (step, subject) = (.bindMount, mount.map { "\($0.source) on \($0.target)" } ?? "")
        case TANDEM_STEP_SETGROUPS: (step, subject) = (.setgroups, request.supplementaryGroups.map(String.init).joined(separator: ","))
        case TANDEM_STEP_SETGID: (step, subject) = (.setgid, request.group.map { String($0) } ?? "")
        case TANDEM_STEP_SETUID: (step, subject) = (.setuid, request.user.map { String($0) } ?? "")
        case TANDEM_STEP_CHDIR: (step, subject) = (.chdir, request.workingDirectory ?? "")
        case TANDEM_STEP_STDIO: (step, subject) = (.stdio, "")
        case TANDEM_STEP_CLOSE_FDS: (step, subject) = (.closeDescriptors, "")
        case TANDEM_STEP_ID_MAP: (step, subject) = (.idMap, "")
        case TANDEM_STEP_SETNS: (step, subject) = (.setns, request.joinedPID.map { "pid \($0)" } ?? "")
        case TANDEM_STEP_MOUNT_PROC: (step, subject) = (.mountProc, "")
        case TANDEM_STEP_MOUNT_POINT: (step, subject) = (.mountPoint, mount?.target ?? "")
        case TANDEM_STEP_REMOUNT_READ_ONLY: (step, subject) = (.remountReadOnly, mount?.target ?? "")
        case TANDEM_STEP_CGROUP:
            let files = request.cgroupProcsFiles
            (step, subject) = (.cgroup, files.indices.contains(index) ? files[index] : "")
        default: (step, subject) = (.exec, request.executable)
        }
        self.init(step: step, errno: attr.failed_errno, subject: subject)
    }
}

extension SpawnRequest {
    /// The pid a `.join` request enters, for messages.
    var joinedPID: Int32? {
        if case .join(let pid, _, _) = isolation { return pid }
        return nil
    }
}
