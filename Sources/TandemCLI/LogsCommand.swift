import ArgumentParser
import Glibc
import TandemAPI
import TandemOS
import TandemRecords

/// `tandem logs`: `kubectl logs` over the CRI log files of the pod's last run (or `--run DIR`),
/// with kubectl's flags, container defaulting, messages and exit codes, and the kubelet's
/// reading rules (tail by file lines, `--since` by record time, `--timestamps` per record).
/// `TYPE/NAME` of a Job or workload reads the pod kubectl would pick among its pods.
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the logs for a container in a pod of a tandem run, as kubectl logs does.",
        discussion: """
            Reads the CRI log files of the pod's latest run ($TMPDIR/tandem-<uid>/pods/<namespace>_<pod>), \
            or of the run directory given with --run. TYPE/NAME of a Job or workload (job/migrate, \
            deploy/web, rs/…, sts/…, ds/…) reads one of its pods, chosen as kubectl logs chooses. \
            Exits 1 when the pod, container or instance is not there, 2 for a bad command line.
            """
    )

    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Follow the log until the container's attempt (or the run) ends.")
    var follow = false

    @Flag(name: [.customShort("p"), .customLong("previous")], help: "Print the logs of the previous instance of the container.")
    var previous = false

    @Option(name: [.customShort("c"), .customLong("container")], help: "Print the logs of this container.")
    var container: String?

    @Option(name: .customLong("tail"), parsing: .unconditional, help: "Lines of recent log file to display (-1: all).")
    var tail = -1

    @Flag(name: .customLong("timestamps"), help: "Include the CRI timestamp on each line.")
    var timestamps = false

    @Option(name: .customLong("since"), parsing: .unconditional, help: "Only logs newer than a relative duration like 5s, 2m, or 3h.")
    var since: String?

    @Option(name: .customLong("since-time"), help: "Only logs after a date (RFC3339).")
    var sinceTime: String?

    // Unconditional, as --tail: `-1` is a (refused) value, not an unknown flag.
    @Option(name: .customLong("limit-bytes"), parsing: .unconditional, help: "Maximum bytes of logs to return (0: no limit).")
    var limitBytes: Int?

    @Flag(name: .customLong("all-containers"), help: "Get all containers' logs in the pod (init containers first).")
    var allContainers = false

    @Flag(name: .customLong("prefix"), help: "Prefix each log line with the log source (pod name and container name).")
    var prefix = false

    @Option(name: .customLong("run"), help: "Read this run directory instead of the pod's latest run.")
    var runDirectory: String?

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The pod's namespace.")
    var namespace = "default"

    @Argument(help: "The pod (POD or TYPE/NAME: pod/web, job/migrate, deploy/web), and optionally the container.")
    var names: [String] = []

    func validate() throws {
        guard !names.isEmpty, names.count <= 2 else {
            throw ValidationError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'. POD or TYPE/NAME is a required argument for the logs command")
        }
        if container != nil, names.count == 2 { throw ValidationError("only one of -c or an inline [CONTAINER] arg is allowed") }
        if since != nil, sinceTime != nil { throw ValidationError("at most one of `sinceTime` or `sinceSeconds` may be specified") }
        if let since {
            let nanoseconds: Int64
            do throws(GoDurationParser.Failure) {
                nanoseconds = try GoDurationParser.parse(since)
            } catch {
                throw ValidationError("invalid argument \(GoQuoting.quote(since)) for \"--since\" flag: \(error.description)")
            }
            if nanoseconds < 0 { throw ValidationError("--since must be greater than 0") }
        }
        if let sinceTime, case .failure(let failure) = GoRFC3339.parse(sinceTime) {
            throw ValidationError(failure.description)
        }
        if let limitBytes, limitBytes < 0 { throw ValidationError("--limit-bytes must be greater than 0") }
        if tail < -1 { throw ValidationError("--tail must be greater than or equal to -1") }
        if allContainers, let name = container ?? names.dropFirst().first {
            throw ValidationError("--all-containers=true should not be specified with container name \(name)")
        }
    }

    func run() throws {
        let failure: RecordsError
        do throws(RecordsError) {
            try print()
            return
        } catch {
            failure = error
        }
        StandardStreams.writeErr("tandem: \(GoQuoting.printable(failure.message))\n")
        throw ExitCode(failure.code)
    }

    /// The pod the argument names and its run: a pod itself, or the first pod of a Job or
    /// workload as kubectl picks it (`logsForObject`: `GetFirstPod` sorted `ByLogging`, with
    /// `Found 2 pods, using pod/web-x7k2p` on stderr when it had a choice).
    private func choosePod() throws(RecordsError) -> (RunRecords, Pod) {
        let object = try ObjectArgument.parse(names[0])
        let root = RunDirectory.defaultRoot()
        switch object.type {
        case .pods:
            let records = try RunRecords.locate(pod: object.name, namespace: namespace, run: runDirectory, root: root)
            guard let pod = records.pod(named: object.name, namespace: namespace) else {
                throw RecordsError.podNotFound(object.name, "not in namespace \(GoQuoting.quote(namespace)) of run \(records.directory)")
            }
            return (records, pod)
        case .cronJobs:
            // SelectorsForObject has no case for a CronJob (its pods belong to its Jobs).
            let type = object.type.goType
            throw RecordsError(message: "cannot get the logs from \(type): selector for \(type) not implemented", code: 1)
        case let type where ResourceType.withPods.contains(type):
            let (records, pods) = try RunRecords.locate(type, named: object.name, namespace: namespace, run: runDirectory,
                                                        root: root)
            let pod = RunRecords.sortedForLogs(pods)[0]
            if pods.count > 1 {
                StandardStreams.writeErr(GoQuoting.printable("Found \(pods.count) pods, using pod/\(pod.metadata?.name ?? "")") + "\n")
            }
            return (records, pod)
        default:
            throw RecordsError.noPods(object.type, "logs")
        }
    }

    private func print() throws(RecordsError) {
        let (records, pod) = try choosePod()
        let podName = pod.metadata?.name ?? ""
        let selection = try PodLogSelection.select(pod: pod, records: records, container: container ?? names.dropFirst().first,
                                                   allContainers: allContainers, previous: previous)
        for notice in selection.notices { StandardStreams.writeErr(GoQuoting.printable(notice) + "\n") }
        // kubectl sends no limit for 0 (`if o.LimitBytes != 0`).
        var options = CRILogOptions(tail: tail, timestamps: timestamps, limitBytes: limitBytes == 0 ? nil : limitBytes)
        if let since, let nanoseconds = try? GoDurationParser.parse(since), nanoseconds > 0 {
            // kubectl rounds --since to whole seconds; the kubelet counts back from its now.
            let seconds = (nanoseconds + 500_000_000) / 1_000_000_000
            options.since = RecordTime(nanosecondsSinceEpoch: RecordTime.now().nanosecondsSinceEpoch - seconds * 1_000_000_000)
        }
        if let sinceTime, case .success(let time) = GoRFC3339.parse(sinceTime) { options.since = time }
        let prefixes = selection.sources.map { prefix ? "[pod/\(podName)/\($0.container)] " : "" }
        if follow, selection.sources.count > 0 {
            var sources: [LogFollower.Source] = []
            for (source, linePrefix) in zip(selection.sources, prefixes) {
                sources.append(LogFollower.Source(path: try source.file.get(), prefix: linePrefix))
            }
            let runPid = records.isLive ? records.manifest?.pid : nil
            do throws(OSError) {
                try LogFollower(sources: sources, options: options, runPid: runPid, output: Self.writeOut).run()
            } catch {
                throw RecordsError(message: error.description, code: 1)
            }
            return
        }
        for (source, linePrefix) in zip(selection.sources, prefixes) {
            let path = try source.file.get()
            do throws(OSError) {
                let reader = try CRILogReader(path: path, options: options)
                var prefixer = LinePrefixer(prefix: linePrefix)
                // Written out a megabyte at a time: memory stays bounded for any file size.
                var done = false
                while !done {
                    var bytes: [UInt8] = []
                    done = try reader.readAvailable(into: &bytes, final: true, maximumOutput: 1 << 20)
                    Self.writeOut(prefixer.feed(bytes, final: done))
                }
            } catch {
                throw RecordsError(message: "failed to open log file \(GoQuoting.quote(path)): \(error.reason.lowercased())", code: 1)
            }
        }
    }

    /// Container output goes out as the bytes the container wrote (as kubectl streams them).
    static func writeOut(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in write(STDOUT_FILENO, raw.baseAddress.map { $0 + offset }, raw.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
