/// Kubernetes' `resource.Quantity`: an exact fixed-point number with a remembered notation
/// (`500m`, `1.5Gi`, `1e3`), as used for resource requests, limits and overhead.
///
/// It exists because resource arithmetic must be exact and print exactly like Kubernetes
/// (`1.5Gi` → `1536Mi`, `0.1` → `100m`); floating point would do neither. The value is kept
/// as an arbitrary-precision integer times a power of ten (Kubernetes keeps an int64 with a
/// scale and falls back to `inf.Dec`; the observable behaviour is the same). Equality and
/// hashing are by value: `1` == `1000m`.
public struct Quantity: Sendable, CustomStringConvertible {
    /// The three notations a quantity can be written in; parsing remembers it, printing reuses it.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// `12e6`
        case decimalExponent = "DecimalExponent"
        /// `12Mi` (12 × 2^20)
        case binarySI = "BinarySI"
        /// `12M` (12 × 10^6)
        case decimalSI = "DecimalSI"
    }

    /// The value is `unscaled × 10^scale` (Kubernetes' `Scale`: -3 is milli, 3 is kilo).
    var unscaled: QuantityBigInt
    var scale: Int
    /// The notation used when printing.
    public var format: Format
    /// Kubernetes' cached string `s`: the input text, kept by the parser when it is already in
    /// canonical form; `String()` (our `description`) returns it verbatim. Arithmetic clears it.
    var cachedString: String?

    init(unscaled: QuantityBigInt, scale: Int, format: Format, cachedString: String? = nil) {
        self.unscaled = unscaled
        self.scale = scale
        self.format = format
        self.cachedString = cachedString
    }

    /// The zero quantity (`0`, DecimalSI).
    public static let zero = Quantity(unscaled: .zero, scale: 0, format: .decimalSI)

    /// `value` in the given format (Kubernetes `NewQuantity`).
    public init(_ value: Int64, format: Format = .decimalSI) {
        self.init(unscaled: QuantityBigInt(value), scale: 0, format: format)
    }

    /// `value / 1000` in the given format (Kubernetes `NewMilliQuantity`).
    public init(milli value: Int64, format: Format = .decimalSI) {
        self.init(unscaled: QuantityBigInt(value), scale: -3, format: format)
    }

    /// `value × 10^scale`, DecimalSI (Kubernetes `NewScaledQuantity`).
    public init(_ value: Int64, scale: Int) {
        self.init(unscaled: QuantityBigInt(value), scale: scale, format: .decimalSI)
    }

    /// Parses a quantity exactly like Kubernetes' `ParseQuantity`; throws a `QuantityError`.
    public init(parsing text: String) throws {
        self = try QuantityParser.parse(text)
    }

    /// True when the value is zero.
    public var isZero: Bool { unscaled.isZero }

    /// -1, 0 or 1.
    public var sign: Int { unscaled.signum }

    /// Kubernetes' `String()`: the canonical form (or the input text when it was already canonical).
    public var description: String { cachedString ?? canonicalForm }
}

/// Why a string is not a quantity; the descriptions are Kubernetes' error texts verbatim.
public enum QuantityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `ErrFormatWrong`
    case formatWrong
    /// `ErrNumeric`
    case numeric
    /// `ErrSuffix`
    case suffix
    /// tandem's own bound: a magnitude of 10^10000 or more, or more than 10000 digits.
    /// Kubernetes' ParseQuantity rounds every such value to nano units with `inf.Dec`, building
    /// the whole number (10^999999999 for `1e999999999`), so the API server does not finish
    /// parsing it; tandem refuses it at once instead, and every quantity it keeps stays small
    /// enough for exact sums and comparisons.
    case outOfRange

    public var description: String {
        switch self {
        case .formatWrong:
            return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        case .numeric:
            return "unable to parse numeric part of quantity"
        case .suffix:
            return "unable to parse quantity's suffix"
        case .outOfRange:
            return "quantity out of range: at most \(QuantityParser.maxDigits) digits and magnitudes below 10^\(QuantityParser.maxDigits) are supported"
        }
    }
}
