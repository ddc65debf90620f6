import Foundation
import Testing
@testable import TandemOS

extension TandemOSTests {
    @Suite struct FileSystemTests {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-fs-\(UUID().uuidString)").path

        @Test func makeDirectoriesIsMkdirP() throws {
            try FileSystem.makeDirectories(root + "/a/b/c")
            try FileSystem.makeDirectories(root + "/a/b/c")
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: root + "/a/b/c", isDirectory: &isDirectory) && isDirectory.boolValue)
            #expect(FileManager.default.createFile(atPath: root + "/file", contents: Data()))
            #expect(throws: OSError("mkdir \(root)/file/sub", errno: ENOTDIR)) { try FileSystem.makeDirectories(root + "/file/sub") }
            try? FileManager.default.removeItem(atPath: root)
        }

        @Test func appendAndReadTheTail() throws {
            let path = root + "/logs/0.log"
            let descriptor = try FileSystem.openForAppending(path)
            try FileSystem.writeAll(Array("0123456789".utf8), to: descriptor, describing: path)
            close(descriptor)
            #expect(try FileSystem.readTail(of: path, maximum: 4) == Array("6789".utf8))
            #expect(try FileSystem.readTail(of: path, maximum: 100) == Array("0123456789".utf8))
            let missing = root + "/absent"
            #expect(throws: OSError("open \(missing)", errno: ENOENT)) { try FileSystem.readTail(of: missing, maximum: 1) }
            #expect(OSError("open \(missing)", errno: ENOENT).description == "open \(missing) failed: No such file or directory")
            try? FileManager.default.removeItem(atPath: root)
        }
    }
}
