// Kubernetes' ParseQuantity (k8s.io/apimachinery/pkg/api/resource/quantity.go), step by step,
// including its quirks (`e3` is zero, `5.` keeps its text), because tandem must accept and print
// exactly what the API server does.

/// The parser behind `Quantity(parsing:)`.
enum QuantityParser {
    /// The pieces `parseQuantityString` cuts a quantity into.
    struct Pieces: Equatable {
        var positive: Bool
        /// Sign, digits and fraction as written (leading zeros kept).
        var value: Substring
        /// Integer digits without leading zeros, `"0"` if none.
        var num: Substring
        /// Fraction digits.
        var denom: Substring
        var suffix: Substring
    }

    /// See `QuantityError.outOfRange`.
    static let maxDigits = 10_000

    static func parse(_ text: String) throws(QuantityError) -> Quantity {
        if text.isEmpty { throw .formatWrong }
        if text == "0" { return Quantity(unscaled: .zero, scale: 0, format: .decimalSI, cachedString: text) }

        let pieces = try split(text)
        guard let (base, exponent, format) = interpretSuffix(pieces.suffix) else { throw .suffix }
        // Bounded arithmetic: digits and the order of magnitude (binary suffixes stop at 2^60).
        let digits = pieces.num.utf8.count + pieces.denom.utf8.count
        let magnitude = pieces.num.utf8.count + (base == 10 ? Int(exponent) : 19)
        if digits > maxDigits || (pieces.num != "0" && magnitude > maxDigits)
            || (pieces.num == "0" && Int(exponent) > maxDigits) {
            throw .outOfRange
        }
        // Zero is zero at any scale: `0e-999999999` must not make every sum align to 10^-999999999.
        if pieces.num == "0" && pieces.denom.utf8.allSatisfy({ $0 == UInt8(ascii: "0") }) {
            return Quantity(unscaled: .zero, scale: 0, format: format)
        }

        if let fast = fastPath(text: text, pieces: pieces, exponent: exponent, format: format) {
            return fast
        }
        return try exactPath(pieces: pieces, base: base, exponent: exponent, format: format)
    }

    /// `parseQuantityString`: a scanner over bytes, permissive; the suffix is checked later.
    static func split(_ text: String) throws(QuantityError) -> Pieces {
        let bytes = Array(text.utf8)
        let end = bytes.count
        var positive = true
        var pos = 0
        func slice(_ from: Int, _ to: Int) -> Substring {
            let start = text.utf8.index(text.utf8.startIndex, offsetBy: from)
            let stop = text.utf8.index(text.utf8.startIndex, offsetBy: to)
            return Substring(text.utf8[start..<stop])
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

        if pos < end {
            if bytes[0] == UInt8(ascii: "-") {
                positive = false
                pos += 1
            } else if bytes[0] == UInt8(ascii: "+") {
                pos += 1
            }
        }

        // Leading zeros; a string of nothing but zeros (or a bare sign) is zero.
        while pos < end, bytes[pos] == UInt8(ascii: "0") { pos += 1 }
        if pos >= end {
            return Pieces(positive: positive, value: "0", num: "0", denom: "", suffix: "")
        }

        let numStart = pos
        while pos < end, isDigit(bytes[pos]) { pos += 1 }
        if pos >= end {
            return Pieces(positive: positive, value: slice(0, end), num: slice(numStart, end), denom: "", suffix: "")
        }
        var num = slice(numStart, pos)
        if num.isEmpty { num = "0" }

        var denom: Substring = ""
        if bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            let denomStart = pos
            while pos < end, isDigit(bytes[pos]) { pos += 1 }
            denom = slice(denomStart, pos)
            if pos >= end {
                return Pieces(positive: positive, value: slice(0, end), num: num, denom: denom, suffix: "")
            }
        }
        let value = slice(0, pos)

        let suffixStart = pos
        let suffixLetters = Array("eEinumkKMGTP".utf8)
        while pos < end, suffixLetters.contains(bytes[pos]) { pos += 1 }
        if pos < end, bytes[pos] == UInt8(ascii: "-") || bytes[pos] == UInt8(ascii: "+") { pos += 1 }
        while pos < end, isDigit(bytes[pos]) { pos += 1 }
        // Anything left over that is not part of an exponent makes the whole string malformed.
        if pos < end { throw .formatWrong }
        return Pieces(positive: positive, value: value, num: num, denom: denom, suffix: slice(suffixStart, end))
    }

