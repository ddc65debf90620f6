import Foundation
import TandemAPI

/// A JSON text checked and indexed in one pass, without building it: a flat list of nodes in document order
/// (an object's node is followed by its keys and values, an array's by its elements), each knowing where its
/// subtree ends, so a reader walks to the few members it needs and skips the rest in one step. `value` builds
/// the `JSONValue` of any node on demand.
///
/// Why by hand: the webhook reads a handful of an AdmissionReview's fields, and building the whole review as
/// `JSONValue` (a dictionary per object, a string per key, all freed again) was most of an admission's CPU
/// (bench/README.md); no JSON library on the mirror indexes without building. Accepts exactly RFC 8259: one
/// value with whitespace around it, `\uXXXX` escapes with surrogate pairs (a lone surrogate becomes U+FFFD,
/// as in Go's decoder), numbers by the RFC's grammar, read as `Double`; nesting deeper than 512 levels is a
/// syntax error, so hostile input cannot exhaust the stack, and so is a text over 2 GiB (offsets are `Int32`);
/// of duplicate keys the last one counts (as Go's encoding/json, the API server's decoder, does).
///
/// A class, so that a `JSONTapeValue` (tape and node index) is one reference to retain as readers pass it on.
public final class JSONTape: Sendable {
    struct SyntaxError: Error {}

    static let maximumDepth = 512
    /// The longest text read: nodes record offsets as `Int32`.
    public static let maximumLength = Int(Int32.max)

    enum Kind: UInt8, Sendable {
        case null, `true`, `false`, number, string, escapedString, array, object
    }

    struct Node: Sendable {
        var kind: Kind
        /// Scalars: the token's first byte (a string's first byte after its opening quote).
        var start: Int32
        /// Scalars: the byte after the token (a string's closing quote).
        var end: Int32
        /// The index of the node after this one's subtree (an object's keys and values, an array's elements).
        var next: Int32
    }

    /// The text, copied.
    let bytes: [UInt8]
    /// Nodes in document order; the root is node 0.
    let nodes: [Node]

    /// Checks and indexes `text`. Throws `SyntaxError` for anything that is not one JSON value.
    init(_ text: UnsafeRawBufferPointer) throws {
        guard text.count <= Self.maximumLength else { throw SyntaxError() }
        var builder = Builder(bytes: text.bindMemory(to: UInt8.self))
        try builder.value(depth: 0)
        builder.skipWhitespace()
        guard builder.index == builder.bytes.count else { throw SyntaxError() }
        bytes = Array(builder.bytes)
        nodes = builder.nodes
    }

    convenience init(_ data: Data) throws {
        let (bytes, nodes) = try data.withUnsafeBytes { text in
            let tape = try JSONTape(text)
            return (tape.bytes, tape.nodes)
        }
        self.init(bytes: bytes, nodes: nodes)
    }

    private init(bytes: [UInt8], nodes: [Node]) {
        self.bytes = bytes
        self.nodes = nodes
    }

    /// The whole text as `JSONValue`.
    static func parse(_ data: Data) throws -> JSONValue {
        try JSONTape(data).root.value
    }

    var root: JSONTapeValue { JSONTapeValue(tape: self, index: 0) }

    private struct Builder {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var nodes: [Node] = []

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            nodes.reserveCapacity(bytes.count / 8 + 16)  // compact JSON from the API server: ~1 node per 10 bytes
        }

        mutating func skipWhitespace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        mutating func value(depth: Int) throws {
            guard depth < JSONTape.maximumDepth else { throw SyntaxError() }
            skipWhitespace()
            guard index < bytes.count else { throw SyntaxError() }
            switch bytes[index] {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true", .true)
            case UInt8(ascii: "f"): try literal("false", .false)
            case UInt8(ascii: "n"): try literal("null", .null)
            default: try number()
            }
        }

        // Offsets fit Int32: the text is at most `maximumLength` bytes, and there are fewer nodes than bytes.
        mutating func scalar(_ kind: Kind, from start: Int, to end: Int) {
            nodes.append(Node(kind: kind, start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end),
                              next: Int32(truncatingIfNeeded: nodes.count &+ 1)))
        }

        mutating func literal(_ text: StaticString, _ kind: Kind) throws {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw SyntaxError() }
            for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { throw SyntaxError() }
            scalar(kind, from: index, to: index + count)
            index += count
        }

        /// Opens a container's node; `close` records where its text and subtree end.
        mutating func open(_ kind: Kind) -> Int {
            nodes.append(Node(kind: kind, start: Int32(truncatingIfNeeded: index), end: 0, next: 0))
            index += 1
            return nodes.count - 1
        }

        mutating func close(_ at: Int) {
            index += 1
            nodes[at].end = Int32(truncatingIfNeeded: index)
            nodes[at].next = Int32(truncatingIfNeeded: nodes.count)
        }

        mutating func object(depth: Int) throws {
            let at = open(.object)
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return close(at) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw SyntaxError() }
                try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw SyntaxError() }
                index += 1
                try value(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw SyntaxError() }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { return close(at) }
                throw SyntaxError()
            }
        }

        mutating func array(depth: Int) throws {
            let at = open(.array)
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { return close(at) }
            while true {
                try value(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw SyntaxError() }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { return close(at) }
                throw SyntaxError()
            }
        }

        /// A string token: control characters are errors; escapes are checked here and decoded when read. The plain
        /// bytes between are passed over eight at a time (`JSONSpecialBytes`).
        mutating func string() throws {
            let start = index + 1
            var at = start  // a local index: the loop runs over every byte of the text's strings
            var escaped = false
            let count = bytes.count
            let raw = UnsafeRawBufferPointer(bytes)
            while true {
                at = JSONSpecialBytes.first(in: raw, from: at)
                guard at < count else { throw SyntaxError() }
                let byte = bytes[at]
                if byte == UInt8(ascii: "\"") {
                    scalar(escaped ? .escapedString : .string, from: start, to: at)
                    index = at + 1
                    return
                }
                guard byte == UInt8(ascii: "\\") else { throw SyntaxError() }  // a control character
                escaped = true
                at += 1
                guard at < count else { throw SyntaxError() }
                switch bytes[at] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    at += 1
                case UInt8(ascii: "u"):
                    guard at + 5 <= count,
                          (1...4).allSatisfy({ JSONTape.hexDigit(bytes[at + $0]) != nil }) else { throw SyntaxError() }
                    at += 5
                default: throw SyntaxError()
                }
            }
        }

        mutating func number() throws {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digitsStart = index
            skipDigits()
            guard index > digitsStart else { throw SyntaxError() }
            if bytes[digitsStart] == UInt8(ascii: "0"), index - digitsStart > 1 { throw SyntaxError() }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fraction = index
                skipDigits()
                guard index > fraction else { throw SyntaxError() }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                let exponent = index
                skipDigits()
                guard index > exponent else { throw SyntaxError() }
            }
            scalar(.number, from: start, to: index)
        }

        mutating func skipDigits() {
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        }
    }

    static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
