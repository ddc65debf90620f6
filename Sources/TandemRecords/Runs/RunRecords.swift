import Foundation
import TandemAPI

/// Reads what a run left behind: finds the run of a pod through the index (or takes the one
/// given), and loads its pods (`pods.json` when the run ended, `run.json` while it runs) and
/// events (`events.jsonl`, last line per event name wins).
public struct RunRecords: Sendable {
    /// Absolute path of the run directory.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The run holding `pod` in `namespace`: `run` when given, else the index entry under `root`.
    public static func locate(pod: String, namespace: String, run: String?, root: String) throws(RecordsError) -> RunRecords {
        if let run {
            let path = RunDirectory.absolute(run)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw RecordsError(message: "run directory \(GoQuoting.quote(run)) not found", code: 1)
            }
            return RunRecords(directory: path)
        }
        // A planted symlink or another user's directory is no index of ours: said so, not "no runs".
        if let problem = RunDirectory.rootProblem(root) { throw RecordsError(message: problem, code: 1) }
        let link = "\(root)/pods/\(RunDirectory.indexKey(namespace: namespace, name: pod))"
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link),
              FileManager.default.fileExists(atPath: target) else {
            let anyRun = FileManager.default.fileExists(atPath: "\(root)/latest")
            throw RecordsError.podNotFound(pod, anyRun ? "no run under \(root) ran it in namespace \(GoQuoting.quote(namespace))"
                                                      : "no runs recorded yet under \(root)")
        }
        return RunRecords(directory: target)
    }

    /// `run.json`, if the run wrote one.
    public var manifest: RunManifest? {
        guard let data = FileManager.default.contents(atPath: "\(directory)/\(RunManifest.fileName)") else { return nil }
        return try? JSONDecoder().decode(RunManifest.self, from: data)
    }

    /// The final Pod objects (`pods.json`: a Pod or a v1 List of Pods); empty while the run lives.
    public var finalPods: [Pod] {
        guard let data = FileManager.default.contents(atPath: "\(directory)/pods.json") else { return [] }
        return Self.decodePods(data)
    }

    /// Pods from `data`: a Pod, or a `List` whose items are Pods; empty when neither.
    public static func decodePods(_ data: Data) -> [Pod] {
        struct List: Decodable { var items: [Pod]? }
        if let list = try? JSONDecoder().decode(List.self, from: data), let items = list.items { return items }
        if let pod = try? JSONDecoder().decode(Pod.self, from: data), pod.metadata != nil { return [pod] }
        return []
    }

    /// The pod named `name` in `namespace`: its final object when the run ended, else as
    /// `run.json` has it (its latest status while the run goes on).
    public func pod(named name: String, namespace: String) -> Pod? {
        func matches(_ pod: Pod) -> Bool {
            pod.metadata?.name == name && (pod.metadata?.namespace ?? "default") == namespace
        }
        // A pod made again under its name (a StatefulSet's) is recorded again: the newest counts.
        return finalPods.first(where: matches) ?? manifest?.pods.last(where: matches)
    }

    /// True while the `tandem run` of this directory is alive (it holds the run's lock).
    public var isLive: Bool { RunLock.isHeld(in: directory) }

    /// Every event of the run (`events.jsonl`), the last line per `metadata.name`, in file order
    /// of first appearance; lines that are not JSON events are skipped.
    public var events: [Event] { Self.readEvents(path: "\(directory)/events.jsonl") }

    public static func readEvents(path: String) -> [Event] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        var order: [String] = []
        var byName: [String: Event] = [:]
        var unnamed = 0
        for line in data.split(separator: 10) where !line.isEmpty {
            guard let event = try? decoder.decode(Event.self, from: Data(line)) else { continue }
            let key: String
            if let name = event.metadata.name {
                key = name
            } else {
                unnamed += 1
                key = "\u{0}\(unnamed)"
            }
            if byName[key] == nil { order.append(key) }
            byName[key] = event
        }
        return order.compactMap { byName[$0] }
    }

    /// `<run>/<pod>/<container>/<n>.log` files of a container, by attempt number.
    public func logFiles(pod: String, container: String) -> [(attempt: Int, path: String)] {
        let folder = "\(directory)/\(pod)/\(container)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { name -> (Int, String)? in
            guard name.hasSuffix(".log"), let attempt = Int(name.dropLast(4)) else { return nil }
            return (attempt, "\(folder)/\(name)")
        }.sorted { $0.0 < $1.0 }
    }
}

/// A failure of `logs`/`describe` in kubectl's words, with kubectl's exit code (1 for a missing
/// object or container, 2 for a bad command line).
public struct RecordsError: Error, Sendable, Equatable {
    public var message: String
    public var code: Int32

    public init(message: String, code: Int32) {
        self.message = message
        self.code = code
    }
}
