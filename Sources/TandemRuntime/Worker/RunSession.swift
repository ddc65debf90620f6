import Synchronization
import TandemAPI
import TandemLifecycle

/// Runs a set of pod workers side by side until every pod is finished, and turns tandem's own
/// SIGINT/SIGTERM into graceful deletion (a second SIGINT kills at once, like `docker compose`).
public final class RunSession: Sendable {
    private struct State {
        var workers: [PodWorker] = []
        var phases: [String: String] = [:]
        var interrupts = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var remaining = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Adds a worker; the session waits for it to finish.
    public func add(_ worker: PodWorker) {
        state.withLock { state in
            state.workers.append(worker)
            state.remaining += 1
        }
    }

    /// Records that a pod reached its terminal phase; wakes `waitUntilFinished` after the last one.
    public func podFinished(_ name: String, phase: String) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.phases[name] == nil else { return [] }
            state.phases[name] = phase
            state.remaining -= 1
            guard state.remaining <= 0 else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Starts every added worker.
    public func startAll() {
        for worker in state.withLock({ $0.workers }) { worker.start() }
    }

    /// A deletion request (SIGTERM, or the first SIGINT): every pod terminates gracefully.
    /// `forceOnRepeat`: a repeated request kills everything at once.
    public func deleteAll(forceOnRepeat: Bool) {
        let (workers, count) = state.withLock { state -> ([PodWorker], Int) in
            state.interrupts += 1
            return (state.workers, state.interrupts)
        }
        for worker in workers {
            if forceOnRepeat && count > 1 {
                worker.killNow()
            } else {
                worker.delete()
            }
        }
    }

    /// Returns once every pod has finished.
    public func waitUntilFinished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.remaining <= 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// The terminal phase of each pod, by name.
    public var phases: [String: String] {
        state.withLock { $0.phases }
    }
}
