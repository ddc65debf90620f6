import Testing
import TandemAPI

@Test func wholeNumbersAreIntegers() throws {
    for text in ["0", "2", "-3", "3k", "1Gi", "1000m", "1e3", "2000000000000000000000"] {
        #expect(try Quantity(parsing: text).isInteger, "\(text)")
    }
    for text in ["1500m", "-1500m", "1n", "0.5", "1e-3", "1.5"] {
        #expect(try !Quantity(parsing: text).isInteger, "\(text)")
    }
}

@Test func integerMultiplesAreExact() throws {
    func multiple(_ value: String, of divisor: String) throws -> Bool {
        try Quantity(parsing: value).isIntegerMultiple(of: Quantity(parsing: divisor))
    }
    #expect(try multiple("4Mi", of: "2Mi"))
    #expect(try multiple("1Gi", of: "2Mi"))
    #expect(try multiple("0", of: "2Mi"))
    #expect(try multiple("-4Mi", of: "2Mi"))
    #expect(try multiple("3", of: "1500m"))
    #expect(try multiple("1e30", of: "8"))
    #expect(try multiple("1e9000", of: "1024"))
    #expect(try multiple("36893488147419103232", of: "18446744073709551616"))
    #expect(try !multiple("3Mi", of: "2Mi"))
    #expect(try !multiple("2097153", of: "2Mi"))
    #expect(try !multiple("1", of: "1500m"))
    #expect(try !multiple("1", of: "10"))
    #expect(try !multiple("1e9000", of: "3"))
    #expect(try !multiple("36893488147419103233", of: "18446744073709551616"))
    #expect(try !multiple("1", of: "0"))
}
