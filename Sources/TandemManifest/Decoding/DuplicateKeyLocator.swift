import Yams

/// Turns Yams' duplicate-key failure into Kubernetes' `duplicate field "spec.restartPolicy"`
/// at the *second* occurrence.
///
/// Yams rejects duplicate keys while composing and only reports the first key's position, so
/// the node tree never exists. The locator renames that first occurrence in a copy of the text
/// (one character, so every position stays put), composes again, and finds the mapping
/// holding the renamed key: that gives the field path and the other occurrence's line.
///
/// The search never follows an alias into a tree it has already searched (an aliased node keeps
/// the position of its anchor, so a position seen twice is a repeat that cannot hide the key a
/// second time; Yams' own `anchor` references are weak and gone once composing ends), and it
/// spends from the file's `DecodingBudget`: when that runs out, the error names the first
/// occurrence only.
enum DuplicateKeyLocator {
    static func locate(in text: String, key: String, firstMark: Mark, budget: DecodingBudget) -> NodeDecodingError {
        let fallback = NodeDecodingError("duplicate field \(quoted(key))", at: firstMark)
        var scalars = Array(text.unicodeScalars)
        var renamed: [Mark] = []
        var mark = firstMark
        // Each pass renames one more occurrence; a few passes cover keys repeated several times.
        for _ in 0..<8 {
            guard rename(at: mark, in: &scalars) else { return fallback }
            renamed.append(mark)
            var copy = String.UnicodeScalarView()
            copy.append(contentsOf: scalars)
            do {
                let roots = try ManifestLoader.composeDocuments(String(copy))
                var search = Search(key: key, firstMark: firstMark, renamed: renamed, budget: budget)
                return search.find(in: roots) ?? fallback
            } catch let YamlError.duplicatedKeysInMapping(_, context) {
                mark = context.mark
            } catch {
                return fallback
            }
        }
        return fallback
    }

    /// Replaces the first character of the key starting at `mark` (1-based line and column in
    /// Unicode scalars, as libyaml counts them).
    private static func rename(at mark: Mark, in scalars: inout [Unicode.Scalar]) -> Bool {
        var line = 1
        var column = 1
        var index = 0
        while index < scalars.count, line < mark.line || (line == mark.line && column < mark.column) {
            let scalar = scalars[index]
            index += 1
            if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
            if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        guard index < scalars.count, line == mark.line, column == mark.column else { return false }
        if scalars[index] == "\"" || scalars[index] == "'" { index += 1 }
        guard index < scalars.count else { return false }
        let original = scalars[index]
        guard original != "\"", original != "'", original != "\\", original != "\n" else { return false }
        scalars[index] = original == "Z" ? "Y" : "Z"
        return true
    }

}

/// One walk over the composed documents looking for the mapping that holds the renamed key.
private struct Search {
    let key: String
    let firstMark: Mark
    let renamed: [Mark]
    let budget: DecodingBudget
    /// Nodes already searched, by position: an alias leads back to one of them.
    var searched: Set<Position> = []
    var exhausted = false

    struct Position: Hashable {
        var line: Int
        var column: Int
    }

    mutating func find(in roots: [Node]) -> NodeDecodingError? {
        for root in roots {
            if let error = find(in: root, path: .root) { return error }
        }
        return nil
    }

    private mutating func find(in node: Node, path: FieldPath) -> NodeDecodingError? {
        guard !exhausted else { return nil }
        guard budget.trySpend(at: node) else {
            exhausted = true
            return nil
        }
        if let mark = node.mark {
            guard searched.insert(Position(line: mark.line, column: mark.column)).inserted else { return nil }
        }
        switch node {
        case .mapping(let mapping):
            let keyMarks = mapping.compactMap { $0.key.mark }
            if keyMarks.contains(where: { same($0, firstMark) }) {
                let occurrences = mapping.compactMap { pair -> Mark? in
                    guard let mark = pair.key.mark else { return nil }
                    let isRenamed = renamed.contains { same($0, mark) }
                    return isRenamed || pair.key.scalar?.string == key ? mark : nil
                }.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
                guard occurrences.count >= 2 else { return nil }
                return .duplicateField(path.field(key), at: occurrences[1])
            }
            for (child, value) in mapping {
                let name = child.scalar?.string ?? ""
                if let found = find(in: value, path: path.field(name)) { return found }
            }
            return nil
        case .sequence(let sequence):
            for (index, element) in sequence.enumerated() {
                if let found = find(in: element, path: path.index(index)) { return found }
            }
            return nil
        case .scalar, .alias:
            return nil
        }
    }

    private func same(_ lhs: Mark, _ rhs: Mark) -> Bool {
        lhs.line == rhs.line && lhs.column == rhs.column
    }
}
