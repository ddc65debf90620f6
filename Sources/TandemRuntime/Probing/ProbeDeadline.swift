import Synchronization

/// When a network check must give up, plus a flag a cancelled task sets so a check without
/// a timeout (an HTTP lifecycle hook) still stops promptly.
///
/// Blocking socket code polls in slices of at most `pollSlice`, so cancellation is noticed
/// within that time even when there is no deadline.
public struct ProbeDeadline: Sendable {
    public let instant: ContinuousClock.Instant?
    let cancellation: CancellationFlag

    static let pollSlice: Duration = .milliseconds(250)

    public init(after timeout: Duration?, cancellation: CancellationFlag = CancellationFlag()) {
        self.instant = timeout.map { ContinuousClock.now.advanced(by: $0) }
        self.cancellation = cancellation
    }

    /// True once the deadline passed or the work was cancelled.
    var isOver: Bool {
        if cancellation.isCancelled { return true }
        guard let instant else { return false }
        return ContinuousClock.now >= instant
    }

    /// Milliseconds to hand to `poll()`: what remains, capped to one slice.
    var pollMilliseconds: Int32 {
        var wait = Self.pollSlice
        if let instant {
            let remaining = instant - ContinuousClock.now
            if remaining < wait { wait = remaining }
        }
        if wait <= .zero { return 0 }
        let (seconds, attoseconds) = wait.components
        return Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000) + 1
    }
}

/// A thread-safe "stop now" flag shared between an async task and the blocking code it runs.
public final class CancellationFlag: Sendable {
    private let cancelled = Atomic<Bool>(false)

    public init() {}

    public var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    public func cancel() { cancelled.store(true, ordering: .releasing) }
}
