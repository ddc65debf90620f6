import CTandemStandardInput
import Foundation
import Glibc

/// Turns the paths given on a command line into manifest files and reads them, the way
/// `kubectl apply -f` does: a directory stands for its `.yaml`, `.yml` and `.json` files in
/// lexical order (its subdirectories too with `recursive`, as `-R`), `-` is standard input, and
/// anything else is read as a stream whatever it is (a file, `/dev/null`, a FIFO, `<(cmd)`).
/// Shared by every command that reads manifests, so they all accept the same inputs.
public enum ManifestSources {
    /// Extensions kubectl recognises in a directory (`FileExtensions`).
    public static let extensions = [".json", ".yaml", ".yml"]

    /// Largest manifest read; more is refused rather than buffered without end. The API server
    /// takes at most 3 MB per object; a file of many objects may be larger.
    public static let maxBytes = 32 << 20

    /// One command-line path expanded: the files to load, in order, or why it has none.
    public enum Entry: Sendable, Equatable {
        case file(String)
        case problem(ManifestError)
    }

    /// Every path in order; a directory becomes its manifest files sorted by path (kubectl's
    /// `filepath.Walk` order), or one problem when it holds none.
    /// A second `-` is a problem: standard input is read to its end the first time, so it would
    /// silently read as empty.
    public static func expand(paths: [String], recursive: Bool) -> [Entry] {
        var standardInputSeen = false
        return paths.flatMap { path -> [Entry] in
            if path == "-" {
                defer { standardInputSeen = true }
                return standardInputSeen ? [.problem(standardInputTwice)] : [.file(path)]
            }
            guard isDirectory(path) else { return [.file(path)] }
            let files = manifestFiles(in: path, recursive: recursive)
            guard !files.isEmpty else {
                let found = recursive ? "" : " (use -R to include subdirectories)"
                return [.problem(ManifestError(file: path, message:
                    "no manifest files in directory: recognized file extensions are \(extensions.joined(separator: " "))\(found)"))]
            }
            return files.map(Entry.file)
        }
    }

    /// The problem of a second `-` among the paths, as every command words it.
    public static let standardInputTwice = ManifestError(file: "-", message: "standard input can be read only once")

    /// Loads every file the paths stand for, each on its own: one bad file does not hide the
    /// others' objects or errors. `file` is the path as expanded (`-` for standard input).
    public static func load(paths: [String], recursive: Bool) -> [(file: String, result: Result<[ManifestDocument], ManifestError>)] {
        expand(paths: paths, recursive: recursive).map { entry in
            switch entry {
            case .problem(let error):
                return (error.file, .failure(error))
            case .file(let path):
                return (path, Result { () throws(ManifestError) in try ManifestLoader.load(path: path) })
            }
        }
    }

    /// Like `load(paths:recursive:)`, passing over objects of other kinds (see
    /// `ManifestLoader.loadSkippingOtherKinds`), for `validate` and `resources`.
    public static func loadSkippingOtherKinds(paths: [String], recursive: Bool)
        -> [(file: String, result: Result<(documents: [ManifestDocument], skipped: [SkippedObject]), ManifestError>)] {
        expand(paths: paths, recursive: recursive).map { entry in
            switch entry {
            case .problem(let error):
                return (error.file, .failure(error))
            case .file(let path):
                return (path, Result { () throws(ManifestError) in try ManifestLoader.loadSkippingOtherKinds(path: path) })
            }
        }
    }

    /// The bytes of `path` (`-`: standard input) as UTF-8 text, read to the end as a stream, at
    /// most `maxBytes`. Errors name the system's reason (`No such file or directory`).
    public static func read(path: String) throws(ManifestError) -> String {
        let name = path == "-" ? "<stdin>" : path
        let descriptor: Int32
        if path == "-" {
            guard standardInputWasGiven() else { throw ManifestError(file: name, message: "standard input is closed") }
            descriptor = 0
        } else {
            if isDirectory(path) {
                throw ManifestError(file: name, message: "is a directory")
            }
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw ManifestError(file: name, message: systemError(errno)) }
        }
        defer { if descriptor != 0 { close(descriptor) } }
        var data = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw ManifestError(file: name, message: systemError(errno))
            }
            data.append(contentsOf: chunk[0..<count])
            if data.count > maxBytes {
                throw ManifestError(file: name, message: "larger than \(maxBytes >> 20) MiB")
            }
        }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            // A UTF-8 byte order mark (editors on Windows write one) is no part of the text: go-yaml, which
            // kubectl's decoder ends in, skips it as libyaml does when it detects the encoding itself (Yams
            // names the encoding, so libyaml read the mark as a character: "did not find expected
            // <document start>").
            data.removeFirst(3)
        }
        if String(validating: data, as: UTF8.self) == nil, JSONStreams.looksLikeJSON(data) {
            // encoding/json reads a byte that is not UTF-8 inside a string as U+FFFD.
            data = JSONStreams.repairingStrings(data)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ManifestError(file: name, message: "not UTF-8 text")
        }
        return text
    }

    /// False when tandem was started with descriptor 0 closed (`tandem run - 0<&-`). Descriptor 0
    /// is then either not there or one the process opened itself (the runtime's eventfd, a file a
    /// library reads at start-up), and reading that one would fail with EINVAL, block, or read the
    /// wrong file. Its state is the one recorded before `main` (CTandemStandardInput): asked only
    /// now, a file opened without close-on-exec on another thread in between looked inherited.
    static func standardInputWasGiven() -> Bool {
        guard ctandem_standard_input_was_open_at_start() != 0 else { return false }
        let flags = fcntl(0, F_GETFD)
        return flags >= 0 && flags & FD_CLOEXEC == 0
    }

    private static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The manifest files in `directory` (and below with `recursive`), as kubectl's `filepath.Walk`
    /// finds them: entries are looked at with `lstat`, so a symbolic link to a directory is not
    /// entered (a link back up made `-R` read the same files over and over) while a link to a file
    /// with a manifest extension is read.
    private static func manifestFiles(in directory: String, recursive: Bool) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var files: [String] = []
        for name in names.sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var status = stat()
            if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                if recursive { files += manifestFiles(in: path, recursive: true) }
            } else if extensions.contains(where: { name.hasSuffix($0) }) {
                files.append(path)
            }
        }
        return files
    }

    private static func systemError(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        return buffer.withUnsafeMutableBufferPointer { pointer -> String in
            guard let base = pointer.baseAddress else { return "error \(code)" }
            // The XSI strerror_r (what Swift imports) fills the buffer and returns 0.
            guard strerror_r(code, base, pointer.count) == 0 else { return "error \(code)" }
            return String(cString: base)
        }
    }
}
