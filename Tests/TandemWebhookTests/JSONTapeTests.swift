import Foundation
import TandemAPI
import Testing
@testable import TandemWebhook

@Suite struct JSONTapeTests {
    @Test func agreesWithFoundationOnTheReview() throws {
        let data = try Data(contentsOf: Fixture.directory.appendingPathComponent("deployment-pod-review.json"))
        #expect(try JSONTape.parse(data) == JSONDecoder().decode(JSONValue.self, from: data))
    }

    @Test func scalarsEscapesAndSurrogates() throws {
        let text = #" {"a":[1,-2.5e3,0,true,false,null,"x\"\\\/\b\f\n\r\tq\u00e9\ud83d\ude00\ud800z"],"a2":{}, "b":[]} "#
        #expect(try JSONTape.parse(Data(text.utf8)) == .object([
            "a": .array([.number(1), .number(-2500), .number(0), .bool(true), .bool(false), .null,
                         .string("x\"\\/\u{8}\u{C}\n\r\tqé😀\u{FFFD}z")]),
            "a2": .object([:]), "b": .array([]),
        ]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"abc", "\"a\u{1}\"", "[1] x",
                      "{\"a\":1,}", "\"\\x\"", "\"\\u12\"", "1e"])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: JSONTape.SyntaxError.self) { try JSONTape.parse(Data(text.utf8)) }
    }

    @Test func readsInPlaceWhatItWouldBuild() throws {
        let text = #"{"k":1,"sp\u0061ce":"s","k":{"in":[true,"two",{"x":null}]},"e":"a\"b","":[]}"#
        let root = try JSONTape(Data(text.utf8)).root
        // Of duplicate keys the last counts, as when built; an escaped key is found by its text.
        #expect(root["k"]?.value == .object(["in": .array([.bool(true), .string("two"), .object(["x": .null])])]))
        #expect(root["space"]?.textValue == "s")
        #expect(root["e"]?.textValue == "a\"b")
        #expect(root[""]?.jsonKind == .array)
        #expect(root["missing"] == nil)
        #expect(root["k"]?["in"]?.elements.map(\.jsonKind) == [.bool, .string, .object])
        #expect(root["k"]?["in"]?.elements[1].textValue == "two")
        #expect(root.members.map(\.key) == ["k", "space", "k", "e", ""])
        #expect(root["k"]?["in"]?["x"] == nil)  // not an object
        #expect(root["e"]?.elements.isEmpty == true)
        #expect(root.value == .object([
            "k": .object(["in": .array([.bool(true), .string("two"), .object(["x": .null])])]),
            "space": .string("s"), "e": .string("a\"b"), "": .array([]),
        ]))
    }

    /// Found by tests/fuzz (admission): a key with invalid UTF-8 is built with U+FFFD in its place (as Go's
    /// decoder reads it), but in place it was compared by its raw bytes, so reading it by its built text missed it,
    /// and two keys repaired to the same text were two keys in place but one when built.
    @Test func readsAKeyWithInvalidUTF8InPlaceAsBuilt() throws {
        let text: [UInt8] = Array(#"{"a"#.utf8) + [0xFF] + Array(#"b":1,"#.utf8) + [0x22, 0xFE, 0x22] + Array(#":2,"#.utf8)
            + [0x22, 0xC3, 0x22] + Array(#":3}"#.utf8)
        let root = try JSONTape(Data(text)).root
        #expect(root.value == .object(["a\u{FFFD}b": .number(1), "\u{FFFD}": .number(3)]))
        #expect(root["a\u{FFFD}b"]?.value == .number(1))
        #expect(root["\u{FFFD}"]?.value == .number(3))
        #expect(root.members.map(\.key) == ["a\u{FFFD}b", "\u{FFFD}", "\u{FFFD}"])
    }

    /// Found attacking the server: a lookup decoded each escaped key it passed whole, so a 3 MiB request whose
    /// `request` held one 3 MiB escaped key (or 250,000 short ones) cost ~150-225 ms of CPU against ~12 ms for
    /// the same size unescaped. An escaped key is now compared as it decodes and given up at its first difference.
    @Test func looksUpPastLongEscapedKeys() throws {
        // How long such lookups take (they used to decode the whole key each time) is measured by hand, not here:
        // speed lives in bench/, not in timed tests.
        let long = String(repeating: #"\u0041"#, count: 100_000)
        let text = #"{""# + long + #"":1,"uid":"u"}"#
        let root = try JSONTape(Data(text.utf8)).root
        #expect(root["uid"]?.textValue == "u")
        #expect(root[String(repeating: "A", count: 100_000)]?.value == .number(1))
        #expect(root[String(repeating: "A", count: 99_999)] == nil)
        #expect(root[String(repeating: "A", count: 100_001)] == nil)
    }

    @Test func comparesEscapedKeysByTheirText() throws {
        let text: [UInt8] = Array(#"{"\ud83d\ude00":1,"\ud800":2,"\u0061"#.utf8) + [0xFF] + Array(#"":3,"a\u0062":4,"\"q\/":5}"#.utf8)
        let root = try JSONTape(Data(text)).root
        #expect(root["😀"]?.value == .number(1))
        #expect(root["\u{FFFD}"]?.value == .number(2))
        #expect(root["a\u{FFFD}"]?.value == .number(3))
        #expect(root["ab"]?.value == .number(4))
        #expect(root["a"] == nil)
        #expect(root["abc"] == nil)
        #expect(root["\"q/"]?.value == .number(5))
        #expect(root["\"q"] == nil)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        #expect(throws: JSONTape.SyntaxError.self) {
            try JSONTape.parse(Data(String(repeating: "[", count: 100_000).utf8))
        }
        #expect(throws: Never.self) {
            try JSONTape.parse(Data((String(repeating: "[", count: 500) + String(repeating: "]", count: 500)).utf8))
        }
    }
}

@Suite struct JSONTextWriterTests {
    @Test func sameBytesAsJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let review = try Fixture.review()
        let odd = JSONValue.object(["z": .string("a/b \"q\" \\ \n\r\t\u{8}\u{C}\u{1} é😀"), "a": .array([.number(1.5), .number(-3), .null, .bool(false)]),
                                    "m": .object([:])])
        for value in [review, odd] {
            #expect(JSONTextWriter.bytes(value) == Array(try encoder.encode(value)))
        }
    }
}
