import CTandemOS
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Guarantees that no container process outlives tandem, even when tandem is
/// SIGKILLed.
///
/// Why a sentinel and not `PR_SET_CHILD_SUBREAPER`: a subreaper only adopts
/// orphans while it is alive; once tandem itself is killed they are reparented
/// to init and keep running, and adopted orphans would have to be reaped with
/// `waitpid(-1)`, which would steal exits from other code. PR_SET_PDEATHSIG
/// (set on every child) only reaches direct children. So a tiny process, forked
/// once, holds one end of a SOCK_SEQPACKET pair: every spawned child registers
/// its process group *before exec* (so no program code runs unregistered), the
/// reactor retires a group after its leader is reaped, and when the socket hits
/// end-of-file — tandem died by whatever means — the sentinel SIGKILLs every
/// group still registered and exits. It sits in its own process group with all
/// signals blocked, so a terminal's ^C to tandem's group cannot kill it first.
/// It also kills the cgroups of the run (`guardCgroup`), which hold what left its process
/// group — under `--no-isolation` no PID namespace takes a `setsid`ed grandchild along.
///
/// `Reactor.init` starts it on demand; calling `start()` first thing in `main`
/// forks it while the process is still small.
public enum OrphanSentinel {
    private static let channel = Mutex<Int32>(-1)

    /// Starts the sentinel if it is not running yet. Idempotent.
    public static func start() throws(OSError) {
        _ = try descriptor()
    }

    /// Our end of the sentinel's channel, starting the sentinel if needed.
    static func descriptor() throws(OSError) -> Int32 {
        let result: Result<Int32, OSError> = channel.withLock { fd in
            if fd >= 0 { return .success(fd) }
            var created: Int32 = -1
            guard tandem_sentinel_start(&created) > 0 else { return .failure(.current("start orphan sentinel")) }
            fd = created
            return .success(created)
        }
        return try result.get()
    }

    /// Where the sentinel finds a cgroup's processes to kill them when tandem is gone: its
    /// `cgroup.kill` file (v2), else a v1 freezer directory to freeze meanwhile and the
    /// directory whose `cgroup.procs` (and those below) list them, as `CgroupSystem.kill` does.
    public struct CgroupTarget: Sendable, Equatable {
        public var killFile: String?
        public var freezer: String?
        public var listed: String

        public init(killFile: String?, freezer: String?, listed: String) {
            self.killFile = killFile
            self.freezer = freezer
            self.listed = listed
        }
    }

    /// Tells the sentinel (starting it if needed) to kill everything in the cgroup too if
    /// tandem dies: processes that left their process group (`setsid`) are still in it.
    public static func guardCgroup(_ target: CgroupTarget) throws(OSError) {
        let fd = try descriptor()
        let sent = tandem_sentinel_send_cgroup(fd, target.killFile ?? "", target.freezer ?? "", target.listed)
        if sent != 0 { throw OSError.current("tell the orphan sentinel about cgroup \(target.listed)") }
    }

    /// Tells the sentinel that a process group is no longer ours to clean up.
    static func retire(processGroup: Int32) {
        let fd = channel.withLock { $0 }
        if fd >= 0 { _ = tandem_sentinel_send(fd, processGroup, 0) }
    }
}
