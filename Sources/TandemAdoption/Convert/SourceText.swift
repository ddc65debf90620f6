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

    /// Per line: leading spaces, and whether it is blank, a comment or content (computed once,
    /// on UTF-8, because layout questions are asked for every line near every edit).
    private let indents: [Int32]
    private let kinds: [LineKind]

    private enum LineKind: UInt8 {
        case blank
        case comment
        case content
    }

    init(_ text: String) {
        self.text = text
        var starts = [text.startIndex]
        var indents: [Int32] = []
        var kinds: [LineKind] = []
        var sawCarriageReturnNewline = false
        let utf8 = text.utf8
        var index = utf8.startIndex
        var indent: Int32 = 0
        var kind: LineKind?
        var previous: UInt8 = 0
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A {
                if previous == 0x0D { sawCarriageReturnNewline = true }
                indents.append(indent)
                kinds.append(kind ?? .blank)
                indent = 0
                kind = nil
                let next = utf8.index(after: index)
                if next < utf8.endIndex { starts.append(next) }
            } else if kind == nil {
                switch byte {
                case 0x20: indent += 1
                case 0x09, 0x0D: break
                case 0x23: kind = .comment
                default: kind = .content
                }
            }
            previous = byte
            index = utf8.index(after: index)
        }
        if indents.count < starts.count {
            indents.append(indent)
            kinds.append(kind ?? .blank)
        }
        lineStarts = starts
        self.indents = indents
        self.kinds = kinds
        newline = sawCarriageReturnNewline ? "\r\n" : "\n"
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
        line < indents.count ? Int(indents[line]) : 0
    }

    func isBlank(_ line: Int) -> Bool {
        line >= kinds.count || kinds[line] == .blank
    }

    func isComment(_ line: Int) -> Bool {
        line < kinds.count && kinds[line] == .comment
    }

    /// Neither blank nor a comment.
    func isContent(_ line: Int) -> Bool {
        line < kinds.count && kinds[line] == .content
    }
}
