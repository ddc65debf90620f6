/// Kubernetes' `resource.Quantity`. PLACEHOLDER: keeps the text; the real parser replaces this file.
public struct Quantity: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    public var text: String

    public init(parsing text: String) throws {
        self.text = text
    }

    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let number = try? single.decode(Int64.self) {
            text = String(number)
        } else {
            text = try single.decode(String.self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(description)
    }

    public var description: String { text }
}
