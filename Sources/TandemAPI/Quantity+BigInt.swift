// A minimal arbitrary-precision signed integer, just enough for exact Quantity arithmetic
// (Kubernetes falls back to `inf.Dec` over `big.Int` when int64 is not enough; so do we).

/// A signed integer of any size: sign and magnitude, magnitude in little-endian 32-bit limbs.
struct QuantityBigInt: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Little-endian limbs without trailing zero limbs; empty for zero.
    private(set) var limbs: [UInt32]
    /// True for a negative value; never true for zero.
    private(set) var isNegative: Bool

    static let zero = QuantityBigInt(limbs: [], isNegative: false)

    private init(limbs: [UInt32], isNegative: Bool) {
        var trimmed = limbs
        while let last = trimmed.last, last == 0 { trimmed.removeLast() }
        self.limbs = trimmed
        self.isNegative = trimmed.isEmpty ? false : isNegative
    }

    init(_ value: Int64) {
        let magnitude = value.magnitude
        self.init(limbs: [UInt32(truncatingIfNeeded: magnitude), UInt32(truncatingIfNeeded: magnitude >> 32)],
                  isNegative: value < 0)
    }

    /// Parses an unsigned run of ASCII decimal digits; nil if anything else is in it.
    init?(decimalDigits: Substring) {
        var result = QuantityBigInt.zero
        var chunk: UInt32 = 0
        var chunkDigits = 0
        for character in decimalDigits.utf8 {
            guard character >= 48, character <= 57 else { return nil }
            chunk = chunk * 10 + UInt32(character - 48)
            chunkDigits += 1
            // Nine digits always fit in a limb; fold them in at once to keep parsing linear-ish.
            if chunkDigits == 9 {
                result = result.multiplied(bySmall: 1_000_000_000).adding(small: chunk)
                chunk = 0
                chunkDigits = 0
            }
        }
        if chunkDigits > 0 {
            var scale: UInt32 = 1
            for _ in 0..<chunkDigits { scale *= 10 }
            result = result.multiplied(bySmall: scale).adding(small: chunk)
        }
        self = result
    }

    var isZero: Bool { limbs.isEmpty }

    /// -1, 0 or 1.
    var signum: Int { isZero ? 0 : (isNegative ? -1 : 1) }

    var negated: QuantityBigInt { QuantityBigInt(limbs: limbs, isNegative: !isNegative) }

    var magnitude: QuantityBigInt { QuantityBigInt(limbs: limbs, isNegative: false) }

    /// The value as Int64 if it fits exactly.
    var int64Value: Int64? {
        guard limbs.count <= 2 else { return nil }
        var magnitude: UInt64 = 0
        for (index, limb) in limbs.enumerated() { magnitude |= UInt64(limb) << (32 * UInt64(index)) }
        if isNegative {
            if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
            guard magnitude <= UInt64(Int64.max) else { return nil }
            return -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Number of decimal digits of the magnitude (1 for zero).
    var decimalDigitCount: Int { magnitudeDescription.count }

    // MARK: arithmetic

    func multiplied(bySmall factor: UInt32) -> QuantityBigInt {
        if factor == 0 || isZero { return .zero }
        var result: [UInt32] = []
        result.reserveCapacity(limbs.count + 1)
        var carry: UInt64 = 0
        for limb in limbs {
            let product = UInt64(limb) * UInt64(factor) + carry
            result.append(UInt32(truncatingIfNeeded: product))
            carry = product >> 32
        }
        if carry > 0 { result.append(UInt32(carry)) }
        return QuantityBigInt(limbs: result, isNegative: isNegative)
    }

    /// self × 10^power (power ≥ 0).
    func multiplied(byPowerOfTen power: Int) -> QuantityBigInt {
        var result = self
        var remaining = power
        while remaining >= 9 {
            result = result.multiplied(bySmall: 1_000_000_000)
            remaining -= 9
        }
        var factor: UInt32 = 1
        for _ in 0..<remaining { factor *= 10 }
        return factor == 1 ? result : result.multiplied(bySmall: factor)
    }

    /// self × 2^power (power ≥ 0).
    func shiftedLeft(by power: Int) -> QuantityBigInt {
        var result = self
        var remaining = power
        while remaining >= 16 {
            result = result.multiplied(bySmall: 1 << 16)
            remaining -= 16
        }
        return remaining == 0 ? result : result.multiplied(bySmall: 1 << UInt32(remaining))
    }

    /// Truncating division of the magnitude by a small divisor; the quotient keeps the sign,
    /// the remainder is the magnitude's remainder (always ≥ 0).
    func quotientAndRemainder(dividingBySmall divisor: UInt32) -> (quotient: QuantityBigInt, remainder: UInt32) {
        var quotient = [UInt32](repeating: 0, count: limbs.count)
        var remainder: UInt64 = 0
        for index in stride(from: limbs.count - 1, through: 0, by: -1) {
            let current = (remainder << 32) | UInt64(limbs[index])
            quotient[index] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        return (QuantityBigInt(limbs: quotient, isNegative: isNegative), UInt32(remainder))
    }

    private func adding(small value: UInt32) -> QuantityBigInt {
        self + QuantityBigInt(Int64(value))
    }

    static func + (lhs: QuantityBigInt, rhs: QuantityBigInt) -> QuantityBigInt {
        if lhs.isNegative == rhs.isNegative {
            return QuantityBigInt(limbs: addMagnitudes(lhs.limbs, rhs.limbs), isNegative: lhs.isNegative)
        }
        // Opposite signs: subtract the smaller magnitude from the larger; the larger decides the sign.
        if compareMagnitudes(lhs.limbs, rhs.limbs) >= 0 {
            return QuantityBigInt(limbs: subtractMagnitudes(lhs.limbs, rhs.limbs), isNegative: lhs.isNegative)
        }
        return QuantityBigInt(limbs: subtractMagnitudes(rhs.limbs, lhs.limbs), isNegative: rhs.isNegative)
    }

    static func - (lhs: QuantityBigInt, rhs: QuantityBigInt) -> QuantityBigInt {
        lhs + rhs.negated
    }

    static func < (lhs: QuantityBigInt, rhs: QuantityBigInt) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        let order = compareMagnitudes(lhs.limbs, rhs.limbs)
        return lhs.isNegative ? order > 0 : order < 0
    }

    private static func addMagnitudes(_ lhs: [UInt32], _ rhs: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(Swift.max(lhs.count, rhs.count) + 1)
        var carry: UInt64 = 0
        for index in 0..<Swift.max(lhs.count, rhs.count) {
            let sum = UInt64(index < lhs.count ? lhs[index] : 0) + UInt64(index < rhs.count ? rhs[index] : 0) + carry
            result.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        if carry > 0 { result.append(UInt32(carry)) }
        return result
    }

    /// lhs − rhs for |lhs| ≥ |rhs|.
    private static func subtractMagnitudes(_ lhs: [UInt32], _ rhs: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(lhs.count)
        var borrow: Int64 = 0
        for index in 0..<lhs.count {
            var difference = Int64(lhs[index]) - Int64(index < rhs.count ? rhs[index] : 0) - borrow
            if difference < 0 {
                difference += 1 << 32
                borrow = 1
            } else {
                borrow = 0
            }
            result.append(UInt32(difference))
        }
        return result
    }

    private static func compareMagnitudes(_ lhs: [UInt32], _ rhs: [UInt32]) -> Int {
        if lhs.count != rhs.count { return lhs.count < rhs.count ? -1 : 1 }
        for index in stride(from: lhs.count - 1, through: 0, by: -1) where lhs[index] != rhs[index] {
            return lhs[index] < rhs[index] ? -1 : 1
        }
        return 0
    }

    // MARK: text

    /// Decimal digits of the magnitude, without sign.
    var magnitudeDescription: String {
        if isZero { return "0" }
        var chunks: [UInt32] = []
        var rest = magnitude
        while !rest.isZero {
            let (quotient, remainder) = rest.quotientAndRemainder(dividingBySmall: 1_000_000_000)
            chunks.append(remainder)
            rest = quotient
        }
        var text = String(chunks.last ?? 0)
        for chunk in chunks.dropLast().reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }

    var description: String { (isNegative ? "-" : "") + magnitudeDescription }
}
