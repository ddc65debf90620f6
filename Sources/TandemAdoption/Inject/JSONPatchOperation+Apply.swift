import TandemAPI

/// Why a JSON Patch operation does not apply to a document (RFC 6902 §5: the whole patch fails).
public struct JSONPatchError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

extension JSONPatchOperation {
    /// Applies this operation to `document` as RFC 6902 §4 defines it (`add` on an array index
    /// inserts, `-` appends; `add` on an object member sets it; `replace` and `remove` need an
    /// existing target). Used to check that a patch gives what `tandem inject -o yaml` gives.
    public func apply(to document: JSONValue) throws(JSONPatchError) -> JSONValue {
        try Self.apply(self, tokens: path.tokens[...], to: document)
    }

    /// Applies every operation in order.
    public static func apply(_ operations: [JSONPatchOperation], to document: JSONValue) throws(JSONPatchError) -> JSONValue {
        var result = document
        for operation in operations {
            result = try operation.apply(to: result)
        }
        return result
    }

    private static func apply(_ operation: JSONPatchOperation, tokens: ArraySlice<String>, to node: JSONValue) throws(JSONPatchError) -> JSONValue {
        guard let token = tokens.first else {
            switch operation.op {
            case .add, .replace: return operation.value ?? .null
            case .remove: throw JSONPatchError(description: "cannot remove the whole document")
            }
        }
        let last = tokens.count == 1
        switch node {
        case .object(var object):
            if last {
                switch operation.op {
                case .add:
                    object[token] = operation.value ?? .null
                case .replace:
                    guard object[token] != nil else { throw missing(operation) }
                    object[token] = operation.value ?? .null
                case .remove:
                    guard object.removeValue(forKey: token) != nil else { throw missing(operation) }
                }
                return .object(object)
            }
            guard let child = object[token] else { throw missing(operation) }
            object[token] = try apply(operation, tokens: tokens.dropFirst(), to: child)
            return .object(object)
        case .array(var array):
            if last, operation.op == .add {
                if token == "-" {
                    array.append(operation.value ?? .null)
                } else {
                    guard let index = arrayIndex(token), index <= array.count else { throw missing(operation) }
                    array.insert(operation.value ?? .null, at: index)
                }
                return .array(array)
            }
            guard let index = arrayIndex(token), index < array.count else { throw missing(operation) }
            if last {
                if operation.op == .remove {
                    array.remove(at: index)
                } else {
                    array[index] = operation.value ?? .null
                }
            } else {
                array[index] = try apply(operation, tokens: tokens.dropFirst(), to: array[index])
            }
            return .array(array)
        default:
            throw missing(operation)
        }
    }

    /// RFC 6901 array index: `0` or digits without a leading zero.
    private static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber),
              token == "0" || !token.hasPrefix("0") else { return nil }
        return Int(token)
    }

    private static func missing(_ operation: JSONPatchOperation) -> JSONPatchError {
        JSONPatchError(description: "\(operation.op.rawValue) \(GoQuoting.quote(operation.path.description)): no such location")
    }
}
