import Glibc
import TandemAPI

/// An instant read from a record (a CRI log line, an event, a status), as nanoseconds since the
/// Unix epoch. Parsed and printed by arithmetic, as Go's `time` package does for the layouts
/// Kubernetes uses: RFC 3339 with any fraction in, `RFC3339NanoFixed` and `RFC1123Z` out.
public struct RecordTime: Comparable, Hashable, Sendable {
    public var nanosecondsSinceEpoch: Int64

    public init(nanosecondsSinceEpoch: Int64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    public static func < (lhs: RecordTime, rhs: RecordTime) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }

    /// The wall clock now (`CLOCK_REALTIME`).
    public static func now() -> RecordTime {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return RecordTime(nanosecondsSinceEpoch: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }

    /// Parses RFC 3339 (`2026-11-30T06:00:01Z`, `…01.123456789Z`, `…01+02:00`), Go's
    /// `RFC3339Nano` lenient layout; nil for anything else.
    public init?(rfc3339 text: some StringProtocol) {
        guard let nanoseconds = RFC3339Parser.nanosecondsSinceEpoch(text) else { return nil }
        nanosecondsSinceEpoch = nanoseconds
    }

    /// Go's `RFC3339NanoFixed` in UTC (`2026-11-30T06:00:01.123456789Z`), as the kubelet prints
    /// `--timestamps`.
    public var rfc3339NanoFixed: String {
        let (seconds, nanos) = split
        let date = CivilDate(daysSinceEpoch: seconds.floorDiv(86_400))
        let secondOfDay = seconds - seconds.floorDiv(86_400) * 86_400
        let pad = CivilDate.zeroPadded
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(nanos, 9))Z"
    }

    /// Go's `time.RFC1123Z` in the local time zone (`Mon, 30 Nov 2026 06:00:01 +0000`), as
    /// kubectl describe prints start and finish times (metav1.Time is converted to local time).
    public var rfc1123Z: String {
        var seconds = time_t(split.seconds)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let offset = Int64(parts.tm_gmtoff) / 60
        let sign = offset < 0 ? "-" : "+"
        let pad = CivilDate.zeroPadded
        return "\(days[Int(parts.tm_wday)]), \(pad(Int64(parts.tm_mday), 2)) \(months[Int(parts.tm_mon)]) "
            + "\(pad(Int64(parts.tm_year) + 1900, 4)) \(pad(Int64(parts.tm_hour), 2)):"
            + "\(pad(Int64(parts.tm_min), 2)):\(pad(Int64(parts.tm_sec), 2)) "
            + "\(sign)\(pad(abs(offset) / 60, 2))\(pad(abs(offset) % 60, 2))"
    }

    private var split: (seconds: Int64, nanos: Int64) {
        let seconds = nanosecondsSinceEpoch.floorDiv(1_000_000_000)
        return (seconds, nanosecondsSinceEpoch - seconds * 1_000_000_000)
    }
}

extension Int64 {
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
