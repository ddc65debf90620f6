import Glibc

/// Go's `time.Parse(time.RFC3339, text)` as kubectl's `--since-time` calls it
/// (`util.ParseRFC3339`: RFC3339Nano, then RFC3339; both accept the same texts), with Go's
/// error text.
///
/// Not `RecordTime(rfc3339:)`, which reads what tandem itself wrote: a flag must take what Go
/// takes and refuse what Go refuses. Go's general parser is lenient where its RFC 3339 fast path
/// is not: a one-digit hour (`T1:00:00Z`), a comma before the fraction, zone offsets up to
/// `+24:00` (`+25:00` is "time zone offset hour out of range"); it refuses lower-case `t`/`z`,
/// second 60, and days past the month's end. Years 0000–9999 are valid: an instant outside
/// `RecordTime`'s range (about 1678–2262) is clamped to its first or last nanosecond, which
/// selects the same log records (all of them, or none).
public enum GoRFC3339 {
    /// Go's `time.RFC3339` layout, quoted in its errors.
    public static let layout = "2006-01-02T15:04:05Z07:00"

    /// The instant of `text`, or Go's `*time.ParseError` text (`parsing time "x" as "…": cannot
    /// parse "x" as "2006"`, `parsing time "…": month out of range`).
    public static func parse(_ text: String) -> Result<RecordTime, Failure> {
        let bytes = Array(text.utf8)
        var rest = bytes[...]
        func cannot(_ element: String) -> Result<RecordTime, Failure> {
            .failure(Failure(description: "parsing time \(quote(bytes[...])) as \(quote(Array(layout.utf8)[...])): cannot parse \(quote(rest)) as \(quote(Array(element.utf8)[...]))"))
        }
        func outOfRange(_ what: String) -> Result<RecordTime, Failure> {
            .failure(Failure(description: "parsing time \(quote(bytes[...])): \(what) out of range"))
        }
        func isDigit(_ offset: Int) -> Bool {
            let index = rest.startIndex + offset
            return index < rest.endIndex && rest[index] >= 48 && rest[index] <= 57
        }
        func digit(_ offset: Int) -> Int { Int(rest[rest.startIndex + offset] - 48) }
        /// Go's `getnum`: one or two digits (two when `fixed`).
        func number(fixed: Bool) -> Int? {
            guard isDigit(0) else { return nil }
            guard isDigit(1) else {
                if fixed { return nil }
                defer { rest = rest.dropFirst() }
                return digit(0)
            }
            defer { rest = rest.dropFirst(2) }
            return digit(0) * 10 + digit(1)
        }
        func skip(_ literal: UInt8) -> Bool {
            guard rest.first == literal else { return false }
            rest = rest.dropFirst()
            return true
        }
        // 2006
        guard rest.count >= 4, (0..<4).allSatisfy(isDigit) else { return cannot("2006") }
        let year = (0..<4).reduce(0) { $0 * 10 + digit($1) }
        rest = rest.dropFirst(4)
        guard skip(45) else { return cannot("-") }
        guard let month = number(fixed: true) else { return cannot("01") }
        guard (1...12).contains(month) else { return outOfRange("month") }
        guard skip(45) else { return cannot("-") }
        guard let day = number(fixed: true) else { return cannot("02") }
        guard skip(84) else { return cannot("T") }
        guard let hour = number(fixed: false) else { return cannot("15") }
        guard hour < 24 else { return outOfRange("hour") }
        guard skip(58) else { return cannot(":") }
        guard let minute = number(fixed: true) else { return cannot("04") }
        guard minute < 60 else { return outOfRange("minute") }
        guard skip(58) else { return cannot(":") }
        guard let second = number(fixed: true) else { return cannot("05") }
        guard second < 60 else { return outOfRange("second") }
        var nanoseconds: Int64 = 0
        if let mark = rest.first, mark == 46 || mark == 44, isDigit(1) {
            var count = 1
            while isDigit(count) { count += 1 }
            // Go reads at most nine digits and drops the rest.
            for offset in 1..<min(count, 10) { nanoseconds = nanoseconds * 10 + Int64(digit(offset)) }
            for _ in min(count, 10)..<10 { nanoseconds *= 10 }
            rest = rest.dropFirst(count)
        }
        // Z07:00
        var offsetSeconds = 0
        if rest.first == 90 {
            rest = rest.dropFirst()
        } else {
            let zone = rest
            guard rest.count >= 6, rest[rest.startIndex + 3] == 58 else { return cannot("Z07:00") }
            let sign = rest[rest.startIndex]
            rest = rest.dropFirst()
            // As Go: both numbers read, then range errors before syntax errors.
            let hoursRead = number(fixed: true)
            rest = zone.dropFirst(4)
            let minutesRead = hoursRead == nil ? nil : number(fixed: true)
            if let hoursRead, hoursRead > 24 { return outOfRange("time zone offset hour") }
            if let minutesRead, minutesRead > 60 { return outOfRange("time zone offset minute") }
            guard let offsetHours = hoursRead, let offsetMinutes = minutesRead, sign == 43 || sign == 45 else {
                rest = zone
                return cannot("Z07:00")
            }
            rest = zone.dropFirst(6)
            offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60 * (sign == 45 ? -1 : 1)
        }
        guard rest.isEmpty else {
            return .failure(Failure(description: "parsing time \(quote(bytes[...])): extra text: \(quote(rest))"))
        }
        guard day >= 1, day <= daysIn(month: month, year: year) else { return outOfRange("day") }
        // timegm does the calendar (proleptic Gregorian, any year) without code of our own.
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int64(timegm(&parts)) - Int64(offsetSeconds)
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .success(RecordTime(nanosecondsSinceEpoch: seconds < 0 ? .min : .max)) }
        let (total, overflowTotal) = scaled.addingReportingOverflow(nanoseconds)
        return .success(RecordTime(nanosecondsSinceEpoch: overflowTotal ? .max : total))
    }

    /// Go's `time.ParseError`, as its `Error()` prints it.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        if month == 2 { return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28 }
        return [4, 6, 9, 11].contains(month) ? 30 : 31
    }

    /// The `quote` of Go's time package: ASCII kept (with `"` and `\` escaped), every byte of
    /// a control or non-ASCII character as `\xNN`.
    static func quote(_ bytes: ArraySlice<UInt8>) -> String {
        var out = "\""
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar.value >= 0x80 || scalar.value < 0x20 {
                for byte in String(scalar).utf8 {
                    let hex = String(byte, radix: 16)
                    out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                }
            } else {
                if scalar == "\"" || scalar == "\\" { out += "\\" }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
