import TandemAPI
import TandemAdoption
import TandemManifest
import Testing

@Suite struct JSONPatchOperationTests {
    @Test func pointerEscapesTildeBeforeSlash() throws {
        let pointer = JSONPointer(tokens: ["metadata", "annotations", "sidecar.tandem.dev/a~b"])
        #expect(pointer.description == "/metadata/annotations/sidecar.tandem.dev~1a~0b")
        #expect(JSONPointer(pointer.description) == pointer)
        #expect(JSONPointer("/a~01") == JSONPointer(tokens: ["a~1"]))
        #expect(JSONPointer("") == JSONPointer(tokens: []))
        #expect(JSONPointer("a") == nil)
        #expect(JSONPointer("/a~2") == nil)
    }

    @Test func addInsertsAppendsAndSetsMembers() throws {
        let document: JSONValue = .object(["spec": .object(["list": .array([.string("a"), .string("c")])])])
        let patched = try JSONPatchOperation.apply([
            .add(JSONPointer(tokens: ["spec", "list", "1"]), .string("b")),
            .add(JSONPointer(tokens: ["spec", "list", "-"]), .string("d")),
            .add(JSONPointer(tokens: ["spec", "new"]), .bool(true)),
        ], to: document)
        #expect(patched == .object(["spec": .object(["list": .array([.string("a"), .string("b"), .string("c"), .string("d")]), "new": .bool(true)])]))
    }

    @Test func replaceAndRemoveNeedATarget() throws {
        let document: JSONValue = .object(["list": .array([.string("a")])])
        #expect(try JSONPatchOperation(op: .replace, path: JSONPointer(tokens: ["list", "0"]), value: .string("z")).apply(to: document)
                == .object(["list": .array([.string("z")])]))
        #expect(try JSONPatchOperation(op: .remove, path: JSONPointer(tokens: ["list", "0"])).apply(to: document)
                == .object(["list": .array([])]))
        #expect(throws: JSONPatchError(description: "replace \"/list/1\": no such location")) {
            try JSONPatchOperation(op: .replace, path: JSONPointer(tokens: ["list", "1"]), value: .null).apply(to: document)
        }
        #expect(throws: JSONPatchError(description: "add \"/list/01\": no such location")) {
            try JSONPatchOperation.add(JSONPointer(tokens: ["list", "01"]), .null).apply(to: document)
        }
        #expect(throws: JSONPatchError(description: "add \"/missing/x\": no such location")) {
            try JSONPatchOperation.add(JSONPointer(tokens: ["missing", "x"]), .null).apply(to: document)
        }
    }

    @Test func patchJSONIsCompactWithSortedKeys() {
        let text = JSONPatchOperation.json([
            .add(JSONPointer(tokens: ["metadata", "annotations", "a/b"]), .object(["z": .number(1), "a": .string("x/y")])),
            JSONPatchOperation(op: .remove, path: JSONPointer(tokens: ["spec", "containers", "0"])),
        ])
        #expect(text == #"[{"op":"add","path":"/metadata/annotations/a~1b","value":{"a":"x/y","z":1}},{"op":"remove","path":"/spec/containers/0"}]"#)
    }

    @Test func rawDocumentsKeepKeyOrderAndAddAtTheEnd() throws {
        let document = try #require(try RawManifest.decode(text: "b: 1\na: [x]\n", file: "t").first)
        let patched = try JSONPatchOperation.apply([
            .add(JSONPointer(tokens: ["a", "0"]), .string("w")),
            .add(JSONPointer(tokens: ["c"]), .object(["z": .number(2), "name": .string("n")])),
            JSONPatchOperation(op: .replace, path: JSONPointer(tokens: ["b"]), value: .string("8080")),
        ], to: document)
        // `n` is a YAML 1.1 boolean to go-yaml v2, so the string is quoted; so is "8080".
        #expect(RawManifest.yaml([patched]) == """
            b: "8080"
            a:
            - w
            - x
            c:
              name: "n"
              z: 2

            """)
    }
}

extension JSONPatchOperation {
    static func apply(_ operations: [JSONPatchOperation], to document: RawValue) throws -> RawValue {
        var result = document
        for operation in operations { result = try operation.apply(to: result) }
        return result
    }
}
