import Yams

/// A manifest's text with its line starts, turning Yams' marks (1-based line, column counted in
/// Unicode scalars, as libyaml does) into string indices, and answering the layout questions
/// block-style editing needs (indentation, blank and comment lines).
struct SourceText {
    let text: String
    /// Index of the first character of each line; lines end after `\n` (`\r\n` stays in the line).
    let lineStarts: [String.Index]
    /// The line break new lines are written with: the file's own.
    let newline: String

    init(_ text: String) {
        self.text = text
        var starts = [text.startIndex]
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex {
            if utf8[index] == 0x0A {
                let next = utf8.index(after: index)
                if next < utf8.endIndex { starts.append(next) }
            }
            index = utf8.index(after: index)
        }
        lineStarts = starts
        newline = text.utf8.contains(0x0D) && text.contains("\r\n") ? "\r\n" : "\n"
    }

    var lineCount: Int { lineStarts.count }

    /// Start of line `line` (0-based), or the end of the text past the last line.
    func start(ofLine line: Int) -> String.Index {
        line < lineStarts.count ? lineStarts[line] : text.endIndex
    }

    /// Line `line` (0-based) without its line break.
    func line(_ line: Int) -> Substring {
        var slice = text[start(ofLine: line)..<start(ofLine: line + 1)]
        if slice.last == "\n" || slice.last == "\r\n" { slice = slice.dropLast() }
        if slice.last == "\r" { slice = slice.dropLast() }
        return slice
    }

    /// The index of a Yams mark.
    func index(of mark: Mark) -> String.Index {
        let lineStart = start(ofLine: mark.line - 1)
        let scalars = text.unicodeScalars
        let lineEnd = start(ofLine: mark.line)
        return scalars.index(lineStart, offsetBy: max(0, mark.column - 1), limitedBy: lineEnd) ?? lineEnd
    }

    /// True when the collection starting at `mark` is written in flow style (`{…}`, `[…]`).
    /// Yams reports every collection's style as `.any` after parsing, so the source decides.
    func isFlow(_ mark: Mark?) -> Bool {
        guard let mark else { return true }
        let index = self.index(of: mark)
        return index < text.endIndex && (text[index] == "{" || text[index] == "[")
    }

    /// Leading spaces of a line.
    func indent(_ line: Int) -> Int {
        self.line(line).prefix(while: { $0 == " " }).count
    }

    func isBlank(_ line: Int) -> Bool {
        self.line(line).allSatisfy { $0 == " " || $0 == "\t" }
    }

    func isComment(_ line: Int) -> Bool {
        self.line(line).drop(while: { $0 == " " || $0 == "\t" }).first == "#"
    }

    /// Neither blank nor a comment.
    func isContent(_ line: Int) -> Bool {
        !isBlank(line) && !isComment(line)
    }
}
