import TandemAPI

/// JSON read without being built: the questions `PodTemplateShape` asks of a pod, answered the same way by a
/// `JSONValue` (`tandem inject`) and by the webhook's indexed request text, so one reading serves both.
public protocol JSONReadable {
    var jsonKind: JSONKind { get }
    /// An object's member `key` (of duplicates, the last); nil when missing or not an object.
    subscript(key: String) -> Self? { get }
    /// A string's text; nil for anything else.
    var textValue: String? { get }
    /// An array's elements; empty for anything else.
    var elements: [Self] { get }
}

/// The six kinds of JSON value (RFC 8259 §3).
public enum JSONKind: Sendable, Equatable {
    case null, bool, number, string, array, object
}

extension JSONValue: JSONReadable {
    public var jsonKind: JSONKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    public var textValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var elements: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
