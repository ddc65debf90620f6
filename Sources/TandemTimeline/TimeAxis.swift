/// Tick positions for a time axis from milliseconds to hours: the smallest "nice" step (1, 2, 5 × 10ⁿ
/// below a second; 1, 2, 5, 10, 15, 30 s; 1, 2, 5, 10, 15, 30 min; 1, 2, 3, 6, 12 h) that gives at
/// most ten intervals.
public enum TimeAxis {
    static let steps: [Int64] = {
        var result: [Int64] = []
        var decade: Int64 = 1_000 // 1 µs
        while decade < 1_000_000_000 {
            result += [decade, decade * 2, decade * 5]
            decade *= 10
        }
        let second: Int64 = 1_000_000_000
        result += [1, 2, 5, 10, 15, 30].map { $0 * second }
        result += [1, 2, 5, 10, 15, 30].map { $0 * 60 * second }
        result += [1, 2, 3, 6, 12, 24].map { $0 * 3600 * second }
        return result
    }()

    public static func step(span: Int64) -> Int64 {
        let span = max(span, 1)
        return steps.first { span / $0 <= 10 } ?? max(1, span / 10)
    }

    /// Tick instants from 0 to `span` inclusive of 0.
    public static func ticks(span: Int64) -> [Int64] {
        let step = step(span: span)
        return Array(stride(from: Int64(0), through: span, by: Int(step)))
    }

    public static func label(_ at: Int64) -> String {
        at == 0 ? "0" : TimeText.format(at)
    }
}
