// Exact whole-number and divisibility tests on quantities, for validation rules such as
// "extended resources must be integers" and "hugepages must be a multiple of the page size".

extension Quantity {
    /// True when the value is a whole number (`2`, `3k`, `1Gi`, `0`), exactly; `1500m` is not.
    public var isInteger: Bool {
        QuantityArithmetic.removingFactorsOfTen(unscaled, exponent: scale).1 >= 0
    }

    /// True when `self / divisor` is a whole number, exactly and whatever the signs
    /// (`4Mi` of `2Mi`, `0` of anything); false for a zero divisor.
    public func isIntegerMultiple(of divisor: Quantity) -> Bool {
        guard !divisor.isZero else { return false }
        if isZero { return true }
        let (dividend, dividendExponent) = QuantityArithmetic.removingFactorsOfTen(unscaled, exponent: scale)
        let (divisorDigits, divisorExponent) = QuantityArithmetic.removingFactorsOfTen(divisor.unscaled, exponent: divisor.scale)
        // The dividend's digits hold no factor of ten, so a divisor with a larger power of ten cannot divide it.
        guard dividendExponent >= divisorExponent else { return false }
        // Extra powers of ten only help with the divisor's factors 2 and 5, and it has fewer of
        // those than bits: capping the shift keeps absurd exponents (`1e2000000000`) cheap.
        let shift = Swift.min(dividendExponent - divisorExponent, 32 * divisorDigits.limbs.count)
        return dividend.multiplied(byPowerOfTen: shift).magnitudeRemainder(dividingBy: divisorDigits).isZero
    }
}

extension QuantityBigInt {
    /// |self| mod |divisor| for a non-zero divisor, by binary long division (divisibility tests
    /// are rare and small, so simplicity beats speed here).
    func magnitudeRemainder(dividingBy divisor: QuantityBigInt) -> QuantityBigInt {
        let modulus = divisor.magnitude
        var remainder = QuantityBigInt.zero
        for limb in limbs.reversed() {
            for bit in stride(from: 31, through: 0, by: -1) {
                remainder = remainder.multiplied(bySmall: 2)
                if (limb >> UInt32(bit)) & 1 == 1 { remainder = remainder + QuantityBigInt(1) }
                if !(remainder < modulus) { remainder = remainder - modulus }
            }
        }
        return remainder
    }
}
