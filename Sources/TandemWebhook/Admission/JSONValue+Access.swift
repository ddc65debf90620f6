import Foundation
import TandemAPI

extension JSONValue {
    var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// `{"op":"add","path":path,"value":value}`, the only operation the webhook emits.
    static func addOperation(_ path: String, _ value: JSONValue) -> JSONValue {
        .object(["op": .string("add"), "path": .string(path), "value": value])
    }

    /// One JSON Pointer reference token (RFC 6901): `~` becomes `~0`, `/` becomes `~1`.
    static func pointerToken(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
