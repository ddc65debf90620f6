// Exact arithmetic and comparison of quantities, with Kubernetes' rules for which format a
// result keeps (`Add`/`Sub` on a zero take the other operand's format).

/// Helpers on unscaled integers shared by parsing, rounding and formatting.
enum QuantityArithmetic {
    /// `value / 10^power`, rounded away from zero; `exact` is false when something was cut off.
    static func roundAwayFromZero(_ value: QuantityBigInt, dividingByPowerOfTen power: Int) -> (QuantityBigInt, exact: Bool) {
        var result = value
        var exact = true
        for _ in 0..<power {
            let (quotient, remainder) = result.quotientAndRemainder(dividingBySmall: 10)
            if remainder != 0 { exact = false }
            result = quotient
            if result.isZero { break }
        }
        if !exact {
            result = result + QuantityBigInt(value.isNegative ? -1 : 1)
        }
        return (result, exact)
    }

    /// Moves every factor of ten of `value` into the exponent.
    static func removingFactorsOfTen(_ value: QuantityBigInt, exponent: Int) -> (QuantityBigInt, Int) {
        guard !value.isZero else { return (value, 0) }
        var result = value
        var exponent = exponent
        while true {
            let (quotient, remainder) = result.quotientAndRemainder(dividingBySmall: 10)
            guard remainder == 0 else { break }
            result = quotient
            exponent += 1
        }
        return (result, exponent)
    }

    /// Both values brought to the smaller of the two scales.
    static func aligned(_ lhs: Quantity, _ rhs: Quantity) -> (QuantityBigInt, QuantityBigInt, scale: Int) {
        let scale = Swift.min(lhs.scale, rhs.scale)
        return (lhs.unscaled.multiplied(byPowerOfTen: lhs.scale - scale),
                rhs.unscaled.multiplied(byPowerOfTen: rhs.scale - scale),
                scale)
    }
}

extension Quantity {
    /// Kubernetes `Cmp`: -1, 0 or 1.
    public func compare(_ other: Quantity) -> Int {
        if sign != other.sign { return sign < other.sign ? -1 : 1 }
        if sign == 0 { return 0 }
        // Same sign: a different order of magnitude decides without aligning huge exponents.
        let magnitudeOrder = unscaled.decimalDigitCount + scale
        let otherMagnitudeOrder = other.unscaled.decimalDigitCount + other.scale
        if magnitudeOrder != otherMagnitudeOrder {
            let larger = magnitudeOrder > otherMagnitudeOrder
            return (larger == (sign > 0)) ? 1 : -1
        }
        let (lhs, rhs, _) = QuantityArithmetic.aligned(self, other)
        if lhs == rhs { return 0 }
        return lhs < rhs ? -1 : 1
    }

    /// Kubernetes `CmpInt64`.
    public func compare(_ value: Int64) -> Int {
        compare(Quantity(value))
    }

    /// Kubernetes `Add`: the sum, exact. A zero receiver takes `other`'s format.
    public mutating func add(_ other: Quantity) {
        cachedString = nil
        if isZero { format = other.format }
        let (lhs, rhs, scale) = QuantityArithmetic.aligned(self, other)
        unscaled = lhs + rhs
        self.scale = scale
    }

    /// Kubernetes `Sub`: the difference, exact. A zero receiver takes `other`'s format.
    public mutating func subtract(_ other: Quantity) {
        cachedString = nil
        if isZero { format = other.format }
        let (lhs, rhs, scale) = QuantityArithmetic.aligned(self, other)
        unscaled = lhs - rhs
        self.scale = scale
    }

    /// `self + other` (see `add`).
    public func adding(_ other: Quantity) -> Quantity {
        var result = self
        result.add(other)
        return result
    }

    /// `self - other` (see `subtract`).
    public func subtracting(_ other: Quantity) -> Quantity {
        var result = self
        result.subtract(other)
        return result
    }

    /// Kubernetes `Neg`.
    public var negated: Quantity {
        Quantity(unscaled: unscaled.negated, scale: scale, format: format)
    }

    /// Kubernetes `RoundUp`: the value rounded away from zero to `scale` (e.g. -3 for milli),
    /// and whether that was exact.
    public func roundedUp(toScale target: Int) -> (quantity: Quantity, exact: Bool) {
        guard scale < target else { return (self, true) }
        let (rounded, exact) = QuantityArithmetic.roundAwayFromZero(unscaled, dividingByPowerOfTen: target - scale)
        return (Quantity(unscaled: rounded, scale: target, format: format, cachedString: exact ? cachedString : nil), exact)
    }

    /// Kubernetes `ScaledValue`: `value / 10^scale` rounded up (away from zero). Saturates at
    /// `Int64.min`/`Int64.max` where Kubernetes would overflow.
    public func scaledValue(_ target: Int) -> Int64 {
        let integer: QuantityBigInt
        if scale >= target {
            // Guard against absurd exponents: anything with more than 19 digits saturates anyway.
            if unscaled.decimalDigitCount + (scale - target) > 20 {
                return unscaled.isNegative ? Int64.min : Int64.max
            }
            integer = unscaled.multiplied(byPowerOfTen: scale - target)
        } else {
            integer = QuantityArithmetic.roundAwayFromZero(unscaled, dividingByPowerOfTen: target - scale).0
        }
        return integer.int64Value ?? (integer.isNegative ? Int64.min : Int64.max)
    }

    /// Kubernetes `Value`: the value rounded up to an integer.
    public var value: Int64 { scaledValue(0) }

    /// Kubernetes `MilliValue`: ceil(value × 1000), e.g. millicores for cpu.
    public var milliValue: Int64 { scaledValue(-3) }
}

extension Quantity: Equatable, Hashable, Comparable {
    /// Equal values are equal quantities, whatever their notation (`1` == `1000m`).
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool {
        lhs.compare(rhs) == 0
    }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool {
        lhs.compare(rhs) < 0
    }

    public func hash(into hasher: inout Hasher) {
        let (normalized, exponent) = QuantityArithmetic.removingFactorsOfTen(unscaled, exponent: scale)
        hasher.combine(normalized)
        hasher.combine(exponent)
    }
}
