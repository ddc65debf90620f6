/// Reads an RFC 3339 timestamp (`2026-11-30T06:00:01Z`, `…01.123456789Z`, `…01+02:00`) as Go's lenient
/// `RFC3339Nano` layout does: any number of fractional digits (the first nine kept), `Z`/`z` or a `±hh:mm`
/// offset, `T` or `t` between date and time.
///
/// It exists so that `tandem logs`/`describe` (TandemRecords' `RecordTime`) and `tandem timeline`
/// (TandemTimeline) read the times of records and events the same way from one copy; it is in TandemAPI
/// because that is the module below both. Hand-written because Foundation's ISO 8601 formatter keeps only
/// milliseconds and costs microseconds per call, which a 10,000-event timeline notices; `@inlinable` so each
/// caller gets it specialized for its string type.
public enum RFC3339Parser {
    /// Nanoseconds since the Unix epoch, or nil for text that is not such a timestamp or does not fit in
    /// an `Int64` of nanoseconds.
    @inlinable
    public static func nanosecondsSinceEpoch(_ text: some StringProtocol) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for index in start..<(start + count) {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == 45, let month = number(5, 2), bytes[7] == 45,
              let day = number(8, 2), bytes[10] == 84 || bytes[10] == 116,
              let hour = number(11, 2), bytes[13] == 58, let minute = number(14, 2), bytes[16] == 58,
              let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if bytes[index] == 46 {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 9 { fraction = fraction * 10 + Int64(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 9)..<9 { fraction *= 10 }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds: Int64 = 0
        if bytes[index] == 90 || bytes[index] == 122 {
            index += 1
        } else if bytes[index] == 43 || bytes[index] == 45, index + 6 <= bytes.count,
                  let offsetHours = number(index + 1, 2), bytes[index + 3] == 58, let offsetMinutes = number(index + 4, 2) {
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        return scaled + fraction
    }
}
