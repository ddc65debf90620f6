import Foundation
import Glibc
import Testing
import TandemOS
@testable import TandemRecords

/// The CRI reader against the kubelet's ReadLogs rules: partial records rejoined, corrupt lines
/// skipped, tail counted in file lines, since by record time, timestamps per record, byte
/// limits, missing files, and huge files in bounded memory.
@Suite struct CRILogReaderTests {
    static func file(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("records-cri-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("0.log").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func read(_ path: String, _ options: CRILogOptions = CRILogOptions(), final: Bool = true) throws -> String {
        let reader = try CRILogReader(path: path, options: options)
        var output: [UInt8] = []
        try reader.readAvailable(into: &output, final: final)
        return String(decoding: output, as: UTF8.self)
    }

    static let sample = """
        2026-11-30T06:00:01.000000001Z stdout F first
        2026-11-30T06:00:02.000000002Z stderr P par
        2026-11-30T06:00:02.500000000Z stderr P ti
        2026-11-30T06:00:03.000000003Z stderr F al
        not a cri line at all
        2026-11-30T06:00:04Z stdin F wrong stream
        2026-11-30T06:00:05.000000005Z stdout F:x 
        garbage-time stdout F nope
        2026-11-30T06:00:06.000000006Z stdout F last

        """

    @Test func partialRecordsAreRejoinedAndCorruptLinesSkipped() throws {
        let path = try Self.file(Self.sample)
        #expect(try Self.read(path) == "first\npartial\n\nlast\n")
    }

    @Test func timestampsPrefixEveryRecordAsTheKubeletDoes() throws {
        let path = try Self.file(Self.sample)
        #expect(try Self.read(path, CRILogOptions(timestamps: true)) == """
            2026-11-30T06:00:01.000000001Z first
            2026-11-30T06:00:02.000000002Z par2026-11-30T06:00:02.500000000Z ti2026-11-30T06:00:03.000000003Z al
            2026-11-30T06:00:05.000000005Z 
            2026-11-30T06:00:06.000000006Z last

            """)
    }

    @Test func tailCountsFileLinesFromTheEnd() throws {
        let path = try Self.file(Self.sample)
        #expect(try Self.read(path, CRILogOptions(tail: 1)) == "last\n")
        #expect(try Self.read(path, CRILogOptions(tail: 3)) == "\nlast\n")  // a garbage line is a line
        #expect(try Self.read(path, CRILogOptions(tail: 6)) == "al\n\nlast\n")
        #expect(try Self.read(path, CRILogOptions(tail: 7)) == "tial\n\nlast\n")
        #expect(try Self.read(path, CRILogOptions(tail: 0)) == "")
        #expect(try Self.read(path, CRILogOptions(tail: 1000)) == "first\npartial\n\nlast\n")
        // An unterminated last line is not counted, and printed.
        let open = try Self.file("2026-11-30T06:00:01Z stdout F a\n2026-11-30T06:00:02Z stdout F b\n2026-11-30T06:00:03Z stdout F c")
        #expect(try Self.read(open, CRILogOptions(tail: 1)) == "b\nc")
        // Following, it waits for its newline instead.
        #expect(try Self.read(open, CRILogOptions(tail: 1), final: false) == "b\n")
    }

    @Test func sinceSkipsOlderRecordsAndLimitBytesCuts() throws {
        let path = try Self.file(Self.sample)
        let since = RecordTime(rfc3339: "2026-11-30T06:00:02.500000000Z")
        #expect(try Self.read(path, CRILogOptions(since: since)) == "tial\n\nlast\n")
        #expect(try Self.read(path, CRILogOptions(limitBytes: 9)) == "first\npar")
        #expect(try Self.read(path, CRILogOptions(timestamps: true, limitBytes: 12)) == "2026-11-30T0")
    }

    @Test func outputComesInBoundedPiecesThatAddUpToTheWhole() throws {
        // 300 records of 1 KiB: about 5 blocks of the file.
        let lines = (0..<300).map { "line \($0) " + String(repeating: "z", count: 1000) }
        let path = try Self.file(lines.map { "2026-11-30T06:00:01.000000000Z stdout F \($0)\n" }.joined())
        let reader = try CRILogReader(path: path, options: CRILogOptions())
        var pieces: [[UInt8]] = []
        var atEnd = false
        while !atEnd {
            var output: [UInt8] = []
            atEnd = try reader.readAvailable(into: &output, final: true, maximumOutput: 1)
            pieces.append(output)
        }
        // The limit is checked between 64 KiB blocks of the file: each call returns at most one block's records.
        #expect(pieces.count >= 5)
        #expect(pieces.allSatisfy { $0.count <= CRILogReader.blockSize })
        #expect(String(decoding: pieces.flatMap { $0 }, as: UTF8.self) == lines.map { $0 + "\n" }.joined())
    }

    @Test func aMissingFileIsAnOSError() {
        #expect(throws: OSError("open /nonexistent/0.log", errno: ENOENT)) {
            _ = try CRILogReader(path: "/nonexistent/0.log", options: CRILogOptions())
        }
    }

    @Test func hugeFilesAndOverlongLinesStayInBoundedMemory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("records-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("0.log").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        // 3 MiB without a newline (corrupt: no CRI writer makes one), then 40 MiB of records.
        handle.write(Data(repeating: UInt8(ascii: "x"), count: 3 * 1024 * 1024))
        handle.write(Data("\n".utf8))
        let record = Data("2026-11-30T06:00:01.000000000Z stdout F \(String(repeating: "y", count: 1000))\n".utf8)
        let block = Data((0..<1024).flatMap { _ in record })
        for _ in 0..<40 { handle.write(block) }
        handle.write(Data("2026-11-30T06:00:09.000000000Z stdout F the end\n".utf8))
        try handle.close()

        let before = Self.maximumResidentKilobytes()
        // Every record is read and filtered (none is newer), so the whole file streams through.
        let filtered = try Self.read(path, CRILogOptions(since: RecordTime(rfc3339: "2026-11-30T06:00:05Z")))
        #expect(filtered == "the end\n")
        let tail = try Self.read(path, CRILogOptions(tail: 1))
        #expect(tail == "the end\n")
        let grown = Self.maximumResidentKilobytes() - before
        #expect(grown < 24 * 1024, "peak RSS grew by \(grown) KiB reading a 43 MiB file")
    }

    static func maximumResidentKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}
