import CTandemOS

/// What the reactor thread watches, keyed by the epoll token of each registration.
/// Tokens are never reused, so an event that arrives for a registration removed
/// earlier in the same epoll batch finds nothing and is ignored.
struct ReactorState {
    enum Registration {
        case child(Child)
        case readable(Readable)
    }

    struct Child {
        let process: ChildProcess
        let pidfd: Int32
        let killGroupOnExit: Bool
        let onExit: @Sendable (ProcessExit) -> Void
    }

    struct Readable {
        let fd: Int32
        let onData: @Sendable ([UInt8]) -> Void
        let onEOF: @Sendable () -> Void
    }

    static let wakeToken: UInt64 = 0
    static let timerToken: UInt64 = 1

    var registrations: [UInt64: Registration] = [:]
    var nextToken: UInt64 = 2

    var timers = TimerHeap()
    var timerBodies: [UInt64: @Sendable () -> Void] = [:]
    var nextTimerID: UInt64 = 1
    /// The deadline the timerfd is armed for; 0 when disarmed.
    var armedDeadline: UInt64 = 0

    /// Work handed to the reactor thread (spawns, cancellations).
    var jobs: [@Sendable () -> Void] = []
    var stopping = false
    var stopped = false

    var forwardedSignals: [Int32] = []
    var signalWriteEnd: Int32 = -1

    mutating func makeToken() -> UInt64 {
        defer { nextToken += 1 }
        return nextToken
    }
}
