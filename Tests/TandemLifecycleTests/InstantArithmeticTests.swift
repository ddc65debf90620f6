import Testing
@testable import TandemLifecycle

/// Grace periods and probe timings are Int64/Int32 seconds in the API, so a valid pod can ask
/// for `Int64.max` seconds: the arithmetic saturates ("never") instead of trapping.
@Suite struct InstantArithmeticTests {
    @Test func durationsBeyondInt64NanosecondsSaturate() {
        #expect(Duration.seconds(Int64.max).nanoseconds == .max)
        #expect(Duration.seconds(Int64.min).nanoseconds == .min)
        #expect(Duration.seconds(9_223_372_036).nanoseconds == 9_223_372_036_000_000_000)
        #expect(Duration.milliseconds(1_500).nanoseconds == 1_500_000_000)
    }

    @Test func instantsSaturateInsteadOfTrapping() {
        #expect(t0 + .seconds(Int64.max) == Instant(nanosecondsSinceEpoch: .max))
        #expect(Instant(nanosecondsSinceEpoch: -10) - .seconds(Int64.max) == Instant(nanosecondsSinceEpoch: .min))
        #expect(t0 - .seconds(Int64.max) == Instant(nanosecondsSinceEpoch: 1_795_000_000_000_000_000 - .max))
        #expect(t0 - .nanoseconds(Int64.min) == Instant(nanosecondsSinceEpoch: .max))
        #expect(Instant(nanosecondsSinceEpoch: .min) - Instant(nanosecondsSinceEpoch: .max) == .nanoseconds(Int64.min))
        #expect(Instant(nanosecondsSinceEpoch: .max) - Instant(nanosecondsSinceEpoch: .min) == .nanoseconds(Int64.max))
        #expect(t0 + .seconds(2) - t0 == .seconds(2))
    }

    /// Deleting a pod whose grace period is `Int64.max` seconds used to trap computing the deadline.
    @Test func aDeletionWithTheLargestGraceDoesNotTrap() {
        var pod = Transcript(pod([], [container("app")], policy: "Never", grace: .max))
        pod.send(.admitted)
        pod.started("app")
        let lines = pod.send(.deletionRequested(gracePeriodSeconds: nil)).lines
        #expect(lines.contains("TERM app#0"))
    }
}
