import Foundation
import Logging
import Testing
@testable import TandemWebhook

@Suite struct NodeListFileTests {
    func nodeList(_ versions: [String: String]) -> Data {
        let items = versions.sorted { $0.key < $1.key }.map { name, version in
            #"{"kind":"Node","apiVersion":"v1","metadata":{"name":"\#(name)","labels":{"kubernetes.io/hostname":"\#(name)"}},"status":{"nodeInfo":{"kubeletVersion":"\#(version)"}}}"#
        }
        return Data(#"{"apiVersion":"v1","kind":"List","items":[\#(items.joined(separator: ","))],"metadata":{"resourceVersion":""}}"#.utf8)
    }

    @Test func rereadsWhenTheFileChangesAndKeepsTheLastGoodList() throws {
        let directory = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nodes.json")
        try nodeList(["a": "v1.28.9-eks-1"]).write(to: path)
        let file = try NodeListFile(path: path.path, logger: Logger(label: "test"))
        #expect(file.current() == [NodeSummary(name: "a", labels: ["kubernetes.io/hostname": "a"],
                                               kubeletVersion: KubeletVersion(parsing: "v1.28.9"))])

        try nodeList(["a": "v1.29.4-eks-1", "b": "v1.30.2+k3s1"]).write(to: path.appendingPathExtension("new"))
        #expect(rename(path.appendingPathExtension("new").path, path.path) == 0)
        #expect(file.current().map { "\($0.name) \($0.kubeletVersion?.description ?? "?")" } == ["a v1.29.4", "b v1.30.2"])

        try Data("{".utf8).write(to: path.appendingPathExtension("new"))
        #expect(rename(path.appendingPathExtension("new").path, path.path) == 0)
        #expect(file.current().map(\.name) == ["a", "b"])
    }

    @Test func missingOrForeignFileIsAnError() throws {
        #expect(throws: NodeListError.self) { try NodeListFile(path: "/nonexistent/nodes.json", logger: Logger(label: "test")) }
        let directory = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("pods.json")
        try Data(#"{"kind":"PodList","items":[]}"#.utf8).write(to: path)
        #expect(throws: NodeListError.self) { try NodeListFile(path: path.path, logger: Logger(label: "test")) }
    }
}
