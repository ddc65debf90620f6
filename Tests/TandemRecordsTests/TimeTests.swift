import Testing
@testable import TandemRecords

@Suite struct TimeTests {
    @Test(arguments: [
        (-3, "<invalid>"), (-1, "0s"), (0, "0s"), (59, "59s"), (119, "119s"), (120, "2m"), (125, "2m5s"), (599, "9m59s"),
        (600, "10m"), (10_799, "179m"), (10_800, "3h"), (12_000, "3h20m"), (28_800, "8h"), (172_799, "47h"),
        (172_800, "2d"), (187_200, "2d4h"), (691_200, "8d"), (63_072_000, "2y"), (65_664_000, "2y30d"), (252_288_000, "8y"),
    ] as [(Int64, String)])
    func humanDurationMatchesApimachinery(seconds: Int64, expected: String) {
        #expect(HumanDuration.format(nanoseconds: seconds * 1_000_000_000) == expected)
    }

    @Test func rfc3339ParsesKubernetesLayouts() {
        #expect(RecordTime(rfc3339: "1970-01-01T00:00:01Z")?.nanosecondsSinceEpoch == 1_000_000_000)
        #expect(RecordTime(rfc3339: "2026-11-30T06:00:01.5Z")?.rfc3339NanoFixed == "2026-11-30T06:00:01.500000000Z")
        #expect(RecordTime(rfc3339: "2026-11-30T08:00:01.123456789+02:00")?.rfc3339NanoFixed == "2026-11-30T06:00:01.123456789Z")
        #expect(RecordTime(rfc3339: "2026-11-30T06:00:01.123456Z")?.rfc3339Micro == "2026-11-30T06:00:01.123456Z")
        for bad in ["", "2026-11-30", "2026-11-30T06:00:01", "2026-13-30T06:00:01Z", "2026-11-30T06:00:01.Z", "x026-11-30T06:00:01Z",
                    "2026-11-30T06:00:01Zjunk", "99999-11-30T06:00:01Z"] {
            #expect(RecordTime(rfc3339: bad) == nil, "\(bad)")
        }
    }

    @Test func goDurationParsing() throws {
        #expect(try GoDurationParser.parse("1h30m") == 5_400_000_000_000)
        #expect(try GoDurationParser.parse("1.5s") == 1_500_000_000)
        #expect(try GoDurationParser.parse("0") == 0)
        #expect(try GoDurationParser.parse("300ms") == 300_000_000)
        #expect(throws: GoDurationParser.Failure(description: "time: invalid duration \"abc\"")) { try GoDurationParser.parse("abc") }
        #expect(throws: GoDurationParser.Failure(description: "time: missing unit in duration \"5\"")) { try GoDurationParser.parse("5") }
        #expect(throws: GoDurationParser.Failure(description: "time: unknown unit \"d\" in duration \"1d\"")) { try GoDurationParser.parse("1d") }
        #expect(throws: GoDurationParser.Failure(description: "time: invalid duration \"\"")) { try GoDurationParser.parse("") }
    }

    @Test func tabWriterAlignsColumnBlocksLikeGo() {
        var writer = GoTabWriter()
        writer.write("a:\tx\nlonger:\ty\nbreak\n  c:\tz\nlast\tcell\tend\n")
        var output = ""
        writer.flush(into: &output)
        #expect(output == "a:       x\nlonger:  y\nbreak\n  c:  z\nlast  cell  end\n")
    }
}
