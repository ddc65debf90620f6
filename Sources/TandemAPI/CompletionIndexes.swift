/// The Job controller's text form of a set of completion indexes (`"0,2-4,7"`), as used by
/// `successPolicy.rules[].succeededIndexes` and `status.completedIndexes`.
///
/// Parsing follows `validateIndexesFormat` / `parseIndexInterval` in `pkg/apis/batch/validation`
/// (same error texts); `contains` and `count` serve the controller's `matchSuccessPolicy`.
public struct CompletionIndexes: Sendable, Equatable {
    /// Closed intervals in increasing, non-overlapping order.
    public private(set) var intervals: [ClosedRange<Int32>]

    /// Parses `text` for a Job of `completions` indexes; throws the API server's message.
    public init(parsing text: String, completions: Int32) throws(CompletionIndexesError) {
        intervals = []
        guard !text.isEmpty else { return }
        var last: Int32?
        for fragment in text.split(separator: ",", omittingEmptySubsequences: false) {
            let interval = try Self.interval(String(fragment), completions: completions)
            if let last, last >= interval.lowerBound {
                throw CompletionIndexesError("non-increasing order, previous: \(last), current: \(interval.lowerBound)")
            }
            intervals.append(interval)
            last = interval.upperBound
        }
    }

    /// How many indexes the set holds.
    public var count: Int { intervals.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 } }

    public func contains(_ index: Int32) -> Bool { intervals.contains { $0.contains(index) } }

    static func interval(_ fragment: String, completions: Int32) throws(CompletionIndexesError) -> ClosedRange<Int32> {
        let limits = fragment.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if limits.count > 2 {
            throw CompletionIndexesError("the fragment \(GoQuoting.quote(fragment)) violates the requirement that an index interval can have at most two parts separated by '-'")
        }
        let lower = try bound(limits[0], completions: completions)
        guard limits.count == 2 else { return lower...lower }
        let upper = try bound(limits[1], completions: completions)
        if lower >= upper {
            throw CompletionIndexesError("non-increasing order, previous: \(lower), current: \(upper)")
        }
        return lower...upper
    }

    /// `strconv.Atoi` then the bound check against `completions`.
    static func bound(_ text: String, completions: Int32) throws(CompletionIndexesError) -> Int32 {
        guard let value = Int64(text) else {
            throw CompletionIndexesError("cannot convert string to integer for index: \(GoQuoting.quote(text))")
        }
        if value >= Int64(completions) {
            throw CompletionIndexesError("too large index: \(GoQuoting.quote(text))")
        }
        guard let index = Int32(exactly: value), index >= 0 else {
            throw CompletionIndexesError("cannot convert string to integer for index: \(GoQuoting.quote(text))")
        }
        return index
    }
}

/// Why an index set did not parse, in the API server's words.
public struct CompletionIndexesError: Error, Sendable, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
