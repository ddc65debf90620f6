/// Cuts a container's log output into whole lines, each written at once and prefixed (kubectl's
/// `--prefix`, `[pod/web/app] `), as kubectl's `DefaultConsumeRequest` reads the stream line by
/// line so that followed containers never interleave mid-line.
public struct LinePrefixer: Sendable {
    public let prefix: [UInt8]
    private var pending: [UInt8] = []

    public init(prefix: String) {
        self.prefix = Array(prefix.utf8)
    }

    /// The complete lines in `bytes` (after what was pending), prefixed; with `final`, the
    /// unterminated rest too.
    public mutating func feed(_ bytes: [UInt8], final: Bool) -> [UInt8] {
        var output: [UInt8] = []
        var start = 0
        while let newline = bytes[start...].firstIndex(of: 10) {
            output += prefix
            output += pending
            output += bytes[start...newline]
            pending.removeAll()
            start = newline + 1
        }
        pending += bytes[start...]
        if final, !pending.isEmpty {
            output += prefix + pending
            pending.removeAll()
        }
        return output
    }
}
