/// Which output stream of a container a chunk of bytes came from; raw values are the CRI log
/// format's stream names.
public enum LogStream: String, Sendable, Hashable {
    case stdout
    case stderr
}

/// Splits a byte stream into lines across chunk boundaries; shared by the log writers.
struct LineSplitter {
    private(set) var pending: [UInt8] = []

    /// Appends `bytes` and calls `line` for each complete line (without its newline); a pending
    /// partial line longer than `maximumPartial` is handed out early with `complete == false`.
    mutating func feed(_ bytes: some Collection<UInt8>, maximumPartial: Int, line: (ArraySlice<UInt8>, _ complete: Bool) -> Void) {
        pending.append(contentsOf: bytes)
        var start = 0
        var index = 0
        while index < pending.count {
            if pending[index] == 10 {
                line(pending[start..<index], true)
                start = index + 1
            } else if index - start + 1 >= maximumPartial {
                line(pending[start...index], false)
                start = index + 1
            }
            index += 1
        }
        pending.removeFirst(start)
    }

    /// Hands out the unterminated rest, if any, as a complete line (end of stream).
    mutating func flush(line: (ArraySlice<UInt8>) -> Void) {
        if !pending.isEmpty { line(pending[...]) }
        pending.removeAll()
    }
}
