import Foundation
import TandemAPI
import TandemAdoption

/// One value of the webhook's indexed request text (`JSONTape`), read in place: its kind, an object's members by key, an array's elements, a
/// string decoded; `value` builds it as `JSONValue` when a reader needs all of it.
public struct JSONTapeValue: Sendable {
    let tape: JSONTape
    let index: Int

    private var node: JSONTape.Node { tape.nodes[index] }

    public var jsonKind: JSONKind {
        switch node.kind {
        case .null: .null
        case .true, .false: .bool
        case .number: .number
        case .string, .escapedString: .string
        case .array: .array
        case .object: .object
        }
    }

    /// The member `key` of an object (the last one of that key); nil for a missing key or a non-object.
    public subscript(key: String) -> JSONTapeValue? {
        guard node.kind == .object else { return nil }
        var found: Int?
        var member = index + 1
        let end = Int(node.next)
        var key = key
        key.withUTF8 { wanted in
            let repairs = JSONTape.holdsReplacementCharacter(wanted)
            while member < end {
                if tape.key(at: member, equals: wanted, wantedHoldsReplacement: repairs) { found = member + 1 }
                member = Int(tape.nodes[member + 1].next)
            }
        }
        return found.map { JSONTapeValue(tape: tape, index: $0) }
    }

    /// A string's text, escapes decoded; nil for anything else.
    public var textValue: String? {
        switch node.kind {
        case .string, .escapedString: tape.string(at: index)
        default: nil
        }
    }

    /// An array's elements in order; empty for anything else.
    public var elements: [JSONTapeValue] {
        guard node.kind == .array else { return [] }
        var result: [JSONTapeValue] = []
        var element = index + 1
        while element < Int(node.next) {
            result.append(JSONTapeValue(tape: tape, index: element))
            element = Int(tape.nodes[element].next)
        }
        return result
    }

    /// An object's members in document order (duplicates included); empty for anything else.
    public var members: [(key: String, value: JSONTapeValue)] {
        guard node.kind == .object else { return [] }
        var result: [(key: String, value: JSONTapeValue)] = []
        var member = index + 1
        while member < Int(node.next) {
            result.append((tape.string(at: member), JSONTapeValue(tape: tape, index: member + 1)))
            member = Int(tape.nodes[member + 1].next)
        }
        return result
    }

    /// The value built whole.
    public var value: JSONValue { tape.value(at: index) }
}

extension JSONTapeValue: JSONReadable {}

extension JSONTape {
    /// Whether the string node at `index` (a key) is `wanted` as `string(at:)` decodes it, compared as UTF-8
    /// without decoding it when it has no escapes. Its raw bytes equal to `wanted` are valid UTF-8 and so its text;
    /// otherwise its text can still be `wanted` only when it held invalid UTF-8, read as U+FFFD, so when
    /// `wantedHoldsReplacement` (`holdsReplacementCharacter(wanted)`) it is decoded and compared.
    /// An escaped key is compared as it decodes, up to its first difference (a long escaped key costs a lookup no
    /// more than `wanted`'s length), its decoded bytes being its text under the same condition.
    func key(at index: Int, equals wanted: UnsafeBufferPointer<UInt8>, wantedHoldsReplacement: Bool) -> Bool {
        let node = nodes[index]
        let start = Int(node.start)
        switch node.kind {
        case .string:
            let raw = Int(node.end) - start == wanted.count && bytes.withUnsafeBufferPointer { all in
                wanted.count == 0 || memcmp(all.baseAddress! + start, wanted.baseAddress!, wanted.count) == 0
            }
            if raw || !wantedHoldsReplacement { return raw }
        case .escapedString where !wantedHoldsReplacement:
            return bytes.withUnsafeBufferPointer { all in
                var offset = 0
                let whole = Self.decodeEscapes(UnsafeBufferPointer(rebasing: all[start..<Int(node.end)])) { byte in
                    guard offset < wanted.count, wanted[offset] == byte else { return false }
                    offset += 1
                    return true
                }
                return whole && offset == wanted.count
            }
        default: break
        }
        var text = string(at: index)
        return text.withUTF8 { $0.elementsEqual(wanted) }
    }

