extension Int64 {
    /// Go's `int64(f)` for a float64 on amd64 (`CVTTSD2SI`): truncates toward zero, and NaN or a
    /// value out of range gives `math.MinInt64`. Swift's `Int64(_:)` traps there instead; the
    /// kubelet's downward-API resource values (`int64(math.Ceil(float64(q.Value()) / …))`) must
    /// give Kubernetes' number for absurd quantities, not crash tandem.
    public init(goConverting value: Double) {
        if value.isNaN || value < -9_223_372_036_854_775_808.0 || value >= 9_223_372_036_854_775_808.0 {
            self = .min
        } else {
            self.init(value.rounded(.towardZero))
        }
    }
}
