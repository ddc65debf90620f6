import Foundation

/// The numeric value of a Kubernetes quantity (`500m`, `1.5Gi`, `2e3`), enough for the
/// downward API's `MilliValue()`/`Value()` (both round up, as `resource.Quantity` does).
///
/// Private to the runtime until TandemAPI's `Quantity` gains a real parser.
struct DownwardAPIQuantity: Equatable {
    var value: Decimal

    private static let binarySuffixes: [String: Int] = ["Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6]
    private static let decimalSuffixes: [String: Int] = ["n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18]

    init(value: Decimal) {
        self.value = value
    }

    init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let numberEnd = trimmed.firstIndex(where: { !($0.isNumber || $0 == "." || $0 == "+" || $0 == "-") })
                ?? Optional(trimmed.endIndex) else { return nil }
        let numberText = String(trimmed[..<numberEnd])
        let suffix = String(trimmed[numberEnd...])
        guard !numberText.isEmpty, let number = Decimal(string: numberText, locale: Locale(identifier: "en_US_POSIX")) else {
            return nil
        }
        if let power = Self.binarySuffixes[suffix] {
            var factor = Decimal(1)
            for _ in 0..<power { factor *= 1024 }
            value = number * factor
        } else if let exponent = Self.decimalSuffixes[suffix] {
            value = number * Self.power10(exponent)
        } else if let first = suffix.first, first == "e" || first == "E", let exponent = Int(suffix.dropFirst()) {
            value = number * Self.power10(exponent)
        } else {
            return nil
        }
    }

    private static func power10(_ exponent: Int) -> Decimal {
        var result = Decimal(1)
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    private static func ceiling(_ value: Decimal) -> Int64 {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 0, .up)
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    var milliValue: Int64 { Self.ceiling(value * 1000) }
    var integerValue: Int64 { Self.ceiling(value) }
}
