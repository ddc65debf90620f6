import TandemAPI

/// Read-only questions about the machine's decisions, for narrating them (`PodNarrator`) without
/// adding anything to the action lists.
extension PodStateMachine {
    /// When the exited container is to be restarted, if a restart is decided.
    public func scheduledRestart(of container: String) -> Instant? {
        indexByName[container].flatMap { containers[$0].restartAt }
    }

    /// The pod's grace deadline while it terminates.
    public var terminationDeadline: Instant? { termination?.deadline }
}
