import TandemAPI

/// RFC 3339 timestamps (`2026-11-30T06:00:01.123456Z`, any fraction length, `Z` or `±hh:mm`) to
/// nanoseconds since the Unix epoch, as the timeline reads `eventTime` and `tandem.dev/grace-deadline`:
/// TandemAPI's `RFC3339Parser`, which `tandem describe` and `logs` read times with too.
enum RFC3339 {
    static func nanoseconds(_ text: String) -> Int64? {
        RFC3339Parser.nanosecondsSinceEpoch(text)
    }
}
