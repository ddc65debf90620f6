import Testing
@testable import TandemAPI

@Suite struct QuantityBoundsTests {
    @Test func hugeExponentsAreRefusedAtOnce() throws {
        #expect(throws: QuantityError.outOfRange) { try Quantity(parsing: "1e999999999") }
        #expect(throws: QuantityError.outOfRange) { try Quantity(parsing: "1e10000") }
        #expect(throws: QuantityError.outOfRange) { try Quantity(parsing: "0.5e10001") }
        #expect(throws: QuantityError.outOfRange) { try Quantity(parsing: String(repeating: "9", count: 10_001)) }
        #expect(try Quantity(parsing: "1e9999").description == "1e9999")
    }

    @Test func tinyValuesStillRoundUpToOneNano() throws {
        #expect(try Quantity(parsing: "1e-999999999") == Quantity(1, scale: -9))
        #expect(try Quantity(parsing: "1e-999999999").description == "1e-9")
    }

    /// Found by tests/fuzz/run.sh resources: a zero written at a tiny scale made sums with a large
    /// quantity align to that scale (seconds per sum).
    @Test func zeroAtAnyScaleIsZero() throws {
        #expect(try Quantity(parsing: "0e-999999999").description == "0")
        #expect(try Quantity(parsing: "0.000e-999999999") == Quantity(parsing: "0"))
        let sum = try Quantity(parsing: "1e9990").adding(try Quantity(parsing: "0e-999999999"))
        #expect(sum.description == "1e9990")
    }

    @Test func sumsOfLargeQuantitiesStayExact() throws {
        let sum = try Quantity(parsing: "1e9990").adding(try Quantity(parsing: "1n"))
        #expect(sum.description == "1" + String(repeating: "0", count: 9998) + "1e-9")
    }

    @Test func goFloatConversionNeverTraps() {
        #expect(Int64(goConverting: 9.223372036854775807e18) == .min)
        #expect(Int64(goConverting: .nan) == .min)
        #expect(Int64(goConverting: -.infinity) == .min)
        #expect(Int64(goConverting: 12.9) == 12)
        #expect(Int64(goConverting: -12.9) == -12)
    }
}
