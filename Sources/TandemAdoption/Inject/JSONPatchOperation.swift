import Foundation
import TandemAPI

/// One RFC 6902 JSON Patch operation, as the admission webhook returns it (base64 in
/// `response.patch`, `patchType: JSONPatch`) and `tandem inject -o jsonpatch` prints it.
///
/// The injector emits only `add`, except where the user asked to replace an existing container
/// (`--replace`): then that one container is `replace`d in place, or `remove`d from the other
/// container list before it is added where it belongs.
public struct JSONPatchOperation: Codable, Equatable, Sendable {
    public enum Op: String, Codable, Sendable {
        case add
        case remove
        case replace
    }

    public var op: Op
    public var path: JSONPointer
    /// The value for `add` and `replace`; absent for `remove`.
    public var value: JSONValue?

    public init(op: Op, path: JSONPointer, value: JSONValue? = nil) {
        self.op = op
        self.path = path
        self.value = value
    }

    public static func add(_ path: JSONPointer, _ value: JSONValue) -> JSONPatchOperation {
        JSONPatchOperation(op: .add, path: path, value: value)
    }

    private enum CodingKeys: String, CodingKey {
        case op, path, value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        op = try container.decode(Op.self, forKey: .op)
        let text = try container.decode(String.self, forKey: .path)
        guard let pointer = JSONPointer(text) else {
            throw DecodingError.dataCorruptedError(forKey: .path, in: container, debugDescription: "not a JSON pointer: \(GoQuoting.quote(text))")
        }
        path = pointer
        value = try container.decodeIfPresent(JSONValue.self, forKey: .value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(op, forKey: .op)
        try container.encode(path.description, forKey: .path)
        if op != .remove {
            try container.encode(value ?? .null, forKey: .value)
        }
    }

    /// The patch as compact JSON text with sorted keys (`[{"op":"add","path":…,"value":…}]`), the
    /// bytes the webhook base64-encodes.
    public static func json(_ operations: [JSONPatchOperation]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding JSONValue and strings cannot fail; an empty patch is the safe fallback.
        guard let data = try? encoder.encode(operations) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
