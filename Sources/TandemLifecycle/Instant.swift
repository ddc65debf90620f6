/// A point in time as the pod state machine sees it: nanoseconds since the Unix epoch.
///
/// The runtime derives it from a monotonic clock anchored once to the wall clock, so it never
/// goes backwards and can still be printed as an RFC 3339 timestamp in pod status. Tests use a
/// manual clock and any origin they like.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanosecondsSinceEpoch: Int64

    public init(nanosecondsSinceEpoch: Int64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }

    /// Saturating, as every operation here: a grace period or probe period near `Int64.max`
    /// seconds (valid in the API) is "never", not a trap.
    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanosecondsSinceEpoch: saturating(lhs.nanosecondsSinceEpoch.addingReportingOverflow(rhs.nanoseconds), sign: rhs.nanoseconds))
    }

    public static func - (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanosecondsSinceEpoch: saturating(lhs.nanosecondsSinceEpoch.subtractingReportingOverflow(rhs.nanoseconds),
                                                  sign: rhs.nanoseconds == .min ? 1 : -rhs.nanoseconds))
    }

    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        .nanoseconds(saturating(lhs.nanosecondsSinceEpoch.subtractingReportingOverflow(rhs.nanosecondsSinceEpoch),
                                sign: lhs < rhs ? -1 : 1))
    }

    /// The result, or the bound on the side of `sign` when it overflowed.
    static func saturating(_ result: (partialValue: Int64, overflow: Bool), sign: Int64) -> Int64 {
        guard result.overflow else { return result.partialValue }
        return sign < 0 ? .min : .max
    }

    public var description: String { "\(nanosecondsSinceEpoch)ns" }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating far beyond any grace period tandem handles).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let whole = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !whole.overflow else { return seconds < 0 ? .min : .max }
        return Instant.saturating(whole.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000), sign: seconds)
    }
}
