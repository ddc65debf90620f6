import Synchronization
import TandemLifecycle
import TandemOS
import TandemRuntime

/// The bottom block of `--output tty`: a few status lines redrawn in place while container logs and
/// event lines scroll above it (as `docker compose up` scrolls logs).
///
/// Written by hand (no curses): the block is plain text followed by a newline per line; to print
/// above it the block is erased (cursor up over its lines, clear to the end of the screen), the
/// text written, and a redraw scheduled. Redraws happen only when something changed and at most
/// ten times a second (a chatty container's lines are coalesced), so an idle run costs nothing.
/// Every line is cut to the terminal's width, so the block never wraps and the erase stays exact.
final class LiveView: Sendable {
    static let minimumInterval = Duration.milliseconds(100)

    private struct State {
        var drawnLines = 0
        var pending: TimerToken?
        var lastDraw: Instant?
        var finished = false
    }

    private let writer: TerminalWriter
    private let host: any ProcessHost
    private let render: @Sendable (_ columns: Int, _ rows: Int) -> [String]
    private let state = Mutex(State())
    /// Redraws, for the tests and the bench.
    let redraws = Atomic<Int>(0)

    /// - Parameter render: the block's lines for a terminal of this size (called outside this view's lock).
    init(writer: TerminalWriter, host: any ProcessHost, render: @escaping @Sendable (Int, Int) -> [String]) {
        self.writer = writer
        self.host = host
        self.render = render
    }

    /// Prints scrolling text (whole lines) above the block.
    func emit(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let output = state.withLock { state -> [UInt8] in
            let out = Self.erase(state.drawnLines) + bytes
            state.drawnLines = 0
            if !state.finished { schedule(&state) }
            return out
        }
        writer.write(output)
    }

    /// Something the block shows changed.
    func changed() {
        state.withLock { state in
            if !state.finished { schedule(&state) }
        }
    }

    /// Removes the block for good (the summary follows as plain text).
    func finish() {
        let output = state.withLock { state -> [UInt8] in
            state.finished = true
            if let pending = state.pending { host.cancel(pending) }
            state.pending = nil
            defer { state.drawnLines = 0 }
            return Self.erase(state.drawnLines)
        }
        if !output.isEmpty { writer.write(output) }
    }

    private func schedule(_ state: inout State) {
        guard state.pending == nil else { return }
        let now = host.now()
        let due = state.lastDraw.map { max(now, $0 + Self.minimumInterval) } ?? now
        state.pending = host.schedule(at: due) { [self] in redraw() }
    }

    private func redraw() {
        let size = TerminalSize.of(descriptor: writer.descriptor) ?? TerminalSize(rows: 24, columns: 80)
        let lines = render(size.columns, size.rows)
        let output = state.withLock { state -> [UInt8]? in
            state.pending = nil
            guard !state.finished else { return nil }
            state.lastDraw = host.now()
            var out = Self.erase(state.drawnLines)
            for line in lines { out += Array(line.utf8) + [10] }
            state.drawnLines = lines.count
            return out
        }
        guard let output else { return }
        redraws.add(1, ordering: .relaxed)
        writer.write(output)
    }

    /// Cursor up over the block and clear to the end of the screen.
    static func erase(_ lines: Int) -> [UInt8] {
        lines > 0 ? Array("\u{1B}[\(lines)A\r\u{1B}[J".utf8) : []
    }
}
