import Glibc
import Synchronization
import TandemOS

/// Writes a container attempt's output as a kubelet-style CRI log file
/// (`<logdir>/<pod>/<container>/<attempt>.log`): one `<RFC3339Nano> <stream> <F|P> <text>` line
/// per output line, partial lines longer than 16 KiB split with tag `P`, and the last
/// unterminated line flushed as `F` by `finish()`.
///
/// Fed byte chunks from a reactor callback: thread-safe, one `write()` per chunk.
public final class CRILogWriter: Sendable {
    /// containerd's maximum log line size before a line is split (`P`).
    public static let maximumLineBytes = 16 * 1024

    private struct State: ~Copyable {
        var descriptor: Int32
        var splitters: [LogStream: LineSplitter] = [:]
    }

    public let path: String
    private let state: Mutex<State>
    private let clock: @Sendable () -> String

    /// `<logDirectory>/<pod>/<container>/<attempt>.log`.
    public static func path(logDirectory: String, podName: String, containerName: String, attempt: Int) -> String {
        "\(logDirectory)/\(podName)/\(containerName)/\(attempt).log"
    }

    /// Opens (creating directories and the file, appending) the log at `path`.
    /// - Parameter timestamp: the timestamp source, replaceable in tests.
    public init(path: String, timestamp: @escaping @Sendable () -> String = CRILogWriter.now) throws(OSError) {
        let descriptor = try FileSystem.openForAppending(path)
        self.path = path
        self.state = Mutex(State(descriptor: descriptor))
        self.clock = timestamp
    }

    deinit {
        state.withLock { state in
            if state.descriptor >= 0 { closeDescriptor(state.descriptor) }
        }
    }

    /// - Parameter at: when the chunk was read (a queued writer passes the read time); now by default.
    public func append(_ bytes: some Collection<UInt8>, stream: LogStream, at stamp: String? = nil) {
        let timestamp = stamp ?? clock()
        state.withLock { state in
            guard state.descriptor >= 0 else { return }
            var output: [UInt8] = []
            var splitter = state.splitters[stream] ?? LineSplitter()
            splitter.feed(bytes, maximumPartial: Self.maximumLineBytes) { line, complete in
                Self.format(line, stream: stream, complete: complete, timestamp: timestamp, into: &output)
            }
            state.splitters[stream] = splitter
            Self.writeAll(output, to: state.descriptor)
        }
    }

    /// Flushes unterminated lines as complete (`F`) and closes the file; later appends are ignored.
    public func finish(at stamp: String? = nil) {
        let timestamp = stamp ?? clock()
        state.withLock { state in
            guard state.descriptor >= 0 else { return }
            var output: [UInt8] = []
            for stream in [LogStream.stdout, .stderr] {
                // An output that ends without a newline ends in a partial line, as containerd
                // writes it (its redirectLogs treats the unterminated remainder as partial).
                state.splitters[stream]?.flush { line in
                    Self.format(line, stream: stream, complete: false, timestamp: timestamp, into: &output)
                }
            }
            Self.writeAll(output, to: state.descriptor)
            closeDescriptor(state.descriptor)
            state.descriptor = -1
        }
    }

    private static func format(_ line: ArraySlice<UInt8>, stream: LogStream, complete: Bool, timestamp: String, into output: inout [UInt8]) {
        output += Array("\(timestamp) \(stream.rawValue) \(complete ? "F" : "P") ".utf8)
        output += line
        output.append(10)
    }

    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        // A full disk drops the rest of the chunk: logging must never stop the container.
        try? FileSystem.writeAll(bytes, to: descriptor, describing: "container log")
    }

    /// The current time in RFC 3339 with nanoseconds, UTC (`2024-05-01T12:00:00.123456789Z`).
    @Sendable public static func now() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        var parts = tm()
        var seconds = time.tv_sec
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let nanoseconds = String(time.tv_nsec)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + String(repeating: "0", count: 9 - nanoseconds.count) + nanoseconds + "Z"
    }
}
