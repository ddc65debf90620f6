/// A `sh -c` script split into simple commands (statements), each with its words and their
/// positions, enough to recognise wait loops and to cut a recognised prefix off the script.
///
/// Written by hand because no Swift library parses POSIX shell; it understands only what wait hacks
/// use: quoting (`'…'`, `"…"`, `\`), `$(…)` and backticks kept inside one word, comments, and the
/// separators `;`, `&&`, `||`, `&`, `|` and newlines. Anything it cannot follow simply yields
/// words that match no pattern, so the worst case is a hack left unrecognised, never a wrong edit.
struct ShellScript {
    /// One word: its unquoted text and its range in the script.
    struct Word {
        var text: String
        var range: Range<String.Index>
    }

    /// A simple command and the separator that ends it (`;`, `&&`, `||`, `&`, `|`, newline or end).
    struct Statement {
        var words: [Word]
        var separator: String
        var range: Range<String.Index>

        var first: String? { words.first?.text }
        var texts: [String] { words.map(\.text) }
    }

    let text: String
    private(set) var statements: [Statement] = []

    init(_ text: String) {
        self.text = text
        var lexer = Lexer(text: text)
        statements = lexer.statements()
    }

    /// The script from the start of statement `index` to the end, as written.
    func text(from index: Int) -> String {
        guard index < statements.count else { return "" }
        return String(text[statements[index].range.lowerBound...])
    }

    /// `words` after `$(`…`)` or backticks in `word` are read as a script of their own, so
    /// `[ "$(curl -s localhost:15021/ready)" = ok ]` shows its curl call.
    static func substitutions(in word: String) -> [ShellScript] {
        var scripts: [ShellScript] = []
        var rest = Substring(word)
        while let open = rest.firstRange(of: "$(") {
            var depth = 1
            var index = open.upperBound
            while index < rest.endIndex, depth > 0 {
                if rest[index] == "(" { depth += 1 }
                if rest[index] == ")" { depth -= 1 }
                if depth > 0 { index = rest.index(after: index) }
            }
            scripts.append(ShellScript(String(rest[open.upperBound..<index])))
            rest = index < rest.endIndex ? rest[rest.index(after: index)...] : ""
        }
        let ticks = word.split(separator: "`", omittingEmptySubsequences: false)
        if ticks.count >= 3 {
            for (position, part) in ticks.enumerated() where position % 2 == 1 {
                scripts.append(ShellScript(String(part)))
            }
        }
        return scripts
    }
}

/// The character-level scanner behind `ShellScript`.
private struct Lexer {
    let text: String
    var index: String.Index

    init(text: String) {
        self.text = text
        index = text.startIndex
    }

    mutating func statements() -> [ShellScript.Statement] {
        var result: [ShellScript.Statement] = []
        var words: [ShellScript.Word] = []
        var start: String.Index?
        func flush(_ separator: String, into result: inout [ShellScript.Statement]) {
            if let begin = start, let last = words.last {
                result.append(ShellScript.Statement(words: words, separator: separator, range: begin..<last.range.upperBound))
            }
            words = []
            start = nil
        }
        while index < text.endIndex {
            let character = text[index]
            if character == " " || character == "\t" || character == "\r" {
                index = text.index(after: index)
            } else if character == "\\", peek(1) == "\n" {
                index = text.index(index, offsetBy: 2)
            } else if character == "#" {
                while index < text.endIndex, text[index] != "\n" { index = text.index(after: index) }
            } else if let separator = separatorHere() {
                index = text.index(index, offsetBy: separator.count)
                flush(separator, into: &result)
            } else {
                let word = readWord()
                if start == nil { start = word.range.lowerBound }
                words.append(word)
            }
        }
        flush("", into: &result)
        return result
    }

    private func peek(_ offset: Int) -> Character? {
        guard let position = text.index(index, offsetBy: offset, limitedBy: text.endIndex),
              position < text.endIndex else { return nil }
        return text[position]
    }

    private func separatorHere() -> String? {
        switch text[index] {
        case "\n": return "\n"
        case ";": return peek(1) == ";" ? ";;" : ";"
        case "&": return peek(1) == "&" ? "&&" : "&"
        case "|": return peek(1) == "|" ? "||" : "|"
        default: return nil
        }
    }

    /// One word up to unquoted whitespace or a separator; `&` right after `>`/`<` (`2>&1`)
    /// belongs to the word.
    private mutating func readWord() -> ShellScript.Word {
        let begin = index
        var value = ""
        var depth = 0
        while index < text.endIndex {
            let character = text[index]
            if depth == 0, character == " " || character == "\t" || character == "\n" || character == ";"
                || character == "|" || (character == "&" && !(value.last == ">" || value.last == "<")) {
                break
            }
            index = text.index(after: index)
            switch character {
            case "'":
                while index < text.endIndex, text[index] != "'" {
                    value.append(text[index])
                    index = text.index(after: index)
                }
                if index < text.endIndex { index = text.index(after: index) }
            case "\"":
                while index < text.endIndex, text[index] != "\"" {
                    if text[index] == "\\", let next = peek(1), "\"\\$`".contains(next) {
                        index = text.index(after: index)
                    }
                    value.append(text[index])
                    index = text.index(after: index)
                }
                if index < text.endIndex { index = text.index(after: index) }
            case "\\":
                if index < text.endIndex {
                    value.append(text[index])
                    index = text.index(after: index)
                }
            case "(":
                if value.last == "$" { depth += 1 }
                value.append(character)
            case ")":
                if depth > 0 { depth -= 1 }
                value.append(character)
            default:
                value.append(character)
            }
        }
        return ShellScript.Word(text: value, range: begin..<index)
    }
}
