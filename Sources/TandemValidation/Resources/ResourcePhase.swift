import TandemAPI

/// Which moment of the pod's life sets the pod's value for a resource: the explanation behind
/// an effective request or limit (regular init containers run one at a time, each next to the
/// sidecars declared before it; afterwards the regular containers run next to every sidecar).
public enum ResourcePhase: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The regular containers together with every sidecar (restartable init container).
    case running
    /// A regular init container running next to the sidecars declared before it.
    case initContainer(name: String, sidecarsBefore: [String])
    /// A sidecar starting next to the sidecars declared before it.
    case sidecarStart(name: String, sidecarsBefore: [String])
    /// The pod-level value of `spec.resources`, which replaces the container aggregate.
    case podLevel
    /// No container declares the resource; only `spec.overhead` does.
    case overheadOnly

    public var description: String {
        switch self {
        case .running:
            return "containers + sidecars running"
        case let .initContainer(name, sidecars):
            return "init container \(name)" + Self.withSidecars(sidecars)
        case let .sidecarStart(name, sidecars):
            return "sidecar \(name) starting" + Self.withSidecars(sidecars)
        case .podLevel:
            return "pod-level spec.resources"
        case .overheadOnly:
            return "pod overhead"
        }
    }

    private static func withSidecars(_ sidecars: [String]) -> String {
        sidecars.isEmpty ? "" : " + sidecars " + sidecars.joined(separator: ", ")
    }
}

/// One resource of a pod's effective requests or limits, with the phase that sets it.
public struct EffectiveResource: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The resource name (`cpu`, `memory`, `hugepages-2Mi`, …).
    public var name: String
    /// The pod's value, overhead included when it was added.
    public var quantity: Quantity
    /// The phase whose sum is the maximum (or the pod-level value).
    public var phase: ResourcePhase
    /// The overhead added on top of the phase's value, if any.
    public var overhead: Quantity?

    public init(name: String, quantity: Quantity, phase: ResourcePhase, overhead: Quantity? = nil) {
        self.name = name
        self.quantity = quantity
        self.phase = phase
        self.overhead = overhead
    }

    /// E.g. `init container migrate + sidecars proxy + overhead 250m`.
    public var explanation: String {
        guard let overhead else { return phase.description }
        return phase == .overheadOnly ? phase.description : "\(phase) + overhead \(overhead)"
    }

    public var description: String { "\(name)=\(quantity) (\(explanation))" }
}
