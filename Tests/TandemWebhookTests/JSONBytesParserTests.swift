import Foundation
import TandemAPI
import Testing
@testable import TandemWebhook

@Suite struct JSONBytesParserTests {
    @Test func agreesWithFoundationOnTheReview() throws {
        let data = try Data(contentsOf: Fixture.directory.appendingPathComponent("deployment-pod-review.json"))
        #expect(try JSONBytesParser.parse(data) == JSONDecoder().decode(JSONValue.self, from: data))
    }

    @Test func scalarsEscapesAndSurrogates() throws {
        let text = #" {"a":[1,-2.5e3,0,true,false,null,"x\"\\\/\b\f\n\r\tq\u00e9\ud83d\ude00\ud800z"],"a2":{}, "b":[]} "#
        #expect(try JSONBytesParser.parse(Data(text.utf8)) == .object([
            "a": .array([.number(1), .number(-2500), .number(0), .bool(true), .bool(false), .null,
                         .string("x\"\\/\u{8}\u{C}\n\r\tqé😀\u{FFFD}z")]),
            "a2": .object([:]), "b": .array([]),
        ]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"abc", "\"a\u{1}\"", "[1] x",
                      "{\"a\":1,}", "\"\\x\"", "\"\\u12\"", "1e"])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: JSONBytesParser.SyntaxError.self) { try JSONBytesParser.parse(Data(text.utf8)) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        #expect(throws: JSONBytesParser.SyntaxError.self) {
            try JSONBytesParser.parse(Data(String(repeating: "[", count: 100_000).utf8))
        }
        #expect(throws: Never.self) {
            try JSONBytesParser.parse(Data((String(repeating: "[", count: 500) + String(repeating: "]", count: 500)).utf8))
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
