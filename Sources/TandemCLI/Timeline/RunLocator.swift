import Foundation
import TandemAPI
import TandemRecords

/// Finds the events file `tandem timeline` draws when none is named: the newest run's, under
/// `$TMPDIR/tandem-<uid>/` — `latest` (a link to the newest run), else the last of `runs/` (names
/// sort by start time), else the newest `run-<pid>` directory (the older layout) that has one.
/// A directory argument stands for its `events.jsonl`. `pods.json` beside it gives the spec order.
enum RunLocator {
    static var root: String {
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return "\(temporary.hasSuffix("/") ? String(temporary.dropLast()) : temporary)/tandem-\(getuid())"
    }

    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// The events file for `argument` (a file or a run directory), or the newest run's.
    static func eventsFile(_ argument: String?) -> Result<String, LocatorError> {
        if let argument {
            if isDirectory(argument) {
                let inside = "\(argument)/events.jsonl"
                guard FileManager.default.fileExists(atPath: inside) else {
                    return .failure(LocatorError(message: "\(GoQuoting.quote(argument)) is a directory without events.jsonl"))
                }
                return .success(inside)
            }
            return .success(argument)
        }
        let root = root
        // A planted symlink or another user's directory is not our runs: said, never followed.
        if let problem = RunDirectory.rootProblem(root) { return .failure(LocatorError(message: GoQuoting.printable(problem))) }
        var candidates: [String] = ["\(root)/latest"]
        let files = FileManager.default
        if let runs = try? files.contentsOfDirectory(atPath: "\(root)/runs") {
            candidates += runs.sorted().reversed().map { "\(root)/runs/\($0)" }
        }
        if let entries = try? files.contentsOfDirectory(atPath: root) {
            let old = entries.filter { $0.hasPrefix("run-") }.map { "\(root)/\($0)" }
            func modified(_ path: String) -> Date {
                (try? files.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
            }
            candidates += old.sorted { modified($0) > modified($1) }
        }
        for candidate in candidates where files.fileExists(atPath: "\(candidate)/events.jsonl") {
            return .success("\(candidate)/events.jsonl")
        }
        return .failure(LocatorError(message: "no events file given and no run with one under \(GoQuoting.quote(root)); "
            + "name one: tandem timeline EVENTS.jsonl (tandem run writes events.jsonl to its run directory)"))
    }

    struct LocatorError: Error {
        var message: String
    }

    /// `pods.json` beside an events file, if the run wrote one.
    static func podsFile(besides events: String) -> String? {
        let candidate = URL(fileURLWithPath: events).deletingLastPathComponent().appendingPathComponent("pods.json").path
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    /// The Pods of a status file (a Pod, or a `v1` List of them).
    static func pods(_ data: Data) -> [Pod]? {
        struct List: Decodable { var items: [Pod]? }
        struct Kind: Decodable { var kind: String? }
        let decoder = JSONDecoder()
        guard let kind = try? decoder.decode(Kind.self, from: data) else { return nil }
        if kind.kind == "List" { return (try? decoder.decode(List.self, from: data))?.items ?? [] }
        return (try? decoder.decode(Pod.self, from: data)).map { [$0] }
    }
}
