import Glibc
import TandemOS

/// Reads a terminated container's message like the kubelet (`kuberuntime_container.go`):
/// the last 4096 bytes of the `terminationMessagePath` file; with `FallbackToLogsOnError`, a
/// non-zero exit and no file content, the last 80 log lines cut to 2048 bytes.
public enum TerminationMessage {
    /// `terminationMessagePath` when the manifest names none.
    public static let defaultPath = "/dev/termination-log"
    public static let maximumFileBytes = 4096
    public static let maximumLogBytes = 2048
    public static let maximumLogLines = 80

    /// - Parameters:
    ///   - filePath: the host path of `terminationMessagePath`, if the container has one.
    ///   - policy: `terminationMessagePolicy` (`File` or `FallbackToLogsOnError`).
    ///   - logPath: the attempt's CRI log file.
    /// - Returns: the message, or nil when there is none.
    public static func read(filePath: String?, policy: String?, exitCode: Int32, logPath: String?) -> String? {
        let fallback = policy == "FallbackToLogsOnError" && exitCode != 0
        var message = ""
        if let filePath {
            do {
                message = String(decoding: try FileSystem.readTail(of: filePath, maximum: maximumFileBytes), as: UTF8.self)
            } catch where error.errno == ENOENT {
                // No file: no message, as with the kubelet.
            } catch {
                // Go's words for the errno are lowercase (`permission denied`).
                return "Error on reading termination log \(filePath): open \(filePath): \(error.reason.lowercased())"
            }
        }
        if message.isEmpty && fallback, let logPath {
            message = logTail(criLogPath: logPath)
        }
        return message.isEmpty ? nil : message
    }

    /// The last lines of a CRI log as the container wrote them (partial `P` pieces rejoined),
    /// `maximumLogLines` lines cut to the first `maximumLogBytes` bytes, like `ReadLogs` with
    /// `Tail: 80, LimitBytes: 2048`.
    public static func logTail(criLogPath: String) -> String {
        guard let bytes = try? FileSystem.readTail(of: criLogPath, maximum: 4 * 1024 * 1024) else { return "" }
        // As the kubelet's readLastStringFromContainerLogs: the last 80 records of the file
        // (TailLines), each full (F) record with its newline and each partial (P) one without,
        // into a circular buffer that keeps the last 2048 bytes.
        var output: [UInt8] = []
        for record in bytes.split(separator: 10).suffix(maximumLogLines) {
            // <timestamp> <stream> <tag> <content>
            let fields = record.split(separator: 32, maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3 else { continue }
            if fields.count == 4 { output += fields[3] }
            if fields[2].first != UInt8(ascii: "P") { output.append(10) }
        }
        return String(decoding: output.suffix(maximumLogBytes), as: UTF8.self)
    }
}
