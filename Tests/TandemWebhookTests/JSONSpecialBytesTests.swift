import Testing
@testable import TandemWebhook

/// `JSONSpecialBytes` reads eight bytes at a time; these compare it with the byte-at-a-time definition.
@Suite struct JSONSpecialBytesTests {
    /// The definition: a quote, a backslash or a control character.
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    static func firstByDefinition(_ bytes: [UInt8], from start: Int) -> Int {
        bytes[start...].firstIndex(where: isSpecial) ?? bytes.count
    }

    /// Every byte value at every offset of a 19-byte run of plain bytes (both word positions and the tail), with
    /// and without a second special byte after it: a borrow from a lower byte must not hide or move the answer.
    @Test func everyByteAtEveryOffset() {
        let plainFillers: [UInt8] = [UInt8(ascii: "a"), 0x7F, 0x80, 0xFF, 0x21, 0x5D, 0x23, 0x5B]
        for filler in plainFillers {
            for value in 0...255 {
                for offset in 0..<19 {
                    for second in [nil, 1, 7] as [Int?] {
                        var bytes = [UInt8](repeating: filler, count: 19)
                        bytes[offset] = UInt8(value)
                        if let second, offset + second < bytes.count { bytes[offset + second] = 0x22 }
                        for start in [0, 1, min(offset, 5)] {
                            let found = bytes.withUnsafeBytes { JSONSpecialBytes.first(in: $0, from: start) }
                            #expect(found == Self.firstByDefinition(bytes, from: start),
                                    "filler \(filler) value \(value) offset \(offset) second \(String(describing: second)) start \(start)")
                        }
                    }
                }
            }
        }
    }

    @Test func randomTexts() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &generator)
            // Mostly plain bytes, a special one now and then.
            let bytes = (0..<count).map { _ in
                Int.random(in: 0..<16, using: &generator) == 0 ? [0x00, 0x1F, 0x22, 0x5C].randomElement()!
                    : UInt8.random(in: 0x20...0xFF, using: &generator)
            }
            let start = count == 0 ? 0 : Int.random(in: 0...count, using: &generator)
            let found = bytes.withUnsafeBytes { JSONSpecialBytes.first(in: $0, from: start) }
            #expect(found == Self.firstByDefinition(bytes, from: start), "\(bytes) from \(start)")
        }
    }

    @Test func anEmptyBuffer() {
        #expect(JSONSpecialBytes.first(in: UnsafeRawBufferPointer(start: nil, count: 0), from: 0) == 0)
    }
}
