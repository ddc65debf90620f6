import Foundation
import TandemAPI

/// The numeric value of a `resource.Quantity`, parsed here from its text so that the checks work
/// with both the placeholder `TandemAPI.Quantity` and the real parser replacing it.
/// TODO(quantity): once `TandemAPI.Quantity` exposes its value and comparison, build this from them.
struct QuantityValue: Sendable, Equatable, Comparable {
    let value: Decimal
    /// The text shown in messages (Go prints `Quantity.String()`, the canonical form; we show the
    /// quantity's own description, which the real parser canonicalises).
    let text: String

    init?(_ quantity: Quantity) {
        self.init(text: quantity.description)
    }

    init?(text: String) {
        guard let value = QuantityValue.parse(text) else { return nil }
        self.value = value
        self.text = text
    }

    var isNegative: Bool { value < 0 }
    var isZero: Bool { value == 0 }
    var isInteger: Bool { QuantityValue.isWhole(value) }

    static func isWhole(_ number: Decimal) -> Bool {
        var source = number
        var rounded = Decimal()
        NSDecimalRound(&rounded, &source, 0, .plain)
        return rounded == number
    }

    static func < (lhs: QuantityValue, rhs: QuantityValue) -> Bool { lhs.value < rhs.value }
    static func == (lhs: QuantityValue, rhs: QuantityValue) -> Bool { lhs.value == rhs.value }

    private static let binarySuffixes: [String: Int] = ["Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60]
    private static let decimalSuffixes: [String: Int] = ["n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18]

    /// Parses `<signed decimal><suffix>` with the suffixes of `resource.Quantity`.
    static func parse(_ text: String) -> Decimal? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var number = ""
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" {
            number.unicodeScalars.append(scalars[index])
            index += 1
        }
        var digits = 0
        var dots = 0
        while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "." {
            if scalars[index] == "." { dots += 1 } else { digits += 1 }
            number.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard digits > 0, dots <= 1 else { return nil }
        var suffix = ""
        suffix.unicodeScalars.append(contentsOf: scalars[index...])
        guard let base = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        if let power = binarySuffixes[suffix] {
            return base * pow(Decimal(2), power)
        }
        if let exponent = decimalSuffixes[suffix] {
            return scaled(base, exponent)
        }
        if let first = suffix.first, first == "e" || first == "E", let exponent = Int(suffix.dropFirst()) {
            return scaled(base, exponent)
        }
        return nil
    }

    private static func scaled(_ base: Decimal, _ exponent: Int) -> Decimal {
        exponent >= 0 ? base * pow(Decimal(10), exponent) : base / pow(Decimal(10), -exponent)
    }
}
