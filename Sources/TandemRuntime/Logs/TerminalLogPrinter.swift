import Glibc
import Synchronization
import TandemOS

/// Prints every container's output on tandem's terminal like `docker compose up`: each line
/// prefixed by the container name padded to the longest name (`proxy    | line`), coloured per
/// container on a TTY. No colour when the output is not a TTY or `NO_COLOR` is set; `--quiet`
/// simply means no printer is created.
///
/// Lines of different containers never interleave: each chunk's whole lines are one write of
/// the `TerminalWriter`, which never blocks the reactor that feeds it (a slow reader loses
/// lines on the terminal only; the log files keep them all).
public final class TerminalLogPrinter: Sendable {
    private static let colours = ["36", "33", "32", "35", "34", "96", "93", "92", "95", "94"]

    public let writer: TerminalWriter
    private let width: Int
    private let coloured: Bool
    private let colourIndex = Mutex([String: Int]())
    /// Where whole lines go instead of `writer` (`tandem run --output tty` prints them above its live block).
    private let divert = Mutex<(@Sendable ([UInt8]) -> Void)?>(nil)

    /// - Parameters:
    ///   - containerNames: every container that may print, to compute the prefix width.
    ///   - writer: the terminal to print on (standard output, for `tandem run`).
    ///   - coloured: force colours on or off; nil decides from the TTY and `NO_COLOR`.
    public init(containerNames: [String], writer: TerminalWriter, coloured: Bool? = nil) {
        self.writer = writer
        self.width = containerNames.map(\.count).max() ?? 0
        self.coloured = coloured ?? Self.wantsColour(descriptor: writer.descriptor)
    }

    /// True on a TTY unless `NO_COLOR` is set to a non-empty value (no-color.org).
    public static func wantsColour(descriptor: Int32) -> Bool {
        if let noColour = getenv("NO_COLOR"), noColour.pointee != 0 { return false }
        return isatty(descriptor) == 1
    }

    /// A per-container channel to feed that container's output into.
    public func channel(for containerName: String) -> TerminalLogChannel {
        let index = colourIndex.withLock { indices in
            if let existing = indices[containerName] { return existing }
            let next = indices.count
            indices[containerName] = next
            return next
        }
        let padded = containerName + String(repeating: " ", count: max(0, width - containerName.count))
        let prefix = coloured
            ? "\u{1B}[\(Self.colours[index % Self.colours.count])m\(padded) |\u{1B}[0m "
            : "\(padded) | "
        return TerminalLogChannel(printer: self, prefix: Array(prefix.utf8))
    }

    /// Sends every later line to `sink` instead of the writer.
    public func divert(to sink: @escaping @Sendable ([UInt8]) -> Void) {
        divert.withLock { $0 = sink }
    }

    func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if let sink = divert.withLock({ $0 }) {
            sink(bytes)
        } else {
            writer.write(bytes)
        }
    }
}

/// One container's feed into a `TerminalLogPrinter`: complete lines are printed as they come,
/// an unterminated last line on `finish()`.
public final class TerminalLogChannel: Sendable {
    private let printer: TerminalLogPrinter
    private let prefix: [UInt8]
    private let splitters = Mutex([LogStream: LineSplitter]())

    init(printer: TerminalLogPrinter, prefix: [UInt8]) {
        self.printer = printer
        self.prefix = prefix
    }

    public func append(_ bytes: some Collection<UInt8>, stream: LogStream) {
        let output = splitters.withLock { splitters in
            var output: [UInt8] = []
            var splitter = splitters[stream] ?? LineSplitter()
            splitter.feed(bytes, maximumPartial: CRILogWriter.maximumLineBytes) { line, _ in
                output += prefix + line + [10]
            }
            splitters[stream] = splitter
            return output
        }
        printer.write(output)
    }

    public func finish() {
        let output = splitters.withLock { splitters in
            var output: [UInt8] = []
            for stream in [LogStream.stdout, .stderr] {
                splitters[stream]?.flush { line in output += prefix + line + [10] }
            }
            splitters.removeAll()
            return output
        }
        printer.write(output)
    }
}
