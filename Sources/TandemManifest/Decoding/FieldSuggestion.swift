/// Picks the known field an unknown one was probably meant to be, for
/// `unknown field "spec.containers[0].comand" (…); did you mean "command"?`.
///
/// The distance is the optimal-string-alignment edit distance (insertions, deletions,
/// substitutions and swaps of neighbours, so `nmae` is one edit from `name`), with case and
/// `_`/`-` ignored first (`image_pull_policy`, `ImagePullPolicy`). Written here because it is a
/// dozen lines and no library in the dependency set offers it; cobra suggests subcommands the
/// same way (Levenshtein, distance 2).
public enum FieldSuggestion {
    /// The closest of `candidates` (the first on a tie), or nil when none is within
    /// `limit(for:)` edits. Costs at most `candidates.count` distance computations over
    /// names whose lengths differ by no more than the limit, so a hostile key of a megabyte is
    /// rejected by its length alone.
    public static func nearest(to unknown: String, among candidates: [String]) -> String? {
        let target = Array(unknown.lowercased().unicodeScalars)
        let folded = fold(unknown)
        let limit = limit(for: target.count)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            if !folded.isEmpty, fold(candidate) == folded { return candidate }
            let other = Array(candidate.lowercased().unicodeScalars)
            guard abs(other.count - target.count) <= limit else { continue }
            let distance = editDistance(target, other)
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Edits allowed: one for names up to 4 characters, two up to 8, three beyond.
    static func limit(for length: Int) -> Int {
        length <= 4 ? 1 : (length <= 8 ? 2 : 3)
    }

    /// The name without case, `_` and `-`: spellings that mean the same field.
    private static func fold(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" })
    }

    /// Optimal string alignment distance, three rolling rows; with `swaps` false, the Levenshtein
    /// distance (a swap of neighbours costs two edits), as cobra's subcommand suggestions count.
    public static func editDistance(_ lhs: [Unicode.Scalar], _ rhs: [Unicode.Scalar], swaps: Bool = true) -> Int {
        if lhs.isEmpty { return rhs.count }
        if rhs.isEmpty { return lhs.count }
        var previous2 = [Int](repeating: 0, count: rhs.count + 1)
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: rhs.count + 1)
        for i in 1...lhs.count {
            current[0] = i
            for j in 1...rhs.count {
                let cost = lhs[i - 1] == rhs[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if swaps, i > 1, j > 1, lhs[i - 1] == rhs[j - 2], lhs[i - 2] == rhs[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[rhs.count]
    }
}
