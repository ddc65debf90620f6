/// Everything needed to start one container process, already resolved by the
/// caller (executable path, full environment). `Reactor.spawn` turns it into a
/// process in its own process group with a clean signal state and no inherited
/// descriptors except the three standard streams.
public struct SpawnRequest: Sendable, Equatable {
    /// Absolute (or caller-relative) path passed to execve; see `resolveExecutable`.
    public var executable: String
    /// The complete argv, argv[0] included (conventionally the command as written).
    /// Empty means `[executable]`.
    public var arguments: [String]
    /// The complete environment, as "NAME=value" strings; nothing is inherited.
    public var environment: [String]
    /// Directory to chdir into (after switching user), nil to inherit tandem's.
    public var workingDirectory: String?
    /// setuid target; nil keeps tandem's user.
    public var user: UInt32?
    /// setgid target; nil keeps tandem's group.
    public var group: UInt32?
    /// setgroups list. Applied whenever it is non-empty, or when `user` or
    /// `group` is set and tandem runs as root (then an empty list drops root's
    /// groups instead of leaking them to the container).
    public var supplementaryGroups: [UInt32]
    /// Descriptor for the child's stdout (e.g. a pipe's write end); nil is /dev/null.
    public var stdout: Int32?
    /// Descriptor for the child's stderr; nil is /dev/null. May equal `stdout`.
    public var stderr: Int32?
    /// Bind mounts made in a private mount namespace of the child; none means no
    /// new namespace at all.
    public var bindMounts: [BindMount]
    /// SIGKILL the whole process group when the leader exits, as the kernel does
    /// to a container's PID namespace when its init dies. When false the group
    /// is also no longer guarded by the orphan sentinel after the leader exits.
    public var killProcessGroupOnExit: Bool
    /// Which namespaces the process lives in; `.none` is a bare process group.
    public var isolation: SpawnIsolation
    /// cgroups: `cgroup.procs` files the child joins (writing its own pid) before anything
    /// else, so the program never runs outside them; see `CgroupSystem.procsFiles`.
    public var cgroupProcsFiles: [String] = []
    /// cgroups: the child's `/proc/self/oom_score_adj` (-1000…1000); nil leaves tandem's.
    /// Ignored where the kernel refuses it (lowering it without CAP_SYS_RESOURCE).
    public var oomScoreAdjust: Int32?

    public init(executable: String, arguments: [String] = [], environment: [String] = [],
                workingDirectory: String? = nil, user: UInt32? = nil, group: UInt32? = nil,
                supplementaryGroups: [UInt32] = [], stdout: Int32? = nil, stderr: Int32? = nil,
                bindMounts: [BindMount] = [], killProcessGroupOnExit: Bool = true,
                isolation: SpawnIsolation = .none) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.user = user
        self.group = group
        self.supplementaryGroups = supplementaryGroups
        self.stdout = stdout
        self.stderr = stderr
        self.bindMounts = bindMounts
        self.killProcessGroupOnExit = killProcessGroupOnExit
        self.isolation = isolation
    }
}

/// One directory (or file) made visible at another path inside the child's private mount
/// namespace (`mount --rbind source target`). A missing target is created inside that
/// namespace only (on a tmpfs covering its nearest existing ancestor), never on the host.
public struct BindMount: Sendable, Equatable {
    public var source: String
    public var target: String
    /// Remounted read-only after binding (`volumeMounts[].readOnly`).
    public var readOnly: Bool

    public init(source: String, target: String, readOnly: Bool = false) {
        self.source = source
        self.target = target
        self.readOnly = readOnly
    }
}
