/// Where one container attempt's output goes: its CRI log file and, unless `--quiet`, the
/// terminal. The runtime's reactor feeds it chunks as they are read from the pipes.
public final class ContainerOutputSink: Sendable {
    public let logWriter: CRILogWriter?
    public let terminal: TerminalLogChannel?

    public init(logWriter: CRILogWriter?, terminal: TerminalLogChannel?) {
        self.logWriter = logWriter
        self.terminal = terminal
    }

    public func append(_ bytes: some Collection<UInt8>, stream: LogStream) {
        logWriter?.append(bytes, stream: stream)
        terminal?.append(bytes, stream: stream)
    }

    /// Call once both pipes reached end of file.
    public func finish() {
        logWriter?.finish()
        terminal?.finish()
    }
}
