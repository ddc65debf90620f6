extension Optional where Wrapped == String {
    /// Go has no nil strings: an absent field and `""` are the same value.
    var isNilOrEmpty: Bool { self?.isEmpty ?? true }
    var orEmpty: String { self ?? "" }
}
