/// Go's `text/tabwriter` as kubectl's describe configures it (`minwidth 0, tabwidth 8,
/// padding 2, padchar ' ', flags 0`): tab-terminated cells are aligned per column block (a run
/// of consecutive lines that have a cell in that column), the last cell of a line is not
/// aligned. Written by hand because column blocks, not whole-table columns, decide the widths,
/// and kubectl's output is only reproduced byte for byte by the same algorithm.
struct GoTabWriter {
    private let padding = 2
    private var text = ""

    /// Appends text (with tabs and newlines) to the current section.
    mutating func write(_ piece: String) {
        text += piece
    }

    /// Formats what was written so far (kubectl flushes before the events table).
    mutating func flush(into output: inout String) {
        // Cut at the newline and tab scalars, as Go's tabwriter cuts bytes ("x\r" + "\n" is one Swift Character).
        var lines: [[String]] = text.goSplit("\n").map { $0.goSplit("\t") }
        let endsWithNewline = text.endsWith(scalar: "\n")
        if endsWithNewline { lines.removeLast() }
        var widths: [Int] = []
        var rendered: [String] = Array(repeating: "", count: lines.count)
        format(lines: lines, from: 0, to: lines.count, widths: &widths, into: &rendered)
        output += rendered.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
        text = ""
    }

    private func format(lines: [[String]], from start: Int, to end: Int, widths: inout [Int], into rendered: inout [String]) {
        let column = widths.count
        var line0 = start
        var this = start
        while this < end {
            if column >= lines[this].count - 1 {
                this += 1
                continue
            }
            writeLines(lines, from: line0, to: this, widths: widths, into: &rendered)
            line0 = this
            var width = 0
            while this < end, column < lines[this].count - 1 {
                width = max(width, lines[this][column].unicodeScalars.count + padding)
                this += 1
            }
            widths.append(width)
            format(lines: lines, from: line0, to: this, widths: &widths, into: &rendered)
            widths.removeLast()
            line0 = this
        }
        writeLines(lines, from: line0, to: end, widths: widths, into: &rendered)
    }

    private func writeLines(_ lines: [[String]], from start: Int, to end: Int, widths: [Int], into rendered: inout [String]) {
        guard start < end else { return }
        for index in start..<end {
            var out = ""
            for (cellIndex, cell) in lines[index].enumerated() {
                out += cell
                if cellIndex < widths.count, cellIndex < lines[index].count - 1 {
                    out += String(repeating: " ", count: max(0, widths[cellIndex] - cell.unicodeScalars.count))
                }
            }
            rendered[index] = out
        }
    }
}
