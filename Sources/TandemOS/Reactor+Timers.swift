import CTandemOS
#if canImport(Glibc)
import Glibc
#endif

/// Identifies a scheduled one-shot timer, for `Reactor.cancel`.
public struct TimerID: Hashable, Sendable {
    let rawValue: UInt64
}

extension Reactor {
    /// Runs `body` on the reactor thread once `SystemClock.monotonicNanoseconds()`
    /// has reached `deadline` (a past deadline fires as soon as possible).
    @discardableResult
    public func schedule(atMonotonicNanoseconds deadline: UInt64,
                         _ body: @escaping @Sendable () -> Void) -> TimerID {
        // timerfd treats a zero expiry as "disarm".
        let deadline = max(deadline, 1)
        return state.withLock { state in
            let id = state.nextTimerID
            state.nextTimerID += 1
            guard !state.stopping else { return TimerID(rawValue: id) }
            state.timerBodies[id] = body
            state.timers.insert(.init(deadline: deadline, id: id))
            if state.armedDeadline == 0 || deadline < state.armedDeadline {
                state.armedDeadline = deadline
                _ = tandem_timerfd_arm(timer, deadline)
            }
            return TimerID(rawValue: id)
        }
    }

    /// Runs `body` on the reactor thread after `delay`.
    @discardableResult
    public func schedule(after delay: Duration, _ body: @escaping @Sendable () -> Void) -> TimerID {
        schedule(atMonotonicNanoseconds: SystemClock.monotonicNanoseconds() &+ delay.clampedNanoseconds, body)
    }

    /// Cancels a timer; returns false if it already ran (or is running) or was cancelled.
    @discardableResult
    public func cancel(_ id: TimerID) -> Bool {
        state.withLock { $0.timerBodies.removeValue(forKey: id.rawValue) } != nil
    }

    func fireTimers() {
        var expirations: UInt64 = 0
        _ = read(timer, &expirations, 8)
        let now = SystemClock.monotonicNanoseconds()
        let due: [@Sendable () -> Void] = state.withLock { state in
            var due: [@Sendable () -> Void] = []
            while let first = state.timers.first {
                if state.timerBodies[first.id] == nil {
                    _ = state.timers.popFirst()
                    continue
                }
                if first.deadline > now { break }
                _ = state.timers.popFirst()
                if let body = state.timerBodies.removeValue(forKey: first.id) { due.append(body) }
            }
            let next = state.timers.first?.deadline ?? 0
            state.armedDeadline = next
            _ = tandem_timerfd_arm(timer, next)
            return due
        }
        for body in due { body() }
    }
}
