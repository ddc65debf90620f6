import CTandemOS

/// The two clocks the runtime needs: a monotonic one for deadlines and timers
/// (the `Reactor` schedules on it) and the wall clock for timestamps shown to users.
public enum SystemClock {
    /// CLOCK_MONOTONIC in nanoseconds; the time base of `Reactor.schedule(at:)`.
    public static func monotonicNanoseconds() -> UInt64 { tandem_monotonic_ns() }

    /// CLOCK_REALTIME in nanoseconds since the Unix epoch.
    public static func realtimeNanoseconds() -> Int64 { tandem_realtime_ns() }
}

extension Duration {
    /// Whole nanoseconds, negative durations clamped to zero.
    var clampedNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return UInt64.max / 2 }
        return whole &+ UInt64(attoseconds / 1_000_000_000)
    }
}
