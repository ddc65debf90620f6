/// Finds the bytes a JSON string cannot hold as they are — a quote, a backslash, a control character (< 0x20) —
/// eight at a time: the JSON reader (`JSONTape`) passes over the plain bytes of every string token with it, and
/// the writer (`JSONTextWriter`) copies a string whole when it has none. Written by hand: the standard library's
/// searches take one predicate per byte, and strings are most of an AdmissionReview's bytes.
enum JSONSpecialBytes {
    /// The offset of the first quote, backslash or control byte of `bytes` at or after `start`; `bytes.count` when
    /// there is none.
    @inline(__always)
    static func first(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var at = start
        let count = bytes.count
        if let base = bytes.baseAddress {
            while at + 8 <= count {
                let marks = Self.marks(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
                if marks != 0 { return at + marks.trailingZeroBitCount >> 3 }
                at += 8
            }
        }
        while at < count {
            let byte = bytes[at]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return at }
            at += 1
        }
        return count
    }

    /// For eight bytes read little-endian (the first byte lowest), a word whose lowest set bit lies in the first
    /// byte that is a quote, a backslash or below 0x20; 0 when there is none. The usual word-at-a-time tests:
    /// `(x - 0x0101…) & ~x & 0x8080…` marks the bytes of `x` that are 0 (applied to the word XOR the quote and XOR
    /// the backslash), `(x - 0x2020…) & ~x & 0x8080…` those below 0x20; a borrow can also mark a byte above a
    /// marked one, never one below, so the lowest mark is exact.
    @inline(__always)
    static func marks(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let marks = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
        return marks & (ones &* 0x80)
    }
}
