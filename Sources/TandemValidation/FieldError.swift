import TandemAPI

/// One validation failure, shaped like the API server's `field.Error` so that `tandem validate`
/// and `tandem run` word problems exactly as `kubectl apply` would.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Machine-readable category; raw values are Go's `field.ErrorType` strings.
    public enum ErrorType: String, Sendable, Equatable, CaseIterable, Codable {
        case notFound = "FieldValueNotFound"
        case required = "FieldValueRequired"
        case duplicate = "FieldValueDuplicate"
        case invalid = "FieldValueInvalid"
        case notSupported = "FieldValueNotSupported"
        case forbidden = "FieldValueForbidden"
        case tooLong = "FieldValueTooLong"
        case tooMany = "FieldValueTooMany"
        case internalError = "InternalError"
        case typeInvalid = "FieldValueTypeInvalid"

        /// Go's `ErrorType.String()`: the words that start the message body.
        public var phrase: String {
            switch self {
            case .notFound: return "Not found"
            case .required: return "Required value"
            case .duplicate: return "Duplicate value"
            case .invalid: return "Invalid value"
            case .notSupported: return "Unsupported value"
            case .forbidden: return "Forbidden"
            case .tooLong: return "Too long"
            case .tooMany: return "Too many"
            case .internalError: return "Internal error"
            case .typeInvalid: return "Invalid value"
            }
        }
    }

    public var type: ErrorType
    /// Rendered field path, e.g. `spec.initContainers[0].restartPolicy`.
    public var field: String
    public var badValue: BadValue
    public var detail: String

    public init(type: ErrorType, field: String, badValue: BadValue, detail: String) {
        self.type = type
        self.field = field
        self.badValue = badValue
        self.detail = detail
    }

    /// Go's `field.Error.Error()`: `<field>: <ErrorBody>`.
    public var description: String { "\(field): \(body)" }

    /// Go's `ErrorBody()`: the message without the field path. Required, Forbidden, TooLong and
    /// Internal errors never show the value; strings are quoted, numbers and booleans bare.
    public var body: String {
        var text: String
        switch type {
        case .required, .forbidden, .tooLong, .internalError:
            text = type.phrase
        default:
            if let rendered = badValue.goRendering {
                text = "\(type.phrase): \(rendered)"
            } else {
                text = type.phrase
            }
        }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }
}

/// The offending value carried by a `FieldError`, kept typed so it renders like Go's `%q`/`%v`.
public enum BadValue: Sendable, Equatable {
    /// No value shown (Go's `omitValue`, and the values of Required/Forbidden errors).
    case omitted
    case null
    case string(String)
    case int(Int64)
    case bool(Bool)
    /// A composite value (struct, map, list) already rendered the way the API server prints it.
    case rendered(String)

    /// The text Go prints for this value, or nil when it is omitted.
    var goRendering: String? {
        switch self {
        case .omitted: return nil
        case .null: return "null"
        case .string(let text): return GoQuoting.quote(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .rendered(let text): return text
        }
    }
}

extension FieldError {
    static func required(_ path: FieldPath, _ detail: String = "") -> FieldError {
        FieldError(type: .required, field: path.description, badValue: .omitted, detail: detail)
    }

    static func forbidden(_ path: FieldPath, _ detail: String) -> FieldError {
        FieldError(type: .forbidden, field: path.description, badValue: .omitted, detail: detail)
    }

    static func invalid(_ path: FieldPath, _ value: BadValue, _ detail: String) -> FieldError {
        FieldError(type: .invalid, field: path.description, badValue: value, detail: detail)
    }

    static func invalid(_ path: FieldPath, _ value: String, _ detail: String) -> FieldError {
        invalid(path, .string(value), detail)
    }

    static func invalid(_ path: FieldPath, _ value: Int64, _ detail: String) -> FieldError {
        invalid(path, .int(value), detail)
    }

    static func duplicate(_ path: FieldPath, _ value: String) -> FieldError {
        FieldError(type: .duplicate, field: path.description, badValue: .string(value), detail: "")
    }

    static func notFound(_ path: FieldPath, _ value: String) -> FieldError {
        FieldError(type: .notFound, field: path.description, badValue: .string(value), detail: "")
    }

    /// Go's `field.NotSupported`: the detail lists the supported values, each quoted.
    static func notSupported(_ path: FieldPath, _ value: String, _ supported: [String]) -> FieldError {
        let detail = supported.isEmpty ? "" : "supported values: " + supported.map(GoQuoting.quote).joined(separator: ", ")
        return FieldError(type: .notSupported, field: path.description, badValue: .string(value), detail: detail)
    }

    /// Go's `field.TooLong` (1.32+ wording); the value is never shown.
    static func tooLong(_ path: FieldPath, maxLength: Int) -> FieldError {
        let unit = maxLength == 1 ? "byte" : "bytes"
        return FieldError(type: .tooLong, field: path.description, badValue: .omitted,
                          detail: "may not be more than \(maxLength) \(unit)")
    }
}
