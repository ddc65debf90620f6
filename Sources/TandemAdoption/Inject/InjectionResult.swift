/// What `SidecarInjector` did to one pod spec.
public struct InjectionResult: Equatable, Sendable {
    /// RFC 6902 operations, in order; empty when nothing had to change.
    public var operations: [JSONPatchOperation]
    /// The sidecar was there already (same containers, or the marker annotation), so nothing changed.
    public var alreadyInjected: Bool
    /// One line each on what the user should know (requests counted twice, fields left out).
    public var notes: [String]

    public init(operations: [JSONPatchOperation], alreadyInjected: Bool, notes: [String]) {
        self.operations = operations
        self.alreadyInjected = alreadyInjected
        self.notes = notes
    }
}
