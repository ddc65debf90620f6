/// A unified diff (`diff -u` layout, 3 lines of context) between two texts, for `tandem convert
/// -o diff`. The line matching is the standard library's `CollectionDifference` (Myers); only the
/// hunk layout is written here, as no package in our dependency set prints unified diffs.
public enum UnifiedDiff {
    public static func make(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let oldLines = lines(old)
        let newLines = lines(new)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        // Myers is O(N·D): on a long stream with a change in every document, matching each
        // document (between `---` lines) on its own keeps it linear in the number of documents.
        let oldSegments = segments(oldLines)
        let newSegments = segments(newLines)
        let pairs = oldSegments.count == newSegments.count
            ? Array(zip(oldSegments, newSegments)) : [(0..<oldLines.count, 0..<newLines.count)]
        for (oldRange, newRange) in pairs {
            let difference = newLines[newRange].difference(from: oldLines[oldRange])
            for change in difference {
                switch change {
                case .remove(let offset, _, _): removed.insert(oldRange.lowerBound + offset)
                case .insert(let offset, _, _): inserted.insert(newRange.lowerBound + offset)
                }
            }
        }
        guard !removed.isEmpty || !inserted.isEmpty else { return "" }

        enum Op { case equal(Int, Int), delete(Int), insert(Int) }
        var ops: [Op] = []
        var i = 0
        var j = 0
        while i < oldLines.count || j < newLines.count {
            if i < oldLines.count, removed.contains(i) {
                ops.append(.delete(i))
                i += 1
            } else if j < newLines.count, inserted.contains(j) {
                ops.append(.insert(j))
                j += 1
            } else {
                ops.append(.equal(i, j))
                i += 1
                j += 1
            }
        }

        // Lines of each side before each op: where a hunk starting at that op begins.
        var oldBefore: [Int] = []
        var newBefore: [Int] = []
        var oldSeen = 0
        var newSeen = 0
        for op in ops {
            oldBefore.append(oldSeen)
            newBefore.append(newSeen)
            switch op {
            case .equal: oldSeen += 1; newSeen += 1
            case .delete: oldSeen += 1
            case .insert: newSeen += 1
            }
        }

        var out = "--- \(oldName)\n+++ \(newName)\n"
        let changed = ops.indices.filter { if case .equal = ops[$0] { return false } else { return true } }
        var start = 0
        while start < changed.count {
            var end = start
            while end + 1 < changed.count, changed[end + 1] - changed[end] <= 2 * context + 1 { end += 1 }
            let low = max(0, changed[start] - context)
            let high = min(ops.count, changed[end] + context + 1)
            var oldCount = 0
            var newCount = 0
            var body = ""
            for op in ops[low..<high] {
                switch op {
                case .equal(let a, _):
                    oldCount += 1
                    newCount += 1
                    body += " " + oldLines[a].text + "\n" + oldLines[a].noNewline
                case .delete(let a):
                    oldCount += 1
                    body += "-" + oldLines[a].text + "\n" + oldLines[a].noNewline
                case .insert(let b):
                    newCount += 1
                    body += "+" + newLines[b].text + "\n" + newLines[b].noNewline
                }
            }
            out += "@@ -\(range(oldBefore[low], oldCount)) +\(range(newBefore[low], newCount)) @@\n" + body
            start = end + 1
        }
        return out
    }

    /// Line ranges between document separators (`---` lines, which belong to the next range).
    private static func segments(_ lines: [Line]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for (index, line) in lines.enumerated() where index > start && line.text.hasPrefix("---") && line.text.allSatisfy({ $0 == "-" || $0 == " " }) {
            result.append(start..<index)
            start = index
        }
        result.append(start..<lines.count)
        return result
    }

    private struct Line: Equatable {
        var text: Substring
        var noNewline: String
    }

    private static func lines(_ text: String) -> [Line] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map { Line(text: $0, noNewline: "") }
        if result.last?.text.isEmpty == true {
            result.removeLast()
        } else if !result.isEmpty {
            result[result.count - 1].noNewline = "\\ No newline at end of file\n"
        }
        return result
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        // diff -u: a 1-based start; an empty side names the line before it.
        count == 0 ? "\(start),0" : count == 1 ? "\(start + 1)" : "\(start + 1),\(count)"
    }
}
