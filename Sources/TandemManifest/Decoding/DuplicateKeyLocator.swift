import Yams

/// Composes a text whose mappings repeat keys, and names every repeat as Kubernetes does:
/// `duplicate field "spec.restartPolicy"` at the *second* occurrence, the later value winning.
///
/// Yams rejects duplicate keys while composing and reports only the first occurrence of one
/// key, so the node tree never exists. The locator renames that first occurrence in a copy of
/// the text (one character, so every position stays put) and composes again, once per repeat,
/// until the text composes; the renamed occurrences are then `DecodingIssues.shadowedKeys`,
/// which decoding passes over, and one walk of the tree finds each renamed key's mapping: that
/// gives the field path and the next occurrence's line.
///
/// Composing again costs the whole text each time, so the rounds are bounded: at most
/// `maxRounds`, and at most `maxComposedBytes` composed in all (a 32 MiB file gets two rounds);
/// past that the repeats found so far are reported at their first occurrence.
///
/// The walk never follows an alias into a tree it has already searched (an aliased node keeps
/// the position of its anchor, so a position seen twice is a repeat that cannot hide the key a
/// second time; Yams' own `anchor` references are weak and gone once composing ends), and it
/// spends from the file's `DecodingBudget`: when that runs out, an error names the first
/// occurrence only.
enum DuplicateKeyLocator {
    static let maxRounds = 32
    static let maxComposedBytes = 64 << 20

    /// A key renamed to let the text compose: its first occurrence and its name.
    struct Renamed {
        var mark: Mark
        var key: String
    }

    /// What composing with renames gave: the documents (nil when the text could not be made to
    /// compose: `failure` says why) and the keys renamed on the way.
    struct Outcome {
        var roots: [Node]?
        var renamed: [Renamed]
        var failure: (any Error)?
    }

    /// Composes `text`, whose first attempt failed on `key` repeated from `firstMark`.
    static func compose(_ text: String, key: String, firstMark: Mark) -> Outcome {
        var scalars = Array(text.unicodeScalars)
        var renamed: [Renamed] = []
        var pending = Renamed(mark: firstMark, key: key)
        let bytesPerRound = max(1, text.utf8.count)
        for round in 1...maxRounds {
            // Each rename takes its own first character, so renamed keys never meet each other;
            // one that meets a real key is reported again at its mark and renamed once more.
            let isRepeat = renamed.contains { same($0.mark, pending.mark) }
            guard rename(at: pending.mark, to: replacements[(round - 1) % replacements.count], in: &scalars) else { break }
            if !isRepeat { renamed.append(pending) }
            guard round * bytesPerRound <= maxComposedBytes else { break }
            var copy = String.UnicodeScalarView()
            copy.append(contentsOf: scalars)
            do {
                return Outcome(roots: try ManifestLoader.composeDocuments(String(copy)), renamed: renamed)
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                pending = Renamed(mark: context.mark, key: duplicates.first ?? "")
            } catch {
                return Outcome(roots: nil, renamed: renamed, failure: error)
            }
        }
        // Out of rounds (or a key that cannot be renamed): this one is reported where Yams saw it.
        if !renamed.contains(where: { same($0.mark, pending.mark) }) { renamed.append(pending) }
        return Outcome(roots: nil, renamed: renamed)
    }

    /// First characters for renamed keys, one per round: letters and digits keep a plain key plain.
    private static let replacements = Array("ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba0123456789".unicodeScalars)

    /// `duplicate field "key"` at the first occurrence: all that is known without a tree.
    static func unlocated(_ renamed: Renamed) -> NodeDecodingError {
        .duplicateField(renamed.key, at: renamed.mark)
    }

    /// One error per renamed key, at the occurrence after it in its mapping, from one walk over
    /// `roots` (the text as composed with the renames).
    static func locate(_ renamed: [Renamed], in roots: [Node], budget: DecodingBudget) -> [NodeDecodingError] {
        var search = Search(renamed: renamed, budget: budget)
        search.walk(roots)
        return renamed.map { search.found[DecodingIssues.Position($0.mark)] ?? unlocated($0) }
    }

    /// Replaces the first character of the key starting at `mark` (1-based line and column in
    /// Unicode scalars, as libyaml counts them).
    private static func rename(at mark: Mark, to replacement: Unicode.Scalar, in scalars: inout [Unicode.Scalar]) -> Bool {
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
        scalars[index] = replacement
        return true
    }

    static func same(_ lhs: Mark, _ rhs: Mark) -> Bool {
        lhs.line == rhs.line && lhs.column == rhs.column
    }
}

extension DecodingIssues.Position {
    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }
}

/// One walk over the composed documents finding the mappings that hold renamed keys.
private struct Search {
    /// Renamed first occurrences by position, with their real names.
    let renamed: [DecodingIssues.Position: String]
    let budget: DecodingBudget
    /// Nodes already searched, by position: an alias leads back to one of them.
    var searched: Set<DecodingIssues.Position> = []
    var found: [DecodingIssues.Position: NodeDecodingError] = [:]
    var exhausted = false

    init(renamed: [DuplicateKeyLocator.Renamed], budget: DecodingBudget) {
        var byPosition: [DecodingIssues.Position: String] = [:]
        for item in renamed { byPosition[DecodingIssues.Position(item.mark)] = item.key }
        self.renamed = byPosition
        self.budget = budget
    }

    mutating func walk(_ roots: [Node]) {
        for root in roots { walk(root, path: .root) }
    }

    private mutating func walk(_ node: Node, path: FieldPath) {
        guard !exhausted, found.count < renamed.count else { return }
        guard budget.trySpend(at: node) else {
            exhausted = true
            return
        }
        if let mark = node.mark {
            guard searched.insert(DecodingIssues.Position(mark)).inserted else { return }
        }
        switch node {
        case .mapping(let mapping):
            // Each key with its real name, in document order.
            let keys = mapping.compactMap { pair -> (position: DecodingIssues.Position, name: String, mark: Mark)? in
                guard let mark = pair.key.mark else { return nil }
                let position = DecodingIssues.Position(mark)
                guard let name = renamed[position] ?? pair.key.scalar?.string else { return nil }
                return (position, name, mark)
            }.sorted { ($0.position.line, $0.position.column) < ($1.position.line, $1.position.column) }
            for (offset, key) in keys.enumerated() where renamed[key.position] != nil {
                if let next = keys[(offset + 1)...].first(where: { $0.name == key.name }) {
                    found[key.position] = .duplicateField(path.field(key.name), at: next.mark)
                }
            }
            for (child, value) in mapping {
                let name = child.mark.flatMap { renamed[DecodingIssues.Position($0)] } ?? child.scalar?.string ?? ""
                walk(value, path: path.field(name))
            }
        case .sequence(let sequence):
            for (index, element) in sequence.enumerated() {
                walk(element, path: path.index(index))
            }
        case .scalar, .alias:
            return
        }
    }
}
