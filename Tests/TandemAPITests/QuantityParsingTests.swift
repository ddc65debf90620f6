import Testing
@testable import TandemAPI

/// Cases of `TestQuantityParse` (k8s.io/apimachinery/pkg/api/resource/quantity_test.go):
/// input, expected value as unscaled × 10^scale, expected format.
private let parseTable: [(String, Int64, Int, Quantity.Format)] = [
    ("0", 0, 0, .decimalSI), ("0n", 0, 0, .decimalSI), ("0u", 0, 0, .decimalSI), ("0m", 0, 0, .decimalSI),
    ("0Ki", 0, 0, .binarySI), ("0k", 0, 0, .decimalSI), ("0Mi", 0, 0, .binarySI), ("0M", 0, 0, .decimalSI),
    ("0Gi", 0, 0, .binarySI), ("0G", 0, 0, .decimalSI), ("0Ti", 0, 0, .binarySI), ("0T", 0, 0, .decimalSI),
    ("1", 1, 0, .decimalSI),
    ("1Ki", 1024, 0, .binarySI), ("8Ki", 8 * 1024, 0, .binarySI), ("7Mi", 7 * 1024 * 1024, 0, .binarySI),
    ("6Gi", 6 * 1024 * 1024 * 1024, 0, .binarySI), ("5Ti", 5 * 1024 * 1024 * 1024 * 1024, 0, .binarySI),
    ("4Pi", 4 * 1024 * 1024 * 1024 * 1024 * 1024, 0, .binarySI),
    ("3Ei", 3 * 1024 * 1024 * 1024 * 1024 * 1024 * 1024, 0, .binarySI),
    ("10Ti", 10 * 1024 * 1024 * 1024 * 1024, 0, .binarySI), ("100Ti", 100 * 1024 * 1024 * 1024 * 1024, 0, .binarySI),
    ("5n", 5, -9, .decimalSI), ("4u", 4, -6, .decimalSI), ("3m", 3, -3, .decimalSI), ("9", 9, 0, .decimalSI),
    ("8k", 8, 3, .decimalSI), ("50k", 5, 4, .decimalSI), ("7M", 7, 6, .decimalSI), ("6G", 6, 9, .decimalSI),
    ("5T", 5, 12, .decimalSI), ("40T", 4, 13, .decimalSI), ("300T", 3, 14, .decimalSI), ("2P", 2, 15, .decimalSI),
    ("1E", 1, 18, .decimalSI),
    ("1E-3", 1, -3, .decimalExponent), ("1e3", 1, 3, .decimalExponent), ("1E6", 1, 6, .decimalExponent),
    ("1e9", 1, 9, .decimalExponent), ("1E12", 1, 12, .decimalExponent), ("1e15", 1, 15, .decimalExponent),
    ("1E18", 1, 18, .decimalExponent), ("1e14", 1, 14, .decimalExponent), ("1e13", 1, 13, .decimalExponent),
    ("100.035k", 100035, 0, .decimalSI),
    ("0.001", 1, -3, .decimalSI), ("0.0005k", 5, -1, .decimalSI), ("0.005", 5, -3, .decimalSI),
    ("0.05", 5, -2, .decimalSI), ("0.5", 5, -1, .decimalSI), ("0.00050k", 5, -1, .decimalSI),
    ("0.00500", 5, -3, .decimalSI), ("0.05000", 5, -2, .decimalSI), ("0.50000", 5, -1, .decimalSI),
    ("0.5e0", 5, -1, .decimalExponent), ("0.5e-1", 5, -2, .decimalExponent), ("0.5e-2", 5, -3, .decimalExponent),
    ("10.035M", 10035, 3, .decimalSI),
    ("1.2e3", 12, 2, .decimalExponent), ("1.3E+6", 13, 5, .decimalExponent), ("1.40e9", 14, 8, .decimalExponent),
    ("1.53E12", 153, 10, .decimalExponent), ("1.6e15", 16, 14, .decimalExponent), ("1.7E18", 17, 17, .decimalExponent),
    ("9.01", 901, -2, .decimalSI), ("8.1k", 81, 2, .decimalSI), ("7.123456M", 7123456, 0, .decimalSI),
    ("6.987654321G", 6987654321, 0, .decimalSI), ("5.444T", 5444, 9, .decimalSI), ("40.1T", 401, 11, .decimalSI),
    ("300.2T", 3002, 11, .decimalSI), ("2.5P", 25, 14, .decimalSI), ("1.01E", 101, 16, .decimalSI),
    ("3.001n", 4, -9, .decimalSI), ("1.1E-9", 2, -9, .decimalExponent), ("0.0000000001", 1, -9, .decimalSI),
    ("0.0000000005", 1, -9, .decimalSI), ("0.00000000050", 1, -9, .decimalSI), ("0.5e-9", 1, -9, .decimalExponent),
    ("0.9n", 1, -9, .decimalSI), ("0.00000012345", 124, -9, .decimalSI), ("0.00000012354", 124, -9, .decimalSI),
    ("9Ei", Int64.max, 0, .binarySI), ("9223372036854775807Ki", Int64.max, 0, .binarySI), ("12E", 12, 18, .decimalSI),
    ("100.035Ki", 10243584, -2, .binarySI), ("0.5Mi", 512 * 1024, 0, .binarySI), ("0.05Gi", 536870912, -1, .binarySI),
    ("0.025Ti", 274877906944, -1, .binarySI),
    ("0.000000000001Ki", 2, -9, .decimalSI), (".001", 1, -3, .decimalSI), (".0001k", 100, -3, .decimalSI),
    ("1.", 1, 0, .decimalSI), ("1.G", 1, 9, .decimalSI),
]

