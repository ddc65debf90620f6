import ArgumentParser

/// Range checks of the numeric flags, shared by `tandem run` and `tandem simulate` so that both
/// refuse the same values with the same words, in `validate()`: before a manifest is read or a
/// directory made. `Double` flags accept `inf`, `nan` and `1e300`, which would trap when made a
/// duration (or wait for ever); every comparison with NaN is false, so it fails too.
enum NumericOptions {
    /// The most seconds a duration flag (`--sidecar-settle`, `--initial-backoff`, `--max-backoff`)
    /// may say: an hour is far beyond any sensible back-off (the kubelet's largest is 300 s).
    static let maximumSeconds = 3600.0

    /// `--flag must be 0 to 3600 seconds` unless `value` is in that range.
    static func checkSeconds(_ value: Double, flag: String) throws(ValidationError) {
        guard value >= 0, value <= maximumSeconds else {
            throw ValidationError("--\(flag) must be 0 to \(Int(maximumSeconds)) seconds")
        }
    }

    /// `--flag must be between LOW and HIGH, inclusive` (apimachinery's `InclusiveRangeError`)
    /// unless `value` is in `range`.
    static func check<Value: BinaryInteger>(_ value: Value, flag: String, in range: ClosedRange<Value>) throws(ValidationError) {
        guard range.contains(value) else {
            throw ValidationError("--\(flag) must be between \(range.lowerBound) and \(range.upperBound), inclusive")
        }
    }

    /// Kubernetes' `runAsUser` range (`ValidateNonnegativeField` … `math.MaxInt32`), also that of
    /// `spec.replicas` (an int32).
    static let int32Range: ClosedRange<Int64> = 0...Int64(Int32.max)

    /// The largest `pids.max` the kernel takes (`PID_MAX_LIMIT` on 64-bit, 4194304); 0 is none.
    static let podPidsRange: ClosedRange<Int64> = 0...4_194_304
}
