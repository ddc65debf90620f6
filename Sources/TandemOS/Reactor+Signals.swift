import CTandemOS
#if canImport(Glibc)
import Glibc
#endif

extension Reactor {
    /// Delivers tandem's own signals (e.g. SIGINT, SIGTERM) as events on the
    /// reactor thread instead of killing the process.
    ///
    /// A handler writes the signal number into a non-blocking pipe that the
    /// reactor reads. signalfd would need the signals blocked in *every* thread,
    /// which a library cannot ensure once Dispatch or the test runner have
    /// started theirs; a handler works whichever thread the kernel picks.
    /// Children never see the handler: the spawn shim resets every disposition
    /// to default and unblocks every signal before exec. Process-wide: a later
    /// call replaces the earlier forwarding. `shutdown()` restores the defaults.
    public func onSignals(_ signals: [Int32], _ handler: @escaping @Sendable (Int32) -> Void) throws(OSError) {
        let pipe = try makePipe()
        guard setNonBlocking(pipe.write) else {
            let error = OSError.current("fcntl O_NONBLOCK")
            close(pipe.read)
            close(pipe.write)
            throw error
        }
        try watchReadable(fd: pipe.read, onData: { bytes in
            for byte in bytes { handler(Int32(byte)) }
        }, onEOF: {})
        let previous = state.withLock { state in
            defer {
                state.forwardedSignals = Array(Set(state.forwardedSignals).union(signals))
                state.signalWriteEnd = pipe.write
            }
            return state.signalWriteEnd
        }
        let installed = signals.withUnsafeBufferPointer { tandem_forward_signals(pipe.write, $0.baseAddress, $0.count) }
        if previous >= 0 { close(previous) }
        guard installed == 0 else { throw OSError.current("sigaction") }
    }
}
