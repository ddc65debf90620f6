import TandemAPI
import TandemManifest

extension JSONPatchOperation {
    /// Applies this operation to a document kept in its written key order, with the semantics of
    /// `apply(to: JSONValue)`: an added object member goes last, a replaced one stays in place.
    /// `tandem inject -o yaml` prints documents patched this way, so the YAML output and the
    /// JSON Patch are the same change by construction.
    public func apply(to document: RawValue) throws(JSONPatchError) -> RawValue {
        try Self.apply(self, tokens: path.tokens[...], to: document)
    }

    private static func apply(_ operation: JSONPatchOperation, tokens: ArraySlice<String>, to node: RawValue) throws(JSONPatchError) -> RawValue {
        let value = RawValue(operation.value ?? .null)
        guard let token = tokens.first else {
            guard operation.op != .remove else { throw JSONPatchError(description: "cannot remove the whole document") }
            return value
        }
        let last = tokens.count == 1
        switch node {
        case .object(var members):
            let index = members.firstIndex { $0.key == token }
            if last {
                switch (operation.op, index) {
                case (.add, nil): members.append(RawMember(key: token, value: value))
                case (.add, let index?), (.replace, let index?): members[index].value = value
                case (.remove, let index?): members.remove(at: index)
                case (.replace, nil), (.remove, nil): throw missing(operation)
                }
                return .object(members)
            }
            guard let index else { throw missing(operation) }
            members[index].value = try apply(operation, tokens: tokens.dropFirst(), to: members[index].value)
            return .object(members)
        case .array(var items):
            if last, operation.op == .add {
                if token == "-" {
                    items.append(value)
                } else {
                    guard let index = Int(token), String(index) == token, index >= 0, index <= items.count else { throw missing(operation) }
                    items.insert(value, at: index)
                }
                return .array(items)
            }
            guard let index = Int(token), String(index) == token, index >= 0, index < items.count else { throw missing(operation) }
            if last {
                if operation.op == .remove { items.remove(at: index) } else { items[index] = value }
            } else {
                items[index] = try apply(operation, tokens: tokens.dropFirst(), to: items[index])
            }
            return .array(items)
        default:
            throw missing(operation)
        }
    }

    private static func missing(_ operation: JSONPatchOperation) -> JSONPatchError {
        JSONPatchError(description: "\(operation.op.rawValue) \(GoQuoting.quote(operation.path.description)): no such location")
    }
}
