// Kubernetes' CanonicalizeBytes: no precision lost, no fractional digits, the largest
// possible suffix; BinarySI only when the value is a whole number of at least 1024.

extension Quantity {
    /// The canonical text computed from the value and format, ignoring any kept input text
    /// (Kubernetes `CanonicalizeBytes`). `description` is what Kubernetes' `String()` prints.
    public var canonicalForm: String {
        if isZero { return "0" }

        var format = self.format
        var integerValue: QuantityBigInt?
        if format == .binarySI {
            if compare(-1024) > 0 && compare(1024) < 0 {
                // Small binary values would need rounding; print them as decimal instead.
                format = .decimalSI
            } else {
                let (rounded, exact) = roundedUp(toScale: 0)
                if exact {
                    integerValue = rounded.unscaled
                } else {
                    format = .decimalSI
                }
            }
        }

        if format == .binarySI, let integer = integerValue {
            var mantissa = integer
            var times = 0
            while mantissa.magnitude >= QuantityBigInt(1024) {
                let (quotient, remainder) = mantissa.quotientAndRemainder(dividingBySmall: 1024)
                guard remainder == 0 else { break }
                mantissa = quotient
                times += 1
            }
            return mantissa.description + Quantity.binarySuffix(exponent: times * 10)
        }

        var (mantissa, exponent) = QuantityArithmetic.removingFactorsOfTen(unscaled, exponent: scale)
        // Only exponents that are multiples of three have a suffix: move down to the next one.
        switch exponent % 3 {
        case 1, -2:
            mantissa = mantissa.multiplied(bySmall: 10)
            exponent -= 1
        case 2, -1:
            mantissa = mantissa.multiplied(bySmall: 100)
            exponent -= 2
        default:
            break
        }
        return mantissa.description + Quantity.decimalSuffix(exponent: exponent, format: format)
    }

    /// Suffix for 2^exponent; Kubernetes prints no suffix where it has none (beyond `Ei`).
    static func binarySuffix(exponent: Int) -> String {
        switch exponent {
        case 10: return "Ki"
        case 20: return "Mi"
        case 30: return "Gi"
        case 40: return "Ti"
        case 50: return "Pi"
        case 60: return "Ei"
        default: return ""
        }
    }

    /// Suffix for 10^exponent; like Kubernetes, DecimalSI beyond `E` prints no suffix.
    static func decimalSuffix(exponent: Int, format: Format) -> String {
        if format == .decimalExponent {
            return exponent == 0 ? "" : "e\(exponent)"
        }
        switch exponent {
        case -9: return "n"
        case -6: return "u"
        case -3: return "m"
        case 3: return "k"
        case 6: return "M"
        case 9: return "G"
        case 12: return "T"
        case 15: return "P"
        case 18: return "E"
        default: return ""
        }
    }
}
