/// Kubernetes' `intstr.IntOrString`: a port given by number (`8080`) or by name (`"http"`).
public enum IntOrString: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    case int(Int32)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let number = try? single.decode(Int32.self) {
            self = .int(number)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        switch self {
        case .int(let number): try single.encode(number)
        case .string(let name): try single.encode(name)
        }
    }

    public var description: String {
        switch self {
        case .int(let number): return String(number)
        case .string(let name): return name
        }
    }
}
