/// Durations as people read them on an axis or in a tooltip: `0`, `250ms`, `1.5s`, `2m`, `1m30s`, `1h5m`.
public enum TimeText {
    public static func format(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let sign = nanoseconds < 0 ? "-" : ""
        let value = nanoseconds.magnitude
        if value < 1_000_000 { return "\(sign)\(value / 1000)µs" }
        if value < 1_000_000_000 {
            return sign + trimmed(Double(value) / 1e6, decimals: value < 10_000_000 ? 1 : 0) + "ms"
        }
        if value < 60_000_000_000 {
            return sign + trimmed(Double(value) / 1e9, decimals: 3) + "s"
        }
        let totalSeconds = value / 1_000_000_000
        let hours = totalSeconds / 3600
        let minutes = (totalSeconds % 3600) / 60
        let seconds = totalSeconds % 60
        var text = sign
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if seconds > 0 && hours == 0 { text += "\(seconds)s" }
        return text
    }

    /// `value` with at most `decimals` decimals, trailing zeros dropped.
    static func trimmed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if text.contains("e") { return String(Int64(rounded)) }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
