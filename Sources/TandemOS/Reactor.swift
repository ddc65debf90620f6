import CTandemOS
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The one thread that supervises every child process and every output pipe.
///
/// A single epoll loop watches each child's pidfd (and reaps exactly that child
/// with `waitid`, never `waitpid(-1)`), arbitrary descriptors for readability,
/// one timerfd for all one-shot timers, and an eventfd for work handed over
/// from other threads. There is no thread per child and no polling. Every
/// callback runs on the reactor thread, one at a time, so callbacks must be
/// short and must not block; they may call back into the reactor.
///
/// Children are cloned *on the reactor thread* (other threads hand the prepared
/// request over and wait, tens of microseconds): PR_SET_PDEATHSIG fires when
/// the creating *thread* exits, and pool threads come and go, while this thread
/// lives as long as the reactor. `shutdown()` SIGKILLs and reaps children that
/// are still running.
public final class Reactor: Sendable {
    let epoll: Int32
    let wake: Int32
    let timer: Int32
    let devNull: Int32
    let sentinel: Int32
    /// Scratch stack for the cloned child; spawns are serialized on our thread
    /// and the clone returns only after exec, so one stack serves them all.
    let childStack: UnsafeMutableRawPointerBox
    let state = Mutex(ReactorState())
    private let threadID = Atomic<UInt>(0)
    private let thread = Mutex<pthread_t?>(nil)

    static let childStackSize = 256 * 1024

    /// Starts the reactor thread (and the orphan sentinel, once per process).
    public init() throws(OSError) {
        sentinel = try OrphanSentinel.descriptor()
        Reactor.raiseDescriptorLimit()

        var opened: [Int32] = []
        func check(_ fd: Int32, _ what: String) throws(OSError) -> Int32 {
            guard fd >= 0 else {
                let error = OSError.current(what)
                for fd in opened { close(fd) }
                throw error
            }
            opened.append(fd)
            return fd
        }
        epoll = try check(tandem_epoll_create(), "epoll_create1")
        wake = try check(tandem_eventfd(), "eventfd")
        timer = try check(tandem_timerfd_create(), "timerfd_create")
        devNull = try check(open("/dev/null", O_RDWR | O_CLOEXEC), "open /dev/null")
        let stack = mmap(nil, Reactor.childStackSize, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0)
        guard let stack, stack != MAP_FAILED else {
            let error = OSError.current("mmap child stack")
            for fd in opened { close(fd) }
            throw error
        }
        childStack = UnsafeMutableRawPointerBox(stack)

        guard tandem_epoll_add(epoll, wake, ReactorState.wakeToken) == 0,
              tandem_epoll_add(epoll, timer, ReactorState.timerToken) == 0 else {
            let error = OSError.current("epoll_ctl")
            for fd in opened { close(fd) }
            munmap(stack, Reactor.childStackSize)
            throw error
        }

        let context = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { context in
            guard let context else { return nil }
            let reactor = Unmanaged<Reactor>.fromOpaque(context).takeRetainedValue()
            reactor.run()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<Reactor>.fromOpaque(context).release()
            for fd in opened { close(fd) }
            munmap(stack, Reactor.childStackSize)
            throw OSError("pthread_create", errno: rc)
        }
        threadID.store(UInt(handle), ordering: .releasing)
        thread.withLock { $0 = handle }
    }

    deinit {
        close(epoll)
        close(wake)
        close(timer)
        close(devNull)
        munmap(childStack.pointer, Reactor.childStackSize)
    }

    /// True when called from a reactor callback.
    public var isOnReactorThread: Bool {
        threadID.load(ordering: .acquiring) == UInt(pthread_self())
    }

    /// Runs `body` on the reactor thread soon (immediately if already on it).
    /// Returns false, without running it, once the reactor is stopping.
    @discardableResult
    public func execute(_ body: @escaping @Sendable () -> Void) -> Bool {
        if isOnReactorThread {
            body()
            return true
        }
        let accepted = state.withLock { state in
            guard !state.stopping else { return false }
            state.jobs.append(body)
            return true
        }
        if accepted { signalWake() }
        return accepted
    }

