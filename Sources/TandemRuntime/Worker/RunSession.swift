import Synchronization
import TandemAPI
import TandemLifecycle

/// Runs a set of units (pods, Jobs) side by side until every one has finished, and turns
/// tandem's own SIGINT/SIGTERM into graceful deletion (a second SIGINT kills at once, like
/// `docker compose`).
public final class RunSession: Sendable {
    /// Something the session runs: how to start, delete and kill it.
    public struct Unit: Sendable {
        public var name: String
        public var start: @Sendable () -> Void
        public var delete: @Sendable () -> Void
        public var kill: @Sendable () -> Void

        public init(
            name: String,
            start: @escaping @Sendable () -> Void,
            delete: @escaping @Sendable () -> Void,
            kill: @escaping @Sendable () -> Void
        ) {
            self.name = name
            self.start = start
            self.delete = delete
            self.kill = kill
        }

        /// A pod worker as a unit.
        public init(_ worker: PodWorker) {
            self.init(name: worker.name, start: worker.start, delete: { worker.delete() }, kill: worker.killNow)
        }
    }

    private struct State {
        var units: [Unit] = []
        var outcomes: [String: Bool] = [:]
        var interrupts = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init() {}

    public func add(_ unit: Unit) {
        state.withLock { $0.units.append(unit) }
    }

    /// Records that a unit finished (`succeeded`: phase Succeeded, or the Job completed);
    /// wakes `waitUntilFinished` after the last one.
    public func finished(_ name: String, succeeded: Bool) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.outcomes[name] == nil else { return [] }
            state.outcomes[name] = succeeded
            guard state.outcomes.count >= state.units.count else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    public func startAll() {
        for unit in state.withLock({ $0.units }) { unit.start() }
    }

    /// A deletion request (SIGTERM, or SIGINT): every unit terminates gracefully; with
    /// `forceOnRepeat`, a repeated request kills everything at once.
    public func deleteAll(forceOnRepeat: Bool) {
        let (units, count) = state.withLock { state -> ([Unit], Int) in
            state.interrupts += 1
            return (state.units, state.interrupts)
        }
        for unit in units {
            if forceOnRepeat && count > 1 { unit.kill() } else { unit.delete() }
        }
    }

    /// Returns once every unit has finished.
    public func waitUntilFinished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.outcomes.count >= state.units.count { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// True when every unit succeeded.
    public var allSucceeded: Bool {
        state.withLock { state in state.outcomes.count == state.units.count && state.outcomes.values.allSatisfy { $0 } }
    }
}
