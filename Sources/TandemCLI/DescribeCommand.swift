import ArgumentParser
import Foundation
import TandemAPI
import TandemOS
import TandemRecords

/// `tandem describe`: what `kubectl describe pod` prints, for a pod of a tandem run (its latest
/// run by default) or for a status file written by `tandem run --status-file` (with the events
/// of `--events`).
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show details of a pod of a tandem run, as kubectl describe pod does.",
        discussion: """
            Reads the pod's latest run ($TMPDIR/tandem-<uid>/pods/<namespace>_<pod>: pods.json and \
            events.jsonl), a run directory given with --run, or a --status-file (Pod or List) with \
            optional --events (JSON lines of core/v1 Events). Only the API's events are shown \
            (tandem's own facts are not). Exits 1 when the pod is not there, 2 for a bad command line.
            """
    )

    @Option(name: .customLong("status-file"), help: "A Pod (or v1 List of Pods) written by tandem run --status-file.")
    var statusFile: String?

    @Option(name: .customLong("events"), help: "Events as JSON lines (tandem run --events), with --status-file.")
    var eventsFile: String?

    @Option(name: .customLong("run"), help: "Read this run directory instead of the pod's latest run.")
    var runDirectory: String?

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The pod's namespace.")
    var namespace = "default"

    @Argument(help: "The pod: NAME, TYPE/NAME (pod/web) or TYPE NAME (pod web); optional with --status-file holding one pod. A Job or workload (job/migrate) is answered with the names of its pods.")
    var arguments: [String] = []

    /// The object named by the arguments (`web`, `pod/web`, `pods web`, `job/migrate`), nil when
    /// none was given.
    private func object() throws(RecordsError) -> ObjectArgument? {
        switch arguments.count {
        case 0: return nil
        case 1: return try ObjectArgument.parse(arguments[0])
        default: return ObjectArgument(type: try ObjectArgument.type(arguments[0]), name: arguments[1])
        }
    }

    /// The pod named by the arguments, nil when none was given. Any other type is refused: tandem
    /// describes pods only (kubectl would print the Job or Deployment itself), so the error
    /// names the object's pods to describe instead.
    private func podName() throws(RecordsError) -> String? {
        guard let object = try object() else { return nil }
        guard object.type != .pods else { return object.name }
        var message = "describe shows pods only, not \(object.type.kind)s"
        if ResourceType.withPods.contains(object.type) {
            let pods: [Pod]
            if let statusFile {
                let all = FileManager.default.contents(atPath: statusFile).map(RunRecords.decodePods) ?? []
                pods = RunRecords.pods(all, of: object.type, named: object.name, namespace: namespace)
                if pods.isEmpty {
                    throw RecordsError.notFound(object.type, object.name, "not in namespace \(GoQuoting.quote(namespace)) of \(statusFile)")
                }
            } else {
                pods = try RunRecords.locate(object.type, named: object.name, namespace: namespace, run: runDirectory,
                                             root: RunDirectory.defaultRoot()).pods
            }
            let names = pods.map { $0.metadata?.name ?? "" }
            message += "; the pods of \(object.type.kind.lowercased())\(object.type.group.isEmpty ? "" : "." + object.type.group)"
                + "/\(object.name): \(names.joined(separator: ", ")) (tandem describe pod/NAME)"
        }
        throw RecordsError(message: message, code: 1)
    }

    func validate() throws {
        if arguments.count > 2 { throw ValidationError("describes one pod: NAME, TYPE/NAME or TYPE NAME") }
        if arguments.isEmpty, statusFile == nil {
            throw ValidationError("you must specify the name of a pod (or --status-file)")
        }
        if eventsFile != nil, statusFile == nil { throw ValidationError("--events needs --status-file") }
        if statusFile != nil, runDirectory != nil { throw ValidationError("only one of --status-file or --run may be given") }
    }

    func run() throws {
        let failure: RecordsError
        do throws(RecordsError) {
            let text = try describe()
            // Names, labels, messages and commands come from users and containers: escaped per line.
            StandardStreams.writeOut(text.goSplit("\n").map(GoQuoting.printable).joined(separator: "\n"))
            return
        } catch {
            failure = error
        }
        StandardStreams.writeErr("tandem: \(GoQuoting.printable(failure.message))\n")
        throw ExitCode(failure.code)
    }

    private func describe() throws(RecordsError) -> String {
        let pod = try podName()
        let pods: [Pod]
        let events: [Event]
        if let statusFile {
            guard let data = FileManager.default.contents(atPath: statusFile) else {
                throw RecordsError(message: "the path \(GoQuoting.quote(statusFile)) does not exist", code: 1)
            }
            pods = RunRecords.decodePods(data)
            guard !pods.isEmpty else {
                throw RecordsError(message: "\(statusFile): neither a Pod nor a List of Pods", code: 1)
            }
            if let eventsFile, !FileManager.default.fileExists(atPath: eventsFile) {
                throw RecordsError(message: "the path \(GoQuoting.quote(eventsFile)) does not exist", code: 1)
            }
            events = eventsFile.map { RunRecords.readEvents(path: $0) } ?? []
        } else {
            let name = pod ?? ""
            let records = try RunRecords.locate(pod: name, namespace: namespace, run: runDirectory, root: RunDirectory.defaultRoot())
            guard let found = records.pod(named: name, namespace: namespace) else {
                throw RecordsError.podNotFound(name, "not in namespace \(GoQuoting.quote(namespace)) of run \(records.directory)")
            }
            pods = [found]
            events = records.events
        }
        var chosen = pods
        if let pod {
            chosen = pods.filter { $0.metadata?.name == pod && ($0.metadata?.namespace ?? "default") == namespace }
            guard !chosen.isEmpty else {
                throw RecordsError.podNotFound(pod, "not in namespace \(GoQuoting.quote(namespace)) of \(statusFile ?? "")")
            }
        }
        let now = RecordTime.now()
        return chosen.map { pod in
            PodDescriber(pod: pod, events: events.filter { Self.involves($0, pod) }, now: now).render()
        }.joined(separator: "\n\n")
    }

    /// kubectl's event search for a pod: the events whose involvedObject is this pod.
    /// An event with no involvedObject (decoded as an empty one) involves no pod.
    static func involves(_ event: Event, _ pod: Pod) -> Bool {
        let object = event.involvedObject
        guard object != ObjectReference(), object.kind == nil || object.kind == "Pod" else { return false }
        if let uid = object.uid, let podUID = pod.metadata?.uid, !uid.isEmpty, !podUID.isEmpty { return uid == podUID }
        return object.name == pod.metadata?.name && (object.namespace ?? "default") == (pod.metadata?.namespace ?? "default")
    }
}
