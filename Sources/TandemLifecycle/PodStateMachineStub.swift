import TandemAPI

// TEMPORARY: stands in for the real state machine (lifecycle branch) so the runtime compiles. Deleted at merge.
public struct PodStateMachine: Sendable {
    public init(pod: Pod, options: LifecycleOptions = .init()) {}
    public mutating func handle(_ event: PodEvent, at now: Instant) -> [PodAction] { [] }
    public var status: PodStatus { PodStatus() }
    public var isFinished: Bool { false }
}
