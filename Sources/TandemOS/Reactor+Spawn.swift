import CTandemOS
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

extension Reactor {
    /// Starts a process and supervises it.
    ///
    /// The child gets its own process group, default signal dispositions and an
    /// empty signal mask, stdin on /dev/null, stdout/stderr as requested, no
    /// other descriptors, PR_SET_PDEATHSIG(SIGKILL), and is registered with the
    /// orphan sentinel before it execs. A failing step (exec included) throws
    /// and leaves no zombie behind.
    ///
    /// `onExit` runs once on the reactor thread after the child has been reaped
    /// (and, with `killProcessGroupOnExit`, after its group was SIGKILLed). It
    /// may run before `spawn` has returned to a caller on another thread.
    public func spawn(_ request: SpawnRequest,
                      onExit: @escaping @Sendable (ProcessExit) -> Void) throws(SpawnError) -> ChildProcess {
        let prepared = try PreparedSpawn(request, devNull: devNull, sentinel: sentinel)
        if isOnReactorThread {
            return try performSpawn(prepared, onExit: onExit).get()
        }
        let handoff = SpawnHandoff()
        let accepted = execute { [self] in
            handoff.complete(performSpawn(prepared, onExit: onExit))
        }
        guard accepted else { throw SpawnError(step: .reactorStopped, errno: 0, subject: request.executable) }
        return try handoff.wait().get()
    }

    /// The clone itself, on the reactor thread.
    private func performSpawn(_ prepared: PreparedSpawn,
                              onExit: @escaping @Sendable (ProcessExit) -> Void) -> Result<ChildProcess, SpawnError> {
        let request = prepared.request
        if state.withLock({ $0.stopped }) {
            return .failure(SpawnError(step: .reactorStopped, errno: 0, subject: request.executable))
        }
        // A process that enters another's namespaces needs that process's pidfd, which only
        // this thread holds (and closes once it reaped the process).
        if case .join(let target, _, _) = request.isolation {
            let found = state.withLock { state in
                state.registrations.values.lazy.compactMap { registration -> Int32? in
                    if case .child(let child) = registration, child.process.pid == target { return child.pidfd }
                    return nil
                }.first
            }
            guard let found else { return .failure(SpawnError(step: .setns, errno: ESRCH, subject: "pid \(target)")) }
            prepared.attr.pointee.join_pidfd = found
        }
        var pid: pid_t = 0
        var pidfd: Int32 = -1
        guard tandem_spawn(prepared.attr, childStack.pointer, Reactor.childStackSize, &pid, &pidfd) == 0 else {
            return .failure(SpawnError(reportedBy: prepared.attr.pointee, request: request))
        }
        let process = ChildProcess(pid: pid, processGroup: pid)
        let child = ReactorState.Child(process: process, pidfd: pidfd,
                                       killGroupOnExit: request.killProcessGroupOnExit, onExit: onExit)
        // We are the only thread that handles events, so registering after the
        // clone cannot miss the exit.
        let token = state.withLock { state in
            let token = state.makeToken()
            state.registrations[token] = .child(child)
            return token
        }
        if tandem_epoll_add(epoll, pidfd, token) != 0 {
            // Cannot watch it: do not leave an unsupervised process behind.
            _ = state.withLock { $0.registrations.removeValue(forKey: token) }
            let code = errno
            kill(-pid, SIGKILL)
            var exit = tandem_exit()
            _ = tandem_reap_blocking(pidfd, pid, &exit)
            close(pidfd)
            OrphanSentinel.retire(processGroup: pid)
            return .failure(SpawnError(step: .clone, errno: code, subject: request.executable))
        }
        return .success(process)
    }

    /// A pidfd became readable: the child has exited.
    func childBecameReadable(token: UInt64, _ child: ReactorState.Child) {
        var exit = tandem_exit()
        let reaped = tandem_reap(child.pidfd, child.process.pid, &exit)
        if reaped == 0 { return }
        guard unregister(token: token, fd: child.pidfd) else { return }
        close(child.pidfd)
        let status: ProcessExit
        if reaped < 0 {
            // Somebody else reaped it (a stray waitpid(-1)): the status is lost.
            status = .exited(255)
        } else if exit.exited != 0 {
            status = .exited(exit.status)
        } else {
            status = .signaled(exit.status, coreDumped: exit.core_dumped != 0)
        }
        if child.killGroupOnExit { kill(-child.process.processGroup, SIGKILL) }
        OrphanSentinel.retire(processGroup: child.process.processGroup)
        child.onExit(status)
    }
}

/// Carries one spawn result from the reactor thread back to a waiting caller.
/// A POSIX semaphore: uncontended it costs no system call, and it is safe to
/// block a pool thread on for the few tens of microseconds a spawn takes.
final class SpawnHandoff: @unchecked Sendable {
    // @unchecked: `result` is written before sem_post and read after sem_wait,
    // which orders the two accesses.
    private let semaphore: UnsafeMutablePointer<sem_t>
    private var result: Result<ChildProcess, SpawnError>?

    init() {
        semaphore = .allocate(capacity: 1)
        sem_init(semaphore, 0, 0)
    }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    func complete(_ result: Result<ChildProcess, SpawnError>) {
        self.result = result
        sem_post(semaphore)
    }

    func wait() -> Result<ChildProcess, SpawnError> {
        while sem_wait(semaphore) != 0 && errno == EINTR {}
        return result ?? .failure(SpawnError(step: .reactorStopped, errno: 0, subject: ""))
    }
}
