extension StringProtocol {
    /// Go's `strings.Split(s, sep)` for a one-scalar separator such as `"\n"` or `"\t"`: the
    /// text cut at every occurrence of that Unicode scalar, empty pieces kept.
    ///
    /// Swift's `split(separator: "\n")` compares Characters, and `"\r\n"` is one Character (one
    /// grapheme cluster), so a value ending in `\r` followed by a line break would not be cut
    /// there: the `\r` and the break would stay inside one piece. Go splits bytes, so does this.
    public func goSplit(_ separator: Unicode.Scalar) -> [String] {
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar == separator {
                pieces.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        pieces.append(String(current))
        return pieces
    }

    /// True when the last Unicode scalar is `scalar` (`"x\r\n".hasSuffix("\n")` is false in
    /// Swift: the last Character is `"\r\n"`).
    public func endsWith(scalar: Unicode.Scalar) -> Bool {
        unicodeScalars.last == scalar
    }
}