@Test(arguments: parseTable)
func parsesLikeKubernetes(input: String, unscaled: Int64, scale: Int, format: Quantity.Format) throws {
    let expected = Quantity(unscaled, scale: scale)
    let parsed = try Quantity(parsing: input)
    #expect(parsed == expected, "\(input) → \(parsed)")
    #expect(parsed.format == format, "\(input)")

    let negative = try Quantity(parsing: "-" + input)
    #expect(negative == expected.negated, "-\(input) → \(negative)")
    #expect(negative.format == format, "-\(input)")

    let plus = try Quantity(parsing: "+" + input)
    #expect(plus == expected, "+\(input)")
    #expect(plus.format == format, "+\(input)")
}

/// Inputs Kubernetes rejects, with the error it gives.
private let invalidTable: [(String, QuantityError)] = [
    ("", .formatWrong), ("1.1.M", .formatWrong), ("1+1.0M", .formatWrong), ("0.1mi", .suffix),
    ("0.1am", .formatWrong), ("aoeu", .formatWrong), (".5i", .suffix), ("1i", .suffix), ("-3.01i", .suffix),
    ("-3.01e-", .suffix), (" 1", .formatWrong), ("1 ", .formatWrong), ("Non-Numeric", .formatWrong),
    ("1Gb", .formatWrong), ("1GG", .suffix), ("1 Gi", .formatWrong), ("½", .formatWrong), ("1e", .suffix),
]

@Test(arguments: invalidTable)
func rejectsInvalidInput(input: String, error: QuantityError) {
    #expect(throws: error) { try Quantity(parsing: input) }
}

@Test func formatErrorTextIsKubernetes() {
    #expect(QuantityError.formatWrong.description
        == "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    #expect(QuantityError.suffix.description == "unable to parse quantity's suffix")
}

/// input → Kubernetes `String()` → `MilliValue()`.
private let canonicalTable: [(String, String, Int64)] = [
    ("0", "0", 0), ("0Gi", "0", 0), ("-0", "0", 0), ("100m", "100m", 100), ("0.1", "100m", 100), (".5", "500m", 500),
    ("1000m", "1", 1000), ("1.5", "1500m", 1500), ("-1.5", "-1500m", -1500), ("1000", "1k", 1_000_000),
    ("1.5Gi", "1536Mi", 1536 * 1024 * 1024 * 1000), ("2Gi", "2Gi", 2_147_483_648_000), ("1024Mi", "1Gi", 1_073_741_824_000),
    ("1e3", "1e3", 1_000_000), ("1000e0", "1e3", 1_000_000), ("0.5Mi", "512Ki", 524_288_000),
    ("100.035Ki", "102435840m", 102_435_840), (".001Ki", "1024m", 1024), (".000001Ki", "1024u", 2),
    (".000000001Ki", "1024n", 1), (".000000000001Ki", "2n", 1), ("3.001n", "4n", 1), ("1m", "1m", 1),
    ("0.0001", "100u", 1), ("1000M", "1G", 1_000_000_000_000), ("12E", "12E", Int64.max),
    ("9Ei", "9223372036854775807", Int64.max), ("10000000000000000000", "10E", Int64.max),
    ("9223372036854775807.1", "9223372036854775807100m", Int64.max),
    ("999999999999999999.1", "999999999999999999100m", Int64.max),
    ("-9223372036854775808000m", "-9223372036854775808", Int64.min),
    ("1.0000000000000000001E", "1000000000000000000100m", Int64.max),
    ("250Mi", "250Mi", 262_144_000_000), ("1.25", "1250m", 1250), ("0.25Ki", "256", 256_000),
    // Kubernetes keeps input text it considers canonical verbatim (its cached string).
    ("+1", "+1", 1000), ("1E3", "1E3", 1_000_000), ("1.G", "1.G", 1_000_000_000_000),
]

@Test(arguments: canonicalTable)
func printsCanonicalForm(input: String, canonical: String, milliValue: Int64) throws {
    let quantity = try Quantity(parsing: input)
    #expect(quantity.description == canonical, "\(input)")
    #expect(quantity.milliValue == milliValue, "\(input)")
    // Whatever was printed parses back to the same value.
    #expect(try Quantity(parsing: quantity.description) == quantity)
    #expect(try Quantity(parsing: quantity.canonicalForm) == quantity)
}

@Test func keptTextHasComputedCanonicalForm() throws {
    #expect(try Quantity(parsing: "+1").canonicalForm == "1")
    #expect(try Quantity(parsing: "1E3").canonicalForm == "1e3")
    #expect(try Quantity(parsing: "1.G").canonicalForm == "1G")
}

@Test func parsingEmitsLikeTestQuantityParseEmit() throws {
    let table = [("1Ki", "1Ki"), ("1Mi", "1Mi"), ("1Gi", "1Gi"), ("1024Mi", "1Gi"), ("1000M", "1G"),
                 (".001Ki", "1024m"), (".000001Ki", "1024u"), (".000000001Ki", "1024n"), (".000000000001Ki", "2n")]
    for (input, expected) in table {
        #expect(try Quantity(parsing: input).description == expected)
        #expect(try Quantity(parsing: "-" + input).description == "-" + expected)
    }
}