    /// Stops the loop: children still running are SIGKILLed (with their process
    /// groups) and reaped without calling their `onExit`; watched descriptors are
    /// closed; pending timers are dropped. Waits for the thread unless called
    /// from a callback. Idempotent.
    public func shutdown() {
        let first = state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        if first { signalWake() }
        let handle: pthread_t? = thread.withLock { handle in
            defer { handle = nil }
            return handle
        }
        guard let handle else { return }
        // A thread cannot join itself: let it clean up after itself instead.
        if isOnReactorThread { pthread_detach(handle) } else { pthread_join(handle, nil) }
    }

    func signalWake() {
        var one: UInt64 = 1
        _ = write(wake, &one, 8)
    }

    // MARK: The loop

    private func run() {
        threadID.store(UInt(pthread_self()), ordering: .releasing)
        tandem_set_thread_name("tandem-reactor")
        let capacity = 256
        var tokens = [UInt64](repeating: 0, count: capacity)
        var events = [UInt32](repeating: 0, count: capacity)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }

        while true {
            let count = tokens.withUnsafeMutableBufferPointer { t in
                events.withUnsafeMutableBufferPointer { e in
                    tandem_epoll_wait(epoll, t.baseAddress, e.baseAddress, Int32(capacity), -1)
                }
            }
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in 0..<Int(count) {
                switch tokens[index] {
                case ReactorState.wakeToken: drainWake()
                case ReactorState.timerToken: fireTimers()
                default: dispatch(token: tokens[index], buffer: buffer)
                }
            }
            if state.withLock({ $0.stopping }) { break }
        }
        tearDown()
    }

    private func drainWake() {
        var counter: UInt64 = 0
        _ = read(wake, &counter, 8)
        let jobs = state.withLock { state in
            defer { state.jobs.removeAll(keepingCapacity: true) }
            return state.jobs
        }
        for job in jobs { job() }
    }

    private func dispatch(token: UInt64, buffer: UnsafeMutableRawBufferPointer) {
        guard let registration = state.withLock({ $0.registrations[token] }) else { return }
        switch registration {
        case .child(let child): childBecameReadable(token: token, child)
        case .readable(let readable): descriptorBecameReadable(token: token, readable, buffer: buffer)
        }
    }

    /// Removes a registration and its epoll interest; true if it was still there.
    func unregister(token: UInt64, fd: Int32) -> Bool {
        let removed = state.withLock { $0.registrations.removeValue(forKey: token) } != nil
        if removed { _ = tandem_epoll_del(epoll, fd) }
        return removed
    }

    private func tearDown() {
        let (registrations, jobs, signals, signalWriteEnd) = state.withLock { state in
            state.stopped = true
            defer {
                state.registrations.removeAll()
                state.jobs.removeAll()
                state.timerBodies.removeAll()
                state.timers = TimerHeap()
            }
            return (state.registrations, state.jobs, state.forwardedSignals, state.signalWriteEnd)
        }
        // Jobs queued before the stop still run: a waiting spawn must be answered.
        for job in jobs { job() }
        if !signals.isEmpty {
            signals.withUnsafeBufferPointer { tandem_restore_signals($0.baseAddress, $0.count) }
            close(signalWriteEnd)
        }
        for registration in registrations.values {
            switch registration {
            case .child(let child):
                if child.killGroupOnExit { kill(-child.process.processGroup, SIGKILL) }
                kill(child.process.pid, SIGKILL)
                var exit = tandem_exit()
                _ = tandem_reap_blocking(child.pidfd, child.process.pid, &exit)
                close(child.pidfd)
                OrphanSentinel.retire(processGroup: child.process.processGroup)
            case .readable(let readable):
                close(readable.fd)
            }
        }
    }

    /// Containers and 1,000 children need more descriptors than the usual soft
    /// limit of 1,024 (each child costs a pidfd plus its pipes).
    private static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    }
}

/// A raw pointer that is only ever used by the reactor thread.
struct UnsafeMutableRawPointerBox: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }
}