    /// Whether `utf8` holds U+FFFD (EF BF BD), what `string(at:)` makes of invalid UTF-8.
    static func holdsReplacementCharacter(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard utf8.count >= 3 else { return false }
        for index in 0..<(utf8.count - 2) where utf8[index] == 0xEF && utf8[index + 1] == 0xBF && utf8[index + 2] == 0xBD {
            return true
        }
        return false
    }

    /// The string node at `index`, decoded (invalid UTF-8 repaired to U+FFFD, as `String(decoding:)` does).
    func string(at index: Int) -> String {
        let node = nodes[index]
        return bytes.withUnsafeBufferPointer { all in
            let raw = UnsafeBufferPointer(rebasing: all[Int(node.start)..<Int(node.end)])
            guard node.kind == .escapedString else { return String(decoding: raw, as: UTF8.self) }
            return String(decoding: Self.unescaped(raw), as: UTF8.self)
        }
    }

    /// A string token's bytes with its escapes decoded; the token was checked when the tape was built.
    private static func unescaped(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(raw.count)
        _ = decodeEscapes(raw) { byte in
            utf8.append(byte)
            return true
        }
        return utf8
    }

    /// Hands `body` each byte of a checked string token's text with its escapes decoded (invalid UTF-8 as it is),
    /// until `body` returns false; returns whether it got every byte.
    @inline(__always)
    private static func decodeEscapes(_ raw: UnsafeBufferPointer<UInt8>, _ body: (UInt8) -> Bool) -> Bool {
        var index = 0
        func hex4(at offset: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 * 16 + (hexDigit(raw[offset + $1]) ?? 0) }
        }
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                if !body(byte) { return false }
                continue
            }
            let escape = raw[index]
            index += 1
            let decoded: UInt8
            switch escape {
            case UInt8(ascii: "b"): decoded = 0x08
            case UInt8(ascii: "f"): decoded = 0x0C
            case UInt8(ascii: "n"): decoded = 0x0A
            case UInt8(ascii: "r"): decoded = 0x0D
            case UInt8(ascii: "t"): decoded = 0x09
            case UInt8(ascii: "u"):
                var scalar = hex4(at: index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= raw.count,
                   raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u") {
                    let low = hex4(at: index + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                // Lone surrogates become U+FFFD, as Go's decoder does.
                var whole = true
                UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { unit in
                    if whole { whole = body(unit) }
                }
                if !whole { return false }
                continue
            default: decoded = escape  // \" \\ \/
            }
            if !body(decoded) { return false }
        }
        return true
    }

    /// The node at `index` built as `JSONValue`.
    func value(at index: Int) -> JSONValue {
        let node = nodes[index]
        switch node.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .string, .escapedString: return .string(string(at: index))
        case .number:
            let text = bytes.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[Int(node.start)..<Int(node.end)]), as: UTF8.self)
            }
            // The grammar was checked, and Double reads every number of it (out of range ones as ±infinity).
            return .number(Double(text) ?? .nan)
        case .array:
            var array: [JSONValue] = []
            var element = index + 1
            while element < Int(node.next) {
                array.append(value(at: element))
                element = Int(nodes[element].next)
            }
            return .array(array)
        case .object:
            var count = 0
            var member = index + 1
            while member < Int(node.next) {
                count += 1
                member = Int(nodes[member + 1].next)
            }
            var object = [String: JSONValue](minimumCapacity: count)
            member = index + 1
            while member < Int(node.next) {
                // In document order, so a duplicate key keeps its last value.
                object[string(at: member)] = value(at: member + 1)
                member = Int(nodes[member + 1].next)
            }
            return .object(object)
        }
    }
}
