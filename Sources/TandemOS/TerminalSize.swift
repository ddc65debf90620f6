import CTandemOS

/// The size of the terminal a descriptor refers to, for laying out a live view that must not wrap.
public struct TerminalSize: Sendable, Equatable {
    public var rows: Int
    public var columns: Int

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    /// nil when the descriptor is not a terminal (or reports a zero size).
    public static func of(descriptor: Int32) -> TerminalSize? {
        var rows: Int32 = 0
        var columns: Int32 = 0
        guard tandem_terminal_size(descriptor, &rows, &columns) == 0, rows > 0, columns > 0 else { return nil }
        return TerminalSize(rows: Int(rows), columns: Int(columns))
    }
}
