import TandemAPI

/// The production `OutputSink`: every container run's output goes to its own CRI-format log
/// file (`<dir>/<pod>/<container>/<attempt>.log`, kept across restarts, as the kubelet keeps
/// them) and, unless quiet, to the terminal prefixed with the container's name.
public struct LogOutput: OutputSink {
    public let logDirectory: String
    public let terminal: TerminalLogPrinter?
    /// Label on the terminal: the container name, or `pod/container` when several pods run.
    public let qualifyWithPod: Bool

    public init(logDirectory: String, terminal: TerminalLogPrinter?, qualifyWithPod: Bool) {
        self.logDirectory = logDirectory
        self.terminal = terminal
        self.qualifyWithPod = qualifyWithPod
    }

    public func open(pod: String, container: String, attempt: Int) -> any ContainerOutput {
        let path = CRILogWriter.path(logDirectory: logDirectory, podName: pod, containerName: container, attempt: attempt)
        let writer = try? CRILogWriter(path: path)
        let channel = terminal?.channel(for: qualifyWithPod ? "\(pod)/\(container)" : container)
        return Output(sink: ContainerOutputSink(logWriter: writer, terminal: channel), logPath: writer?.path)
    }

    private struct Output: ContainerOutput {
        let sink: ContainerOutputSink
        let logPath: String?

        func append(_ bytes: [UInt8], from stream: OutputStream) {
            sink.append(bytes, stream: stream == .stdout ? .stdout : .stderr)
        }

        func close() {
            sink.finish()
        }
    }
}
