import Foundation
import Testing
@testable import TandemOS

/// The kubelet's AtomicWriter layout: a timestamped payload directory, `..data` pointing at it,
/// visible names as links through `..data`, the old payload gone after a rewrite.
@Suite struct AtomicDirectoryWriterTests {
    @Test func payloadLivesBehindDataAndIsSwappedWhole() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        defer { AtomicDirectoryWriter.removeTree(directory) }
        try AtomicDirectoryWriter.write([
            .init(path: "a", data: Array("1".utf8), mode: 0o600),
            .init(path: "conf/b.txt", data: Array("2".utf8), mode: 0o444),
        ], to: directory)
        let first = try FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/..data")
        #expect(first.range(of: #"^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d{9}$"#, options: .regularExpression) != nil, "\(first)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/a") == "..data/a")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/conf") == "..data/conf")
        #expect(try String(contentsOfFile: "\(directory)/conf/b.txt", encoding: .utf8) == "2")
        let mode = try FileManager.default.attributesOfItem(atPath: "\(directory)/\(first)/a")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try AtomicDirectoryWriter.write([.init(path: "a", data: Array("3".utf8), mode: 0o644)], to: directory)
        let second = try FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/..data")
        #expect(second != first)
        #expect(try String(contentsOfFile: "\(directory)/a", encoding: .utf8) == "3")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["..data", second, "a"].sorted())
    }
}