    /// The suffixer's `interpret`: base (10 or 2), exponent and format of a suffix.
    static func interpretSuffix(_ suffix: Substring) -> (base: Int, exponent: Int32, format: Quantity.Format)? {
        switch suffix {
        case "": return (10, 0, .decimalSI)
        case "n": return (10, -9, .decimalSI)
        case "u": return (10, -6, .decimalSI)
        case "m": return (10, -3, .decimalSI)
        case "k": return (10, 3, .decimalSI)
        case "M": return (10, 6, .decimalSI)
        case "G": return (10, 9, .decimalSI)
        case "T": return (10, 12, .decimalSI)
        case "P": return (10, 15, .decimalSI)
        case "E": return (10, 18, .decimalSI)
        case "Ki": return (2, 10, .binarySI)
        case "Mi": return (2, 20, .binarySI)
        case "Gi": return (2, 30, .binarySI)
        case "Ti": return (2, 40, .binarySI)
        case "Pi": return (2, 50, .binarySI)
        case "Ei": return (2, 60, .binarySI)
        default:
            guard suffix.count > 1, suffix.first == "e" || suffix.first == "E",
                  let parsed = Int64(suffix.dropFirst()) else { return nil }
            // Kubernetes parses 64 bits and then truncates to int32; keep that.
            return (10, Int32(truncatingIfNeeded: parsed), .decimalExponent)
        }
    }

    /// Kubernetes' int64 fast path; nil when the value needs the exact (inf.Dec) path.
    /// Also decides whether the input text is kept as the cached canonical string.
    static func fastPath(text: String, pieces: Pieces, exponent: Int32, format: Quantity.Format) -> Quantity? {
        var precision: Int32
        var scale: Int32
        var mantissa: Int64 = 1
        switch format {
        case .decimalExponent, .decimalSI:
            scale = exponent
            precision = 18 - Int32(pieces.num.utf8.count + pieces.denom.utf8.count)
        case .binarySI:
            scale = 0
            if exponent >= 0 && pieces.denom.isEmpty {
                mantissa = 1 << Int64(exponent)
                precision = 15 - Int32(pieces.num.utf8.count) - Int32(Float32(exponent) * 3 / 10) - 1
            } else {
                precision = -1
            }
        }
        guard precision >= 0 else { return nil }
        scale -= Int32(pieces.denom.utf8.count)
        guard scale >= -9 else { return nil }
        let shifted = String(pieces.num) + String(pieces.denom)
        guard let value = Int64(shifted) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: mantissa)
        guard !overflow else { return nil }
        let result = pieces.positive ? product : -product

        let keepsText: Bool
        switch format {
        case .binarySI:
            keepsText = exponent % 10 == 0 && value & 0x07 != 0
        case .decimalExponent, .decimalSI:
            keepsText = scale % 3 == 0 && !shifted.hasSuffix("000") && shifted.first != "0"
        }
        return Quantity(unscaled: QuantityBigInt(result), scale: Int(scale), format: format,
                        cachedString: keepsText ? text : nil)
    }

    /// Kubernetes' inf.Dec path: exact value, rounded up (away from zero) to nano units;
    /// BinarySI is capped at 2^63-1 and becomes DecimalSI for magnitudes below one.
    static func exactPath(pieces: Pieces, base: Int, exponent: Int32, format: Quantity.Format) throws(QuantityError) -> Quantity {
        var format = format
        var digits = pieces.value
        if let first = digits.first, first == "-" || first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = parts.first ?? ""
        let fraction = parts.count > 1 ? parts[1] : ""
        guard let magnitude = QuantityBigInt(decimalDigits: integer + fraction) else { throw .numeric }
        var unscaled = magnitude
        var scale = -fraction.utf8.count

        if base == 10 {
            scale += Int(exponent)
        } else {
            unscaled = unscaled.shiftedLeft(by: Int(exponent))
        }

        if !unscaled.isZero && scale < -9 {
            let (rounded, _) = QuantityArithmetic.roundAwayFromZero(unscaled, dividingByPowerOfTen: -9 - scale)
            unscaled = rounded
            scale = -9
        }

        var amount = Quantity(unscaled: unscaled, scale: scale, format: format)
        let maxAllowed = Quantity(Int64.max)
        if format == .binarySI && amount > maxAllowed {
            amount = maxAllowed
        }
        if format == .binarySI && amount < Quantity(1) && !amount.isZero {
            format = .decimalSI
        }
        var result = amount
        result.format = format
        if !pieces.positive { result.unscaled = result.unscaled.negated }
        return result
    }
}
