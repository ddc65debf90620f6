/// A date of the proleptic Gregorian calendar, to and from days since 1970-01-01, by Howard Hinnant's
/// `civil_from_days` and `days_from_civil`: pure arithmetic, no Foundation, no time zone database.
///
/// It exists so that the modules that print and read Kubernetes timestamps (TandemLifecycle's status and
/// event times, TandemRecords' log and event times) share one copy of the calendar; it is in TandemAPI
/// because that is the module below both. `@inlinable` because TandemLifecycle prints a timestamp for every
/// container of every published status, on the lifecycle decision's hot path.
public struct CivilDate: Equatable, Sendable {
    public var year: Int64
    /// 1 to 12.
    public var month: Int64
    /// 1 to 31.
    public var day: Int64

    @inlinable
    public init(year: Int64, month: Int64, day: Int64) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01 (before it when negative): Hinnant's `civil_from_days`.
    @inlinable
    public init(daysSinceEpoch days: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days from 1970-01-01 to this date (negative before it): Hinnant's `days_from_civil`.
    @inlinable
    public var daysSinceEpoch: Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `value` in decimal with leading zeros to at least `width` digits (`2026`, `06`, `000123456`), as Go's
    /// `time` package prints the fields of a layout. A negative value gets the zeros ahead of its sign
    /// (`-1` to width 4 is `00-1`).
    public static func zeroPadded(_ value: Int64, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
