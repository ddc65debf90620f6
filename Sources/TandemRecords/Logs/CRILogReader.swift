import Glibc
import TandemOS

/// Reads one CRI log file as the kubelet's `ReadLogs` does (pkg/kubelet/kuberuntime/logs):
/// from the start of the last `tail` lines, record by record, skipping lines that are not CRI
/// records and records older than `since`, writing each record's content (with its timestamp
/// when asked) until `limitBytes`.
///
/// Memory stays bounded whatever the file's size: it is read in 64 KiB blocks (the tail is
/// found by reading backwards block by block), and a "line" longer than `maximumLineBytes`
/// (no CRI writer makes one; a corrupt file may) is skipped, not buffered.
/// Following (`-f`) calls `readAvailable` again after each change of the file; an incomplete
/// last line waits for its newline.
public final class CRILogReader {
    public static let blockSize = 64 * 1024
    public static let maximumLineBytes = 1024 * 1024

    public let path: String
    private let descriptor: Int32
    private let options: CRILogOptions
    private var pending: [UInt8] = []
    private var skippingOverlongLine = false
    private var remainingBytes: Int
    /// True once `limitBytes` was reached: nothing more will be written.
    public private(set) var isExhausted = false

    /// Opens `path` and positions it at the start of the last `options.tail` lines.
    public init(path: String, options: CRILogOptions) throws(OSError) {
        self.path = path
        self.options = options
        self.remainingBytes = options.limitBytes ?? Int.max
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { throw OSError("open \(path)", errno: errno) }
        descriptor = opened
        do throws(OSError) {
            let start = try Self.tailStart(descriptor: opened, lines: options.tail, path: path)
            guard lseek(opened, off_t(start), SEEK_SET) >= 0 else { throw OSError("lseek \(path)", errno: errno) }
        } catch {
            close(opened)
            throw error
        }
    }

    deinit { close(descriptor) }

    /// Reads what the file holds now and appends the output to `output`.
    /// - Parameters:
    ///   - final: true when no more will be written to the file (not following, or the
    ///     container ended): an unterminated last line is written as it is, as the kubelet does.
    ///   - maximumOutput: returns early (false) once `output` holds this many bytes, so a caller
    ///     can write them out and call again: memory stays bounded whatever the file's size.
    /// - Returns: true when the end of the file (or of `limitBytes`) was reached.
    @discardableResult
    public func readAvailable(into output: inout [UInt8], final: Bool, maximumOutput: Int = .max) throws(OSError) -> Bool {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        while !isExhausted {
            if output.count >= maximumOutput { return false }
            let count = block.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress, raw.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw OSError("read \(path)", errno: errno)
            }
            if count == 0 { break }
            consume(block[0..<count], into: &output)
        }
        if final, !pending.isEmpty, !skippingOverlongLine, !isExhausted {
            let line = pending[...]
            pending.removeAll()
            write(line, into: &output)
        }
        return true
    }

    private func consume(_ bytes: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var start = bytes.startIndex
        while start < bytes.endIndex, !isExhausted {
            guard let newline = bytes[start...].firstIndex(of: 10) else {
                if !skippingOverlongLine { pending += bytes[start...] }
                if pending.count > Self.maximumLineBytes {
                    pending.removeAll()
                    skippingOverlongLine = true
                }
                return
            }
            if skippingOverlongLine {
                skippingOverlongLine = false
            } else if pending.isEmpty {
                write(bytes[start...newline], into: &output)
            } else {
                pending += bytes[start...newline]
                let line = pending
                pending.removeAll()
                if line.count <= Self.maximumLineBytes + 1 { write(line[...], into: &output) }
            }
            start = newline + 1
        }
    }

    private func write(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        guard let record = CRILogRecord(line) else { return }
        if let since = options.since, record.timestamp < since { return }
        var text: [UInt8] = []
        if options.timestamps {
            text += Array(record.timestamp.rfc3339NanoFixed.utf8)
            text.append(32)
        }
        text += record.content
        if text.count >= remainingBytes {
            output += text.prefix(remainingBytes)
            remainingBytes = 0
            isExhausted = true
            return
        }
        remainingBytes -= text.count
        output += text
    }

    /// The offset after which exactly `lines` newlines follow (0 when the file has fewer):
    /// the kubelet's `tail.FindTailLineStartIndex`; an unterminated last line is not counted.
    static func tailStart(descriptor: Int32, lines: Int, path: String) throws(OSError) -> Int {
        guard lines >= 0 else { return 0 }
        let size = Int(lseek(descriptor, 0, SEEK_END))
        guard size >= 0 else { throw OSError("lseek \(path)", errno: errno) }
        var right = size
        var seen = 0
        var block = [UInt8](repeating: 0, count: blockSize)
        while right > 0 {
            let left = max(0, right - blockSize)
            let length = right - left
            let count = block.withUnsafeMutableBytes { raw in pread(descriptor, raw.baseAddress, length, off_t(left)) }
            guard count == length else { throw OSError("read \(path)", errno: count < 0 ? errno : EIO) }
            var index = length - 1
            while index >= 0 {
                if block[index] == 10 {
                    if seen == lines { return left + index + 1 }
                    seen += 1
                }
                index -= 1
            }
            right = left
        }
        return 0
    }
}
