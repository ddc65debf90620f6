import TandemAPI
import Yams

/// Kubernetes types with their own JSON unmarshalling, decoded as the API server does.
extension StrictNodeDecoder {
    /// Free-form JSON (`affinity`, `tolerations`, …): anything goes, but it must be JSON:
    /// no duplicate keys, no NaN or infinity.
    static func freeForm(_ node: Node, path: FieldPath, budget: DecodingBudget, issues: DecodingIssues) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch ScalarValue(scalar) {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .int(let value): return .number(Double(value))
            case .uint(let value): return .number(Double(value))
            case .bigInt(let text): return .number(Double(text) ?? 0)
            case .float(let value):
                guard value.isFinite else {
                    throw NodeDecodingError.invalid(path, "\(quoted(scalar.string)) is not a JSON number", at: node.mark)
                }
                return .number(value)
            case .string(let text): return .string(text)
            case .invalid(let reason): throw NodeDecodingError.invalid(path, reason, at: node.mark)
            }
        case .mapping(let mapping):
            let fields = try MappingFields(mapping, path: path, budget: budget, issues: issues)
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(fields.entries.count)
            for entry in fields.entries {
                try budget.spend(at: entry.value)
                object[entry.key] = try freeForm(entry.value, path: path.field(entry.key), budget: budget, issues: issues)
            }
            return .object(object)
        case .sequence(let sequence):
            var array: [JSONValue] = []
            array.reserveCapacity(sequence.count)
            for (index, element) in sequence.enumerated() {
                try budget.spend(at: element)
                array.append(try freeForm(element, path: path.index(index), budget: budget, issues: issues))
            }
            return .array(array)
        case .alias:
            throw NodeDecodingError.invalid(path, "unresolved alias", at: node.mark)
        }
    }

    /// `resource.Quantity` accepts a JSON string or number (`cpu: 0.5`, `memory: 128Mi`).
    static func quantity(_ node: Node, path: FieldPath) throws -> Quantity {
        guard case .scalar(let scalar) = node else {
            throw NodeDecodingError.mismatch(path, expected: "quantity", got: node.kindDescription, at: node.mark)
        }
        let value = ScalarValue(scalar)
        let text: String
        switch value {
        case .string(let string): text = string
        case .int(let number): text = String(number)
        case .uint(let number): text = String(number)
        case .bigInt(let digits): text = digits
        case .float(let number) where number.isFinite:
            text = number.rounded(.towardZero) == number && abs(number) < 1e18 ? String(Int64(number)) : String(number)
        default:
            throw NodeDecodingError.mismatch(path, expected: "quantity", got: value.describe(raw: scalar.string), at: node.mark)
        }
        do {
            return try Quantity(parsing: text)
        } catch QuantityError.outOfRange {
            throw NodeDecodingError.invalid(path, "\(QuantityError.outOfRange.description), got \(quoted(text))", at: node.mark)
        } catch {
            throw NodeDecodingError.invalid(path, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', got \(quoted(text))", at: node.mark)
        }
    }

    /// `intstr.IntOrString`: a JSON number is an int32, a JSON string a name (`"8080"` stays a string).
    static func intOrString(_ node: Node, path: FieldPath) throws -> IntOrString {
        guard case .scalar(let scalar) = node else {
            throw NodeDecodingError.mismatch(path, expected: "int or string", got: node.kindDescription, at: node.mark)
        }
        let value = ScalarValue(scalar)
        switch value {
        case .string(let text):
            return .string(text)
        case .int(let number):
            if let port = Int32(exactly: number) { return .int(port) }
        case .float(let number) where number.isFinite && number.rounded(.towardZero) == number:
            if let port = Int32(exactly: number) { return .int(port) }
        case .uint, .bigInt:
            break
        default:
            throw NodeDecodingError.mismatch(path, expected: "int or string", got: value.describe(raw: scalar.string), at: node.mark)
        }
        throw NodeDecodingError.invalid(path, "expected int32 or string, got \(value.describe(raw: scalar.string)) (out of range)", at: node.mark)
    }
}
