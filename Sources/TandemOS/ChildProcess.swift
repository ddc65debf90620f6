/// A process started by `Reactor.spawn`. It leads its own process group
/// (`processGroup == pid`), so signalling the group reaches everything it starts.
public struct ChildProcess: Sendable, Hashable {
    public let pid: Int32
    public let processGroup: Int32

    public init(pid: Int32, processGroup: Int32) {
        self.pid = pid
        self.processGroup = processGroup
    }
}
