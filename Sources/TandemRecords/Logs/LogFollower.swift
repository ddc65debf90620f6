import CTandemOS
import Glibc
import TandemOS

/// `tandem logs -f`: prints what the log files hold, then what is appended to them, until each
/// container's attempt ends, as the kubelet follows one container instance and stops when it
/// is no longer running.
///
/// Event-driven, never polling: inotify tells of appends (`IN_MODIFY`) and of the writer
/// closing the file (`IN_CLOSE_WRITE`: tandem's `CRILogWriter` closes an attempt's file when the
/// container's output ended), and a pidfd of the `tandem run` process tells of the run's end
/// (even by SIGKILL). An attempt whose file the run no longer holds open (`/proc/<pid>/fd`) is
/// already over: its file is printed and not followed.
public final class LogFollower {
    public struct Source {
        public var path: String
        public var prefix: String
        public init(path: String, prefix: String) {
            self.path = path
            self.prefix = prefix
        }
    }

    private struct Stream {
        var reader: CRILogReader
        var prefixer: LinePrefixer
        var done = false
    }

    private let sources: [Source]
    private let options: CRILogOptions
    private let runPid: Int32?
    private let output: ([UInt8]) -> Void

    /// - Parameters:
    ///   - runPid: the live run's process; nil when the run is over (nothing is followed).
    ///   - output: receives whole lines (never part of one), in the order they are read.
    public init(sources: [Source], options: CRILogOptions, runPid: Int32?, output: @escaping ([UInt8]) -> Void) {
        self.sources = sources
        self.options = options
        self.runPid = runPid
        self.output = output
    }

    public func run() throws(OSError) {
        let notify = inotify_init1(Int32(IN_CLOEXEC))
        guard notify >= 0 else { throw OSError("inotify_init1", errno: errno) }
        defer { close(notify) }
        var streams: [Stream] = []
        var watches: [Int32: Int] = [:]
        for (index, source) in sources.enumerated() {
            let watch = inotify_add_watch(notify, source.path, UInt32(IN_MODIFY | IN_CLOSE_WRITE))
            guard watch >= 0 else { throw OSError("inotify_add_watch \(source.path)", errno: errno) }
            watches[watch] = index
            streams.append(Stream(reader: try CRILogReader(path: source.path, options: options),
                                  prefixer: LinePrefixer(prefix: source.prefix)))
        }
        // The pidfd first, then the open-file check: a run that ends in between is seen by the pidfd.
        var pidDescriptor: Int32 = -1
        if let runPid {
            pidDescriptor = tandem_pidfd_open(runPid)
        }
        defer { if pidDescriptor >= 0 { close(pidDescriptor) } }
        let open = pidDescriptor >= 0 ? Self.openFiles(of: runPid ?? 0) : []
        for index in streams.indices {
            let final = !open.contains(Self.canonical(sources[index].path))
            try advance(&streams[index], final: final)
        }
        while streams.contains(where: { !$0.done }) {
            var descriptors = [pollfd(fd: notify, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: pidDescriptor, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, pidDescriptor >= 0 ? 2 : 1, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw OSError("poll", errno: errno)
            }
            if pidDescriptor >= 0, descriptors[1].revents != 0 {
                for index in streams.indices where !streams[index].done { try advance(&streams[index], final: true) }
                break
            }
            guard descriptors[0].revents != 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            let count = buffer.withUnsafeMutableBytes { raw in read(notify, raw.baseAddress, raw.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw OSError("read inotify", errno: errno)
            }
            var offset = 0
            var touched: [Int: Bool] = [:]
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (watch, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, UInt32) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, event.len)
                }
                if let index = watches[watch] {
                    touched[index] = (touched[index] ?? false) || mask & UInt32(IN_CLOSE_WRITE) != 0
                }
                offset += MemoryLayout<inotify_event>.size + Int(length)
            }
            for (index, closed) in touched.sorted(by: { $0.key < $1.key }) where !streams[index].done {
                try advance(&streams[index], final: closed)
            }
        }
    }

    private func advance(_ stream: inout Stream, final: Bool) throws(OSError) {
        // A megabyte at a time: a large file already written is printed in bounded memory.
        var atEnd = false
        while !atEnd {
            var bytes: [UInt8] = []
            atEnd = try stream.reader.readAvailable(into: &bytes, final: final, maximumOutput: 1 << 20)
            let lines = stream.prefixer.feed(bytes, final: atEnd && (final || stream.reader.isExhausted))
            if !lines.isEmpty { output(lines) }
        }
        stream.done = final || stream.reader.isExhausted
    }

    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Paths of the files `pid` holds open (its `/proc/<pid>/fd` links).
    static func openFiles(of pid: Int32) -> Set<String> {
        let folder = "/proc/\(pid)/fd"
        var paths: Set<String> = []
        for name in DirectoryEntries.names(folder) {
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink("\(folder)/\(name)", &target, target.count - 1)
            if length > 0 {
                paths.insert(String(decoding: target.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
        }
        return paths
    }
}
