import TandemAPI

/// RFC 3339 rendering of an `Instant` with seconds precision (`2026-11-24T10:00:00Z`), as
/// Kubernetes prints `metav1.Time`, by pure arithmetic (no Foundation, no time zone database).
enum Timestamp {
    static func rfc3339(_ instant: Instant) -> String {
        var seconds = instant.nanosecondsSinceEpoch / 1_000_000_000
        if instant.nanosecondsSinceEpoch < 0, instant.nanosecondsSinceEpoch % 1_000_000_000 != 0 {
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let date = CivilDate(daysSinceEpoch: days)
        let (year, month, day) = (date.year, date.month, date.day)
        if (0...9999).contains(year) {
            // The common case, written digit by digit into 20 bytes: this runs for every
            // container timestamp of every published status, so it is on the decision's hot path.
            let fields: [(value: Int64, width: Int, separator: UInt8)] = [
                (year, 4, UInt8(ascii: "-")), (month, 2, UInt8(ascii: "-")), (day, 2, UInt8(ascii: "T")),
                (secondOfDay / 3600, 2, UInt8(ascii: ":")), (secondOfDay / 60 % 60, 2, UInt8(ascii: ":")),
                (secondOfDay % 60, 2, UInt8(ascii: "Z")),
            ]
            return String(unsafeUninitializedCapacity: 20) { buffer in
                var offset = 0
                for field in fields {
                    var rest = field.value
                    for position in stride(from: offset + field.width - 1, through: offset, by: -1) {
                        buffer[position] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                        rest /= 10
                    }
                    offset += field.width
                    buffer[offset] = field.separator
                    offset += 1
                }
                return offset
            }
        }
        let pad = CivilDate.zeroPadded
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }
}

extension Timestamp {
    /// RFC 3339 with exactly six fractional digits (`2026-11-30T06:00:01.123456Z`), as
    /// `metav1.MicroTime` prints (`eventTime`).
    static func rfc3339Micro(_ instant: Instant) -> String {
        var fraction = instant.nanosecondsSinceEpoch % 1_000_000_000
        if fraction < 0 { fraction += 1_000_000_000 }
        let micros = String(fraction / 1000)
        let whole = rfc3339(instant)
        return String(whole.dropLast()) + "." + String(repeating: "0", count: 6 - micros.count) + micros + "Z"
    }
}

extension Instant {
    /// RFC 3339 in whole seconds, as `metav1.Time` prints (`2026-11-30T06:00:01Z`).
    public var rfc3339: String { Timestamp.rfc3339(self) }
    /// RFC 3339 with microseconds, as `metav1.MicroTime` prints (`2026-11-30T06:00:01.123456Z`).
    public var rfc3339Micro: String { Timestamp.rfc3339Micro(self) }
}
