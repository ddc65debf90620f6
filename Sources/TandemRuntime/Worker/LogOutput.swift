import Dispatch
import Synchronization
import TandemAPI
import TandemOS

/// The production `OutputSink`: every container run's output goes to its own CRI-format log
/// file (`<dir>/<pod>/<container>/<attempt>.log`, kept across restarts, as the kubelet keeps
/// them) and, unless quiet, to the terminal prefixed with the container's name.
///
/// Output arrives on the reactor thread, which must never block: file work (making the
/// directories, opening, writing, closing) runs in order on one queue of its own, and the
/// terminal has its own non-blocking writer. Each chunk is stamped when it was read.
public struct LogOutput: OutputSink {
    public let logDirectory: String
    public let terminal: TerminalLogPrinter?
    /// Label on the terminal: the container name, or `pod/container` when several pods run.
    public let qualifyWithPod: Bool
    private let files = DispatchQueue(label: "tandem.log-files")

    public init(logDirectory: String, terminal: TerminalLogPrinter?, qualifyWithPod: Bool) {
        self.logDirectory = logDirectory
        self.terminal = terminal
        self.qualifyWithPod = qualifyWithPod
    }

    public func open(pod: String, container: String, attempt: Int) -> any ContainerOutput {
        let path = CRILogWriter.path(logDirectory: logDirectory, podName: pod, containerName: container, attempt: attempt)
        let channel = terminal?.channel(for: qualifyWithPod ? "\(pod)/\(container)" : container)
        let terminal = self.terminal
        let file = QueuedLogFile(path: path, queue: files) { error in
            // The container runs on without a log; say so where the user looks.
            terminal?.writer.write(Array("[tandem: no log file for \(pod)/\(container): \(error)]\n".utf8))
        }
        return Output(file: file, terminal: channel)
    }

    private struct Output: ContainerOutput {
        let file: QueuedLogFile
        let terminal: TerminalLogChannel?

        func append(_ bytes: [UInt8], from stream: OutputStream) {
            let logStream: LogStream = stream == .stdout ? .stdout : .stderr
            file.append(bytes, stream: logStream)
            terminal?.append(bytes, stream: logStream)
        }

        func close(then done: @escaping @Sendable (String?) -> Void) {
            terminal?.finish()
            file.close(then: done)
        }
    }
}

/// A `CRILogWriter` whose every operation runs on a serial queue, off the caller's thread.
final class QueuedLogFile: Sendable {
    let path: String
    private let queue: DispatchQueue
    /// Touched only on `queue`; the lock only satisfies Sendable.
    private let writer = Mutex<CRILogWriter?>(nil)

    /// - Parameter failed: told (on the queue) why the file could not be opened.
    init(path: String, queue: DispatchQueue, failed: @escaping @Sendable (OSError) -> Void) {
        self.path = path
        self.queue = queue
        queue.async { [self] in
            // A log that cannot be written (full disk, unwritable --log-dir) must not stop the
            // container: it runs without one, as with containerd's log failures.
            do throws(OSError) {
                let opened = try CRILogWriter(path: path)
                writer.withLock { $0 = opened }
            } catch {
                failed(error)
            }
        }
    }

    func append(_ bytes: [UInt8], stream: LogStream) {
        let stamp = CRILogWriter.now()
        queue.async { [self] in
            writer.withLock { $0?.append(bytes, stream: stream, at: stamp) }
        }
    }

    /// Flushes and closes the file, then calls `done` on the queue with the file's path (nil
    /// when it could not be opened).
    func close(then done: @escaping @Sendable (String?) -> Void) {
        let stamp = CRILogWriter.now()
        queue.async { [self] in
            let opened = writer.withLock { writer -> Bool in
                defer { writer = nil }
                writer?.finish(at: stamp)
                return writer != nil
            }
            done(opened ? path : nil)
        }
    }
}
