/// What kubectl does differently for a stream it reads as JSON. apimachinery's
/// `YAMLOrJSONDecoder` takes a stream whose first non-space byte is `{` (`GuessJSONStream`) for
/// JSON and decodes it with Go's `encoding/json`, which reads two things YAML's parser (libyaml,
/// like go-yaml) refuses: a UTF-16 surrogate pair escape (`"\ud83d\ude00"`, what Python's
/// `json.dumps` writes for any character above U+FFFF) is the one character it stands for, and
/// a lone surrogate escape (`"\ud800"`) or a byte that is not UTF-8 inside a string is U+FFFD,
/// one per escape or byte. tandem parses JSON with its YAML parser, so it hands that parser the
/// text these rules give, laid out so that every line and column outside the strings stays put.
enum JSONStreams {
    /// Whether kubectl would read `bytes` as JSON: the first byte that is not ASCII white space
    /// is `{` (Go's `unicode.IsSpace` also skips U+0085 and U+00A0, which no manifest starts with).
    static func looksLikeJSON<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        for byte in bytes {
            switch byte {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20: continue
            default: return byte == UInt8(ascii: "{")
            }
        }
        return false
    }

    /// `bytes` with every byte inside a JSON string that is not part of a UTF-8 character
    /// replaced by U+FFFD, as `encoding/json` decodes it (`utf8.DecodeRune` takes one byte of an
    /// invalid sequence at a time). Bytes outside strings are left for the parser to refuse.
    static func repairingStrings(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                out.append(byte)
                if inString, byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] < 0x80 {
                    out.append(bytes[index + 1])
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString.toggle() }
                index += 1
                continue
            }
            let length = validSequenceLength(bytes, at: index)
            if length > 0 {
                out.append(contentsOf: bytes[index..<index + length])
                index += length
            } else if inString {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                index += 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// The text YAML's parser reads as `encoding/json` reads `text`: inside strings, a
    /// surrogate pair escape becomes the `\U` escape of its character, followed by two spaces
    /// after the string's closing quote (so what follows keeps its column), and a lone surrogate
    /// escape becomes `\uFFFD` (as long). `text` itself when it has no surrogate escape.
    static func yamlReadable(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard containsSurrogateEscape(bytes) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var inString = false
        var shortened = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard inString else {
                out.append(byte)
                if byte == UInt8(ascii: "\"") { inString = true }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                out.append(byte)
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: shortened))
                inString = false
                shortened = 0
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                out.append(byte)
                index += 1
                continue
            }
            guard let unit = unicodeEscape(bytes, at: index), (0xD800...0xDFFF).contains(unit) else {
                out.append(contentsOf: bytes[index...index + 1])
                index += 2
                continue
            }
            if unit < 0xDC00, let low = unicodeEscape(bytes, at: index + 6), (0xDC00...0xDFFF).contains(low) {
                let scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                let hex = String(scalar, radix: 16, uppercase: true)
                out.append(contentsOf: Array("\\U\(String(repeating: "0", count: 8 - hex.count))\(hex)".utf8))
                shortened += 2
                index += 12
            } else {
                // encoding/json: a surrogate not followed by its other half is U+FFFD.
                out.append(contentsOf: Array("\\uFFFD".utf8))
                index += 6
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `\u` followed by `d8`…`df` occurs anywhere: the quick test before rewriting.
    private static func containsSurrogateEscape(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 6 else { return false }
        for index in 0...(bytes.count - 6) where bytes[index] == UInt8(ascii: "\\") && bytes[index + 1] == UInt8(ascii: "u") {
            if let unit = unicodeEscape(bytes, at: index), (0xD800...0xDFFF).contains(unit) { return true }
        }
        return false
    }

    /// The code unit of a `\uXXXX` escape starting at `index`, if there is one.
    private static func unicodeEscape(_ bytes: [UInt8], at index: Int) -> UInt32? {
        guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        else { return nil }
        var value: UInt32 = 0
        for byte in bytes[(index + 2)..<(index + 6)] {
            guard let digit = hexValue(byte) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// The length of the well-formed UTF-8 sequence (Unicode table 3-7) starting at `index`,
    /// or 0 when the byte there does not start one.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return 0
        }
        guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }
}
