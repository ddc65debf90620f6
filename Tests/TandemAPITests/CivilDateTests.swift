import Testing
import TandemAPI

/// Hinnant's calendar arithmetic against dates known by heart, and both directions agreeing across
/// leap days, century years and dates before the epoch.
@Suite struct CivilDateTests {
    @Test func knownDates() {
        #expect(CivilDate(daysSinceEpoch: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(CivilDate(daysSinceEpoch: 11_016) == CivilDate(year: 2000, month: 2, day: 29))
        #expect(CivilDate(daysSinceEpoch: -1) == CivilDate(year: 1969, month: 12, day: 31))
        #expect(CivilDate(year: 2026, month: 11, day: 30).daysSinceEpoch == 20_787)
    }

    @Test func bothDirectionsAgree() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 97) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
    }

    @Test func zeroPaddingAsTheLayoutsPrintIt() {
        #expect(CivilDate.zeroPadded(7, width: 2) == "07")
        #expect(CivilDate.zeroPadded(2026, width: 2) == "2026")
        #expect(CivilDate.zeroPadded(123_456, width: 9) == "000123456")
        #expect(CivilDate.zeroPadded(-1, width: 4) == "00-1")
    }

    @Test func rfc3339ParsingToNanoseconds() {
        #expect(RFC3339Parser.nanosecondsSinceEpoch("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339Parser.nanosecondsSinceEpoch("2026-11-30T07:00:01.5+01:00") == 1_796_018_401_500_000_000)
        #expect(RFC3339Parser.nanosecondsSinceEpoch("2026-11-30t06:00:01.123456789123z"[...]) == 1_796_018_401_123_456_789)
        for bad in ["", "2026-11-30T06:00:01", "2026-13-30T06:00:01Z", "2026-11-30T06:00:01.Z", "2026-11-30T06:00:01+1:00"] {
            #expect(RFC3339Parser.nanosecondsSinceEpoch(bad) == nil, "\(bad)")
        }
    }
}
