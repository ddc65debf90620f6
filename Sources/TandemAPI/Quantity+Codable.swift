// JSON/YAML form of a quantity, as Kubernetes' UnmarshalJSON / MarshalJSON: a string (or a bare
// number) in, the canonical string out.

extension Quantity: Codable {
    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            // Kubernetes reads `null` as a zero quantity.
            self = .zero
            return
        }
        let text: String
        if let string = try? single.decode(String.self) {
            text = string
        } else if let integer = try? single.decode(Int64.self) {
            text = String(integer)
        } else {
            // A JSON number with a fraction: Swift's shortest round-trip form is the literal.
            text = String(try single.decode(Double.self))
        }
        do {
            self = try QuantityParser.parse(Quantity.trimmingWhitespace(text))
        } catch {
            throw DecodingError.dataCorruptedError(in: single, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(description)
    }

    /// Kubernetes trims surrounding whitespace before parsing (a TODO there says it may stop).
    private static func trimmingWhitespace(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(text.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
