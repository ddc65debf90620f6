import Yams

/// Where the items of a block sequence and the entries of a block mapping sit in the source, in
/// whole lines, so they can be cut, moved and re-indented without touching anything else.
///
/// Comment lines belong to what follows them when they are indented no deeper than the item's
/// dash (or the entry's key): a comment above an item moves with it. Lines are 0-based.
struct BlockLayout {
    let source: SourceText

    /// One item of a block sequence.
    struct Item {
        /// First line of the item, including the comments above it.
        var start: Int
        /// The line with the item's `-`.
        var dashLine: Int
        var dashColumn: Int
        /// Column of the item's first key (its mapping's indentation).
        var keyColumn: Int
        /// One past the item's last line.
        var end: Int
    }

    /// The items of a block sequence of block mappings, or nil when any item is not laid out as
    /// `- key: …` (flow style, a dash we cannot find).
    func items(of sequence: Node.Sequence) -> [Item]? {
        guard !source.isFlow(sequence.mark) else { return nil }
        var items: [Item] = []
        for node in sequence {
            guard case .mapping(let mapping) = node, !source.isFlow(mapping.mark), let mark = mapping.mark,
                  let dash = dash(before: mark) else { return nil }
            let start = walkBack(from: dash.line, floor: items.last?.dashLine ?? 0) { line in
                !source.isContent(line) && (source.isBlank(line) || source.indent(line) <= dash.column)
            }
            if !items.isEmpty { items[items.count - 1].end = start }
            items.append(Item(start: start, dashLine: dash.line, dashColumn: dash.column, keyColumn: mark.column - 1,
                              end: start))
        }
        guard var last = items.popLast() else { return items }
        var end = last.dashLine + 1
        while end < source.lineCount, !source.isContent(end) || source.indent(end) > last.dashColumn {
            end += 1
        }
        last.end = walkBack(from: end, floor: last.dashLine + 1) { line in
            !source.isContent(line) && (source.isBlank(line) || source.indent(line) <= last.dashColumn)
        }
        items.append(last)
        return items
    }

    /// The `-` of the item whose mapping starts at `mark`: on the same line (`- name: x`) or alone
    /// on an earlier line.
    func dash(before mark: Mark) -> (line: Int, column: Int)? {
        let line = mark.line - 1
        let prefix = String(source.line(line).unicodeScalars.prefix(max(0, mark.column - 1)))
        let trimmed = prefix.trimmingSpaces
        if trimmed == "-" {
            return (line, prefix.unicodeScalars.prefix(while: { $0 != "-" }).count)
        }
        guard trimmed.isEmpty else { return nil }
        var previous = line - 1
        while previous >= 0, !source.isContent(previous) { previous -= 1 }
        guard previous >= 0, String(source.line(previous)).trimmingSpaces == "-" else { return nil }
        return (previous, source.indent(previous))
    }

    /// The lines of the entry `index` of a block mapping whose entries all lie within
    /// `[.., parentEnd)`: from its key (and the comments right above it at its indentation) to the
    /// next key (less that key's comments) or `parentEnd`. Nil for an entry on the line of a dash
    /// or another key (it cannot be cut as whole lines).
    func entry(_ index: Int, of mapping: Node.Mapping, parentEnd: Int) -> Range<Int>? {
        guard !source.isFlow(mapping.mark) else { return nil }
        let pairs = Array(mapping)
        guard let keyMark = pairs[index].key.mark else { return nil }
        let keyLine = keyMark.line - 1
        let column = keyMark.column - 1
        guard source.indent(keyLine) == column else { return nil }
        let floor = index > 0 ? (pairs[index - 1].key.mark?.line ?? 1) : keyLine
        let start = walkBack(from: keyLine, floor: floor) { source.isComment($0) && source.indent($0) == column }
        var end = parentEnd
        if index + 1 < pairs.count, let next = pairs[index + 1].key.mark {
            end = next.line - 1
        }
        end = walkBack(from: end, floor: keyLine + 1) { line in
            !source.isContent(line) && (source.isBlank(line) || source.indent(line) <= column)
        }
        return start..<end
    }

    /// Moves `line` up while the line above it (not above `floor`) satisfies `belongs`.
    func walkBack(from line: Int, floor: Int, _ belongs: (Int) -> Bool) -> Int {
        var start = line
        while start - 1 >= floor, start - 1 >= 0, belongs(start - 1) { start -= 1 }
        return start
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
