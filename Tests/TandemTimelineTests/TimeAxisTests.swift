import Foundation
import Testing
@testable import TandemTimeline

@Suite struct TimeAxisTests {
    static let ms: Int64 = 1_000_000
    static let second: Int64 = 1_000_000_000

    @Test func ticksAreNiceStepsFromMillisecondsToHours() {
        #expect(TimeAxis.ticks(span: 350 * Self.ms).map(TimeAxis.label)
                == ["0", "50ms", "100ms", "150ms", "200ms", "250ms", "300ms", "350ms"])
        #expect(TimeAxis.step(span: 20 * Self.second) == 2 * Self.second)
        #expect(TimeAxis.ticks(span: 3_500 * Self.ms).map(TimeAxis.label)
                == ["0", "500ms", "1s", "1.5s", "2s", "2.5s", "3s", "3.5s"])
        #expect(TimeAxis.ticks(span: 200 * Self.second).map(TimeAxis.label)
                == ["0", "30s", "1m", "1m30s", "2m", "2m30s", "3m"])
        #expect(TimeAxis.step(span: 630 * Self.second) == 60 * Self.second)
        #expect(TimeAxis.ticks(span: 5 * 3600 * Self.second).map(TimeAxis.label)
                == ["0", "30m", "1h", "1h30m", "2h", "2h30m", "3h", "3h30m", "4h", "4h30m", "5h"])
        #expect(TimeAxis.ticks(span: 7 * 3600 * Self.second).map(TimeAxis.label)
                == ["0", "1h", "2h", "3h", "4h", "5h", "6h", "7h"])
        #expect(TimeAxis.ticks(span: 4 * Self.ms).count == 9)
    }

    @Test func durationsReadAsPeopleWriteThem() {
        #expect(TimeText.format(0) == "0s")
        #expect(TimeText.format(1_500 * 1_000) == "1.5ms")
        #expect(TimeText.format(250 * Self.ms) == "250ms")
        #expect(TimeText.format(7_006 * Self.ms) == "7.006s")
        #expect(TimeText.format(90 * Self.second) == "1m30s")
        #expect(TimeText.format(3_900 * Self.second) == "1h5m")
    }

    @Test func rfc3339TimesParseToTheNanosecond() throws {
        #expect(RFC3339.nanoseconds("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.nanoseconds("2026-11-30T06:00:01.123456Z") == 1_796_018_401_123_456_000)
        #expect(RFC3339.nanoseconds("2026-11-30T07:00:01.5+01:00") == 1_796_018_401_500_000_000)
        #expect(RFC3339.nanoseconds("2026-11-30T06:00:01.123456789123Z") == 1_796_018_401_123_456_789)
        for bad in ["", "2026-11-30 06:00:01Z", "2026-13-30T06:00:01Z", "2026-11-30T06:00:01", "2026-11-30T06:00:01.Z",
                    "2026-11-30T06:00:01Zjunk", "99999-11-30T06:00:01Z"] {
            #expect(RFC3339.nanoseconds(bad) == nil, "\(bad)")
        }
    }

    @Test func aBadLineIsNamed() throws {
        let good = #"{"kind":"Event","involvedObject":{"kind":"Pod","name":"p"},"reason":"Started","eventTime":"2026-11-30T06:00:01.000000Z"}"#
        #expect(try EventsFile.parse(Data((good + "\n\n" + good + "\n").utf8)).count == 2)
        #expect(throws: EventsFileError(line: 2, reason: "not a JSON Event object")) {
            try EventsFile.parse(Data((good + "\n{oops\n").utf8))
        }
        #expect(throws: EventsFileError(line: 1, reason: "eventTime is not an RFC 3339 time")) {
            try EventsFile.parse(Data(good.replacingOccurrences(of: "06:00:01.000000Z", with: "yesterday").utf8))
        }
        #expect(throws: EventsFileError(line: 1, reason: "kind Pod is not Event")) {
            try EventsFile.parse(Data(#"{"kind":"Pod","metadata":{"name":"x"}}"#.utf8))
        }
    }
}
