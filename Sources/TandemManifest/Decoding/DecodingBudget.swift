import Yams

/// Bounds the work one manifest file may cause: YAML aliases let a few hundred bytes expand into
/// billions of values (each alias is a reference, and every pass that follows it walks the whole
/// referenced tree again).
///
/// One budget is made per file, from its composed documents, before anything walks them:
/// `init(roots:)` counts the values once with the aliases expanded (memoised by position, so
/// the count itself is linear in the text) and refuses the file when aliases add more than
/// `aliasExpansionLimit` values. Every later pass over the trees spends from the budget:
/// decoding each object, merge keys (`<<`), free-form fields, a `kind: List`'s envelope and the
/// duplicate-key locator's search; one that runs out fails the file with one line.
///
/// go-yaml, which the API server uses, bounds the same attack with an alias-to-value ratio
/// ("document contains excessive aliasing"); a flat count of what aliases add is simpler and
/// stricter. 50,000 is far beyond what shared blocks of env or volumes add in a real manifest
/// and keeps the worst case near half a second in a debug build.
final class DecodingBudget {
    static let aliasExpansionLimit = 50_000
    /// For passes over trees that were not counted (the duplicate-key locator's recomposition).
    static let defaultValues = 200_000

    let limit: Int
    private(set) var remaining: Int

    init(values: Int = DecodingBudget.defaultValues) {
        limit = values
        remaining = values
    }

    /// A budget for decoding `roots`; throws when aliases expand them by too much.
    convenience init(roots: [Node]) throws {
        var counter = ExpansionCounter()
        var expanded = 0
        for root in roots { expanded += counter.count(root) }
        if expanded - counter.distinct > Self.aliasExpansionLimit {
            throw NodeDecodingError(
                "invalid YAML: document contains excessive aliasing (aliases expand \(counter.distinct) values to \(expanded))",
                at: counter.worstMark)
        }
        // Merge keys may read a merged mapping's fields twice: room for that, never unbounded.
        self.init(values: 2 * expanded + 1_000)
    }

    /// Spends one value; throws once the budget is exhausted.
    func spend(at node: Node) throws {
        try spend(count: 1, at: node.mark)
    }

    func spend(count: Int, at mark: Mark?) throws {
        remaining -= count
        if remaining < 0 {
            var error = NodeDecodingError("document too large: more than \(limit) values (recursive aliases?)", at: mark)
            error.exhaustsFile = true
            throw error
        }
    }

    /// False once exhausted, for passes that give up quietly instead of throwing.
    func trySpend(at node: Node) -> Bool {
        remaining -= 1
        return remaining >= 0
    }
}

/// Counts a node tree's values with aliases expanded, in time linear in the distinct nodes: an
/// aliased node keeps its anchor's position, so a size is computed once per position.
private struct ExpansionCounter {
    struct Position: Hashable {
        var line: Int
        var column: Int
    }

    private var sizes: [Position: Int] = [:]
    private(set) var distinct = 0
    private(set) var worstMark: Mark?
    private var worstSize = 0

    mutating func count(_ node: Node) -> Int {
        let position = node.mark.map { Position(line: $0.line, column: $0.column) }
        if let position, let known = sizes[position] {
            if known > worstSize {
                worstSize = known
                worstMark = node.mark
            }
            return known
        }
        distinct += 1
        var size = 1
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping { size = Self.add(Self.add(size, count(key)), count(value)) }
        case .sequence(let sequence):
            for element in sequence { size = Self.add(size, count(element)) }
        case .scalar, .alias:
            break
        }
        if let position { sizes[position] = size }
        return size
    }

    /// Saturating: a few dozen levels of aliases overflow any integer.
    private static func add(_ lhs: Int, _ rhs: Int) -> Int {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? Int.max : sum
    }
}
