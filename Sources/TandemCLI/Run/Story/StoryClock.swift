import TandemLifecycle

/// Offsets from the launch of the run, as the terminal prints them: `+1.006s` (millisecond precision).
struct StoryClock: Sendable {
    var launch: Instant

    func offset(_ instant: Instant) -> String {
        let milliseconds = max(0, (instant - launch).nanoseconds / 1_000_000)
        let fraction = String(milliseconds % 1000)
        return "+\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)s"
    }
}
