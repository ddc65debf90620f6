import Foundation
import Testing
import TandemOS
#if canImport(Glibc)
import Glibc
#endif

@Suite struct DirectoryEntriesTests {
    @Test func listsEveryEntryWithItsTypeAndNeitherDotNorDotDot() throws {
        let directory = NSTemporaryDirectory() + "tandem-entries-\(UUID().uuidString)"
        try FileSystem.makeDirectories(directory + "/sub")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let longest = String(repeating: "n", count: 255)  // NAME_MAX: d_name's 256 bytes with the terminator
        for name in ["file", longest, "ümlaut"] {
            #expect(FileManager.default.createFile(atPath: directory + "/" + name, contents: Data()))
        }
        #expect(symlink("file", directory + "/link") == 0)
        let entries = try DirectoryEntries.list(directory).sorted { $0.name < $1.name }
        #expect(entries == [
            DirectoryEntries.Entry(name: "file", type: UInt8(DT_REG)),
            DirectoryEntries.Entry(name: "link", type: UInt8(DT_LNK)),
            DirectoryEntries.Entry(name: longest, type: UInt8(DT_REG)),
            DirectoryEntries.Entry(name: "sub", type: UInt8(DT_DIR)),
            DirectoryEntries.Entry(name: "ümlaut", type: UInt8(DT_REG)),
        ])
    }

    @Test func aDirectoryThatCannotBeOpenedIsSaidSo() {
        #expect(throws: OSError("opendir /nonexistent-tandem", errno: ENOENT)) {
            try DirectoryEntries.list("/nonexistent-tandem")
        }
        #expect(DirectoryEntries.names("/nonexistent-tandem") == [])
    }
}
