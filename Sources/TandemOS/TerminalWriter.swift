import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes lines to tandem's terminal (standard output or error) without ever blocking the
/// caller, so a reader that pauses (`tandem run | less`) or goes away (`| head -3`) cannot
/// stall or kill the supervisor.
///
/// Writes happen on a serial queue of this writer's own. What is waiting to be written is
/// bounded by `capacity` bytes; past that, whole writes are dropped (for the terminal only:
/// the caller keeps its own complete copy, e.g. the log files) and counted, and the next write
/// that fits is preceded by `dropNote(count)`, a line saying how many lines were lost.
/// A write error (EPIPE when the reader exited, EIO, EBADF) means the terminal is gone:
/// everything later is discarded silently and the run goes on. SIGPIPE must be ignored
/// (`Signals.ignoreBrokenPipe()`), or the kernel kills the process before EPIPE is seen.
/// A descriptor someone left non-blocking (EAGAIN) is waited for with `poll`, on the queue.
public final class TerminalWriter: Sendable {
    public let descriptor: Int32
    /// Bytes that may wait for the terminal before writes are dropped.
    public let capacity: Int
    private let dropNote: @Sendable (Int) -> String
    private let queue: DispatchQueue
    private let pending = DispatchGroup()
    private let state = Mutex(State())

    private struct State {
        var queuedBytes = 0
        var droppedLines = 0
        var gone = false
        /// Bytes handed to the kernel so far: how `finish` tells a slow reader from a stuck one.
        var written = 0
    }

    /// - Parameters:
    ///   - descriptor: the terminal's descriptor (not owned: never closed here).
    ///   - capacity: bytes that may wait before writes are dropped (256 KiB by default).
    ///   - dropNote: the line (with its newline) that stands in for `n` dropped lines.
    public init(descriptor: Int32, capacity: Int = 256 * 1024, dropNote: @escaping @Sendable (Int) -> String) {
        self.descriptor = descriptor
        self.capacity = capacity
        self.dropNote = dropNote
        self.queue = DispatchQueue(label: "tandem.terminal.\(descriptor)")
    }

    /// True once a write failed: the terminal is gone and everything is discarded.
    public var isGone: Bool { state.withLock { $0.gone } }

    /// Lines dropped so far and not yet reported by a note.
    public var droppedLines: Int { state.withLock { $0.droppedLines } }

    /// Queues `bytes` (whole lines) for the terminal; returns at once. Dropped, and counted,
    /// when `capacity` bytes are already waiting; a single write larger than `capacity` still
    /// goes through when nothing waits.
    public func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        state.withLock { state in
            guard !state.gone else { return }
            if state.queuedBytes > 0 && state.queuedBytes + bytes.count > capacity {
                state.droppedLines += max(1, bytes.count(where: { $0 == 10 }))
                return
            }
            var payload = bytes
            if state.droppedLines > 0 {
                payload = Array(dropNote(state.droppedLines).utf8) + bytes
                state.droppedLines = 0
            }
            enqueue(payload, &state)
        }
    }

    /// Writes the note for lines dropped since the last one, then waits until everything
    /// queued is written, or the terminal is gone, or the reader took nothing for
    /// `stallLimit`: a reader that stopped reading must not keep tandem from exiting.
    /// - Returns: true when everything was written.
    @discardableResult
    public func finish(stallLimit: Duration = .seconds(2)) -> Bool {
        state.withLock { state in
            guard !state.gone, state.droppedLines > 0 else { return }
            let note = Array(dropNote(state.droppedLines).utf8)
            state.droppedLines = 0
            enqueue(note, &state)
        }
        var progress = state.withLock { $0.written }
        let (seconds, attoseconds) = stallLimit.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        while pending.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .timedOut {
            let now = state.withLock { $0.written }
            if now == progress { return false }
            progress = now
        }
        return !isGone
    }

    /// Writes `text` to `descriptor` at once, blocking, for the few lines a command prints
    /// before it exits (no supervisor runs yet). A terminal that is closed (EBADF) or whose
    /// reader is gone (EPIPE, with SIGPIPE ignored) is not an error: there is nobody to tell.
    /// - Returns: false when the text could not be written.
    @discardableResult
    public static func writeNow(_ text: String, to descriptor: Int32) -> Bool {
        (try? FileSystem.writeAll(Array(text.utf8), to: descriptor, describing: "terminal")) != nil
    }

    /// Called under the state lock, so queue order is the order of `write` calls.
    private func enqueue(_ payload: [UInt8], _ state: inout State) {
        state.queuedBytes += payload.count
        pending.enter()
        queue.async { [self] in
            let skip = self.state.withLock { $0.gone }
            let failed = skip ? false : !writeAll(payload)
            self.state.withLock { state in
                state.queuedBytes -= payload.count
                if failed { state.gone = true }
            }
            pending.leave()
        }
    }

    /// Blocking write of every byte; false on any error other than EINTR/EAGAIN.
    private func writeAll(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if count > 0 {
                offset += count
                state.withLock { $0.written += count }
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && errno == EAGAIN {
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&poller, 1, -1)
                continue
            }
            return false
        }
        return true
    }
}
