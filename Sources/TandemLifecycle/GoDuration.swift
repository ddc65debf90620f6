/// Go's `time.Duration.String()` for the back-off messages the kubelet prints (`10s`, `5m0s`, `1m20s`).
enum GoDuration {
    static func format(_ duration: Duration) -> String {
        let nanos = duration.nanoseconds
        if nanos == 0 { return "0s" }
        if nanos < 1_000_000_000 {
            if nanos % 1_000_000 == 0 { return "\(nanos / 1_000_000)ms" }
            return "\(fraction(nanos, unit: 1_000_000))ms"
        }
        let totalSeconds = nanos / 1_000_000_000
        let subsecond = nanos % 1_000_000_000
        let hours = totalSeconds / 3600
        let minutes = totalSeconds / 60 % 60
        let seconds = totalSeconds % 60
        var secondsText = String(seconds)
        if subsecond != 0 {
            secondsText = fraction(seconds * 1_000_000_000 + subsecond, unit: 1_000_000_000)
        }
        if hours > 0 { return "\(hours)h\(minutes)m\(secondsText)s" }
        if minutes > 0 { return "\(minutes)m\(secondsText)s" }
        return "\(secondsText)s"
    }

    /// `value / unit` with the fractional digits Go prints (trailing zeros trimmed).
    private static func fraction(_ value: Int64, unit: Int64) -> String {
        var digits = String(value % unit)
        let width = String(unit).count - 1
        digits = String(repeating: "0", count: max(0, width - digits.count)) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(value / unit)" + (digits.isEmpty ? "" : "." + digits)
    }
}
