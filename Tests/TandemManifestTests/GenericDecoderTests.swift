@testable import TandemManifest
import Testing
import Yams

/// A free-form type written like `TandemAPI.JSONValue`: keyed, else unkeyed, else single value.
private indirect enum FreeForm: Decodable, Equatable {
    case object([String: FreeForm])
    case array([FreeForm])
    case number(Double)
    case text(String)
    case flag(Bool)
    case null

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var object: [String: FreeForm] = [:]
            for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(FreeForm.self, forKey: key) }
            self = .object(object)
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var array: [FreeForm] = []
            while !unkeyed.isAtEnd { array.append(try unkeyed.decode(FreeForm.self)) }
            self = .array(array)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let value = try? single.decode(Bool.self) {
                self = .flag(value)
            } else if let value = try? single.decode(Double.self) {
                self = .number(value)
            } else {
                self = .text(try single.decode(String.self))
            }
        }
    }
}

private struct Holder: Decodable {
    var value: FreeForm?
    var count: Int32?
}

@Suite("Generic strict decoder")
struct GenericDecoderTests {
    private func decode<T: Decodable>(_ type: T.Type, _ yaml: String) throws -> T {
        let node = try #require(try Yams.compose(yaml: yaml))
        let issues = DecodingIssues()
        let value = try StrictNodeDecoder.decode(T.self, from: node, path: .root, budget: DecodingBudget(), issues: issues)
        if let first = issues.sorted().first { throw first }
        return value
    }

    @Test func wrongContainerKindFailsFastSoFallbacksWork() throws {
        let holder = try decode(Holder.self, "value: {a: [1, x, true, ~], b: {c: '2'}}\ncount: 3\n")
        #expect(holder.value == .object([
            "a": .array([.number(1), .text("x"), .flag(true), .null]),
            "b": .object(["c": .text("2")]),
        ]))
        #expect(holder.count == 3)
    }

    @Test func unknownFieldOfCustomType() {
        #expect(throws: NodeDecodingError.self) { try decode(Holder.self, "value: 1\ncounts: 2\n") }
        do {
            _ = try decode(Holder.self, "value: 1\ncounts: 2\n")
        } catch let error as NodeDecodingError {
            #expect(error.message == #"unknown field "counts""#)
            #expect(error.line == 2)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func scalarResolutionMatchesGoYAMLv2() {
        #expect(ScalarValue.resolvePlain("8080") == .int(8080))
        #expect(ScalarValue.resolvePlain("0x1F") == .int(31))
        #expect(ScalarValue.resolvePlain("0755") == .int(493))
        #expect(ScalarValue.resolvePlain("1_000") == .int(1000))
        #expect(ScalarValue.resolvePlain("-12") == .int(-12))
        #expect(ScalarValue.resolvePlain("18446744073709551615") == .uint(.max))
        #expect(ScalarValue.resolvePlain("99999999999999999999") == .bigInt("99999999999999999999"))
        #expect(ScalarValue.resolvePlain("1.0") == .float(1))
        #expect(ScalarValue.resolvePlain(".5") == .float(0.5))
        #expect(ScalarValue.resolvePlain("1e3") == .float(1000))
        #expect(ScalarValue.resolvePlain("08") == .float(8))
        #expect(ScalarValue.resolvePlain("yes") == .bool(true))
        #expect(ScalarValue.resolvePlain("Off") == .bool(false))
        #expect(ScalarValue.resolvePlain("~") == .null)
        #expect(ScalarValue.resolvePlain("") == .null)
        #expect(ScalarValue.resolvePlain("2024-01-02") == .string("2024-01-02"))
        #expect(ScalarValue.resolvePlain("1Gi") == .string("1Gi"))
        #expect(ScalarValue.resolvePlain("v1.2") == .string("v1.2"))
        #expect(ScalarValue.resolvePlain("1e400") == .string("1e400"))
        #expect(ScalarValue.resolvePlain("yesterday") == .string("yesterday"))
    }

    @Test func fieldPathRendering() {
        let path = FieldPath.root.field("spec").field("containers").index(0).field("name")
        #expect(path.rendered == "spec.containers[0].name")
        #expect(path.codingKeys.map(\.stringValue) == ["spec", "containers", "0", "name"])
    }
}
