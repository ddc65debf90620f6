/// apimachinery's `duration.HumanDuration`: the "Age" kubectl prints, ~2–3 significant figures
/// (`45s`, `2m5s`, `12m`, `3h20m`, `2d4h`, `1y30d`); `0s` up to 2 s in the future (clock skew),
/// `<invalid>` beyond.
public enum HumanDuration {
    /// - Parameter nanoseconds: the elapsed time (negative when the instant lies ahead).
    public static func format(nanoseconds: Int64) -> String {
        let seconds = nanoseconds / 1_000_000_000
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 * 2 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let rest = seconds % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let rest = (hours / 24) % 365
            return rest == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(rest)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// kubectl's `translateTimestampSince`: `<unknown>` without a time.
    public static func since(_ time: RecordTime?, now: RecordTime) -> String {
        guard let time else { return "<unknown>" }
        return format(nanoseconds: now.nanosecondsSinceEpoch &- time.nanosecondsSinceEpoch)
    }
}
