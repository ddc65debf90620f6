import Testing
@testable import TandemRecords

/// `--since-time` as Go's `time.Parse(time.RFC3339, …)` takes and refuses it (finding 11).
@Suite struct GoRFC3339Tests {
    static func accepted(_ text: String) -> Int64? {
        if case .success(let time) = GoRFC3339.parse(text) { return time.nanosecondsSinceEpoch }
        return nil
    }

    static func refused(_ text: String) -> String? {
        if case .failure(let failure) = GoRFC3339.parse(text) { return failure.description }
        return nil
    }

    @Test func acceptsWhatGoAccepts() {
        let base: Int64 = 1_796_018_401_000_000_000  // 2026-11-30T06:00:01Z
        #expect(Self.accepted("2026-11-30T06:00:01Z") == base)
        #expect(Self.accepted("2026-11-30T06:00:01.123456789Z") == base + 123_456_789)
        #expect(Self.accepted("2026-11-30T06:00:01.1234567891Z") == base + 123_456_789)
        #expect(Self.accepted("2026-11-30T6:00:01Z") == base)
        #expect(Self.accepted("2026-11-30T07:00:01,5+01:00") == base + 500_000_000)
        #expect(Self.accepted("2026-12-01T06:00:01+24:00") == base)
        #expect(Self.accepted("2026-11-30T05:00:01-00:60") == base)
        #expect(Self.accepted("2024-02-29T00:00:00Z") == 1_709_164_800_000_000_000)
        // Outside RecordTime's range: clamped, selecting every record or none.
        #expect(Self.accepted("0001-01-01T00:00:00Z") == .min)
        #expect(Self.accepted("0000-01-01T00:00:00Z") == .min)
        #expect(Self.accepted("9999-12-31T23:59:59Z") == .max)
    }

    @Test func refusesWithGosWords() {
        let layout = "\"2006-01-02T15:04:05Z07:00\""
        let cases: [(String, String)] = [
            ("abc", "parsing time \"abc\" as \(layout): cannot parse \"abc\" as \"2006\""),
            ("2026-11-30t06:00:01Z", "parsing time \"2026-11-30t06:00:01Z\" as \(layout): cannot parse \"t06:00:01Z\" as \"T\""),
            ("2026-11-30T06:00:01z", "parsing time \"2026-11-30T06:00:01z\" as \(layout): cannot parse \"z\" as \"Z07:00\""),
            ("2026-11-30T06:00:01", "parsing time \"2026-11-30T06:00:01\" as \(layout): cannot parse \"\" as \"Z07:00\""),
            ("2026-11-30T06:00:01+0100", "parsing time \"2026-11-30T06:00:01+0100\" as \(layout): cannot parse \"+0100\" as \"Z07:00\""),
            ("2026-1-30T06:00:01Z", "parsing time \"2026-1-30T06:00:01Z\" as \(layout): cannot parse \"1-30T06:00:01Z\" as \"01\""),
            ("2026-11-30T06:00:01+25:00", "parsing time \"2026-11-30T06:00:01+25:00\": time zone offset hour out of range"),
            ("2026-11-30T06:00:01+01:61", "parsing time \"2026-11-30T06:00:01+01:61\": time zone offset minute out of range"),
            ("2026-13-01T00:00:00Z", "parsing time \"2026-13-01T00:00:00Z\": month out of range"),
            ("2026-02-29T00:00:00Z", "parsing time \"2026-02-29T00:00:00Z\": day out of range"),
            ("2026-11-30T24:00:00Z", "parsing time \"2026-11-30T24:00:00Z\": hour out of range"),
            ("2026-11-30T06:00:60Z", "parsing time \"2026-11-30T06:00:60Z\": second out of range"),
            ("2026-11-30T06:00:01Z ", "parsing time \"2026-11-30T06:00:01Z \": extra text: \" \""),
            ("2026-11-30T06:00:01Z\u{1b}é", "parsing time \"2026-11-30T06:00:01Z\\x1b\\xc3\\xa9\": extra text: \"\\x1b\\xc3\\xa9\""),
        ]
        for (text, message) in cases {
            #expect(Self.refused(text) == message, "\(text)")
        }
    }
}
