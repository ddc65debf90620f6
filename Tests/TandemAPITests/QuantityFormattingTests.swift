import Testing
@testable import TandemAPI

private func quantity(_ unscaled: Int64, _ scale: Int, _ format: Quantity.Format) -> Quantity {
    var result = Quantity(unscaled, scale: scale)
    result.format = format
    return result
}

/// `TestQuantityString`: value, expected `String()`, and an alternate spelling that prints the same.
private let stringTable: [(Quantity, String, String)] = [
    (quantity(1024 * 1024 * 1024, 0, .binarySI), "1Gi", "1024Mi"),
    (quantity(300 * 1024 * 1024, 0, .binarySI), "300Mi", "307200Ki"),
    (quantity(6 * 1024, 0, .binarySI), "6Ki", ""),
    (quantity(1001 * 1024 * 1024 * 1024, 0, .binarySI), "1001Gi", "1025024Mi"),
    (quantity(1024 * 1024 * 1024 * 1024, 0, .binarySI), "1Ti", "1024Gi"),
    (quantity(5, 0, .binarySI), "5", "5000m"),
    (quantity(500, -3, .binarySI), "500m", "0.5"),
    (quantity(1, 9, .decimalSI), "1G", "1000M"),
    (quantity(1000, 6, .decimalSI), "1G", "0.001T"),
    (quantity(1000000, 3, .decimalSI), "1G", ""),
    (quantity(1000000000, 0, .decimalSI), "1G", ""),
    (quantity(1, -3, .decimalSI), "1m", "1000u"),
    (quantity(80, -3, .decimalSI), "80m", ""),
    (quantity(1080, -3, .decimalSI), "1080m", "1.08"),
    (quantity(108, -2, .decimalSI), "1080m", "1080000000n"),
    (quantity(10800, -4, .decimalSI), "1080m", ""),
    (quantity(300, 6, .decimalSI), "300M", ""),
    (quantity(1, 12, .decimalSI), "1T", ""),
    (quantity(1234567, 6, .decimalSI), "1234567M", ""),
    (quantity(1234567, -3, .binarySI), "1234567m", ""),
    (quantity(3, 3, .decimalSI), "3k", ""),
    (quantity(1025, 0, .binarySI), "1025", ""),
    (quantity(0, 0, .decimalSI), "0", ""),
    (quantity(0, 0, .binarySI), "0", ""),
    (quantity(1, 9, .decimalExponent), "1e9", ".001e12"),
    (quantity(1, -3, .decimalExponent), "1e-3", "0.001e0"),
    (quantity(1, -9, .decimalExponent), "1e-9", "1000e-12"),
    (quantity(80, -3, .decimalExponent), "80e-3", ""),
    (quantity(300, 6, .decimalExponent), "300e6", ""),
    (quantity(1, 12, .decimalExponent), "1e12", ""),
    (quantity(1, 3, .decimalExponent), "1e3", ""),
    (quantity(3, 3, .decimalExponent), "3e3", ""),
    (quantity(3, 3, .decimalSI), "3k", ""),
    (quantity(0, 0, .decimalExponent), "0", "00"),
    (quantity(1, -9, .decimalSI), "1n", ""),
    (quantity(80, -9, .decimalSI), "80n", ""),
    (quantity(1080, -9, .decimalSI), "1080n", ""),
    (quantity(108, -8, .decimalSI), "1080n", ""),
    (quantity(10800, -10, .decimalSI), "1080n", ""),
    (quantity(1, -6, .decimalSI), "1u", ""),
    (quantity(80, -6, .decimalSI), "80u", ""),
    (quantity(1080, -6, .decimalSI), "1080u", ""),
]

@Test(arguments: stringTable)
func stringMatchesTestQuantityString(value: Quantity, expected: String, alternate: String) throws {
    #expect(value.description == expected)
    let reparsed = try Quantity(parsing: expected)
    #expect(reparsed.description == expected)
    #expect(reparsed.cachedString == expected, "the canonical input is kept as the cached string")
    if !alternate.isEmpty {
        let other = try Quantity(parsing: alternate)
        #expect(other.cachedString == nil)
        #expect(other.description == expected)
    }
    if !value.isZero {
        #expect(value.negated.description == "-" + expected)
    }
}

@Test func scaledValueMatchesTestScaledValue() {
    let table: [(Int, Int, Int64)] = [
        (-9, -9, 1), (-9, -6, 1), (-9, -3, 1), (-9, 0, 1), (-6, -9, 1000), (-6, -6, 1), (-6, -3, 1), (-6, 0, 1),
        (-3, -9, 1_000_000), (-3, -6, 1000), (-3, -3, 1), (-3, 0, 1), (0, -9, 1_000_000_000), (0, -6, 1_000_000),
        (0, -3, 1000), (0, 0, 1), (2, -2, 10_000),
    ]
    for (from, to, expected) in table {
        #expect(Quantity(1, scale: from).scaledValue(to) == expected, "\(from) → \(to)")
    }
}

@Test func roundUpMatchesTestQuantityRoundUp() throws {
    let table: [(String, Int, Quantity, Bool)] = [
        ("9.01", -3, Quantity(901, scale: -2), true), ("9.01", -2, Quantity(901, scale: -2), true),
        ("9.01", -1, Quantity(91, scale: -1), false), ("9.01", 0, Quantity(10, scale: 0), false),
        ("9.01", 1, Quantity(10, scale: 0), false), ("9.01", 2, Quantity(100, scale: 0), false),
        ("-9.01", -1, Quantity(-91, scale: -1), false), ("-9.01", 2, Quantity(-100, scale: 0), false),
    ]
    for (input, scale, expected, exact) in table {
        let (rounded, wasExact) = try Quantity(parsing: input).roundedUp(toScale: scale)
        #expect(rounded == expected, "\(input) at \(scale)")
        #expect(wasExact == exact, "\(input) at \(scale)")
    }
}
