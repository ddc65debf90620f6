import Yams

/// Every problem found while decoding one file, so that one run reports them all in file order
/// (unknown fields, duplicates, wrong types) instead of one per attempt.
///
/// Kubernetes' strict decoder (`runtime.NewStrictDecodingError` in apimachinery) also collects
/// every unknown and duplicate field of an object into one error; tandem goes further and
/// keeps decoding after a wrongly typed value (the field holding it is dropped), so that one
/// bad value does not hide the typos after it. Nothing here is unbounded: every problem
/// belongs to a value the file's `DecodingBudget` paid for.
///
/// It also knows the keys that a later occurrence of the same key overrides (a YAML mapping
/// with a key twice keeps the last value, as JSON does in Kubernetes): the first occurrences
/// were renamed to compose the file at all, and decoding passes them over.
final class DecodingIssues {
    /// Where a key starts: 1-based line and column.
    struct Position: Hashable {
        var line: Int
        var column: Int
    }

    /// Problems kept per file: enough for any file a person wrote, and memory stays bounded
    /// for a generated one with millions of unknown fields (they are counted, not kept).
    static let maxKept = 1_000

    private(set) var errors: [NodeDecodingError] = []
    /// Problems found beyond `maxKept`.
    private(set) var dropped = 0
    /// First occurrences of duplicated keys, renamed in the composed text; not fields.
    var shadowedKeys: Set<Position> = []

    var isEmpty: Bool { errors.isEmpty }
    var count: Int { errors.count + dropped }

    func record(_ error: NodeDecodingError) {
        if errors.count < Self.maxKept {
            errors.append(error)
        } else {
            dropped += 1
        }
    }

    func isShadowed(_ mark: Mark?) -> Bool {
        guard let mark, !shadowedKeys.isEmpty else { return false }
        return shadowedKeys.contains(Position(line: mark.line, column: mark.column))
    }

    /// Runs `body`; a problem it throws is recorded and nil returned, so the caller carries on
    /// without that value. A budget that ran out is thrown on: it ends the file.
    func recovering<T>(at mark: Mark?, path: FieldPath, _ body: () throws -> T) throws -> T? {
        do {
            return try body()
        } catch let error as NodeDecodingError {
            if error.exhaustsFile { throw error }
            record(error)
        } catch is RecordedDecodingProblems {
        } catch {
            // A custom `init(from:)` (none today) could throw Swift's own DecodingError.
            record(.invalid(path, "\(error)", at: mark))
        }
        return nil
    }

    /// The problems in file order (by line and column; those without a position last, as found).
    /// Past `maxKept`, a last line says how many more there were.
    func sorted() -> [NodeDecodingError] {
        let kept = errors.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.line ?? Int.max, lhs.element.column ?? 0, lhs.offset)
            let right = (rhs.element.line ?? Int.max, rhs.element.column ?? 0, rhs.offset)
            return left < right
        }.map(\.element)
        guard dropped > 0 else { return kept }
        return kept + [NodeDecodingError("\(dropped) more problems not shown (the first \(Self.maxKept) found are)", at: nil)]
    }
}
