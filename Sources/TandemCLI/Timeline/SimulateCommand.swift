import ArgumentParser
import Foundation
import TandemAPI
import TandemLifecycle
import TandemSimulation
import TandemTimeline

/// `tandem simulate FILE...`: a pod's (or Job's) lifecycle predicted on a virtual clock with the same
/// `PodStateMachine` (and `JobController`) as `tandem run`, told by the same narrator as the run's events
/// file, so the text, `-o json` and the picture are what `tandem run` and `tandem timeline` would show.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Predict a pod's start-up and shutdown on a virtual clock (nothing is run).",
        discussion: """
            Container timings come from the manifest (a sleep preStop takes its seconds, probes their \
            periods and thresholds) and assumptions: each process starts at once, passes its probes at \
            once, exits 1 s after SIGTERM; regular init containers run 1 s; the mains of Jobs and of \
            Never/OnFailure pods run 5 s and exit 0. --assume NAME=key:value,... changes them (keys: \
            start, ready, stop (or stop:never), run (or run:forever), exit, prestop, poststart). \
            A pod whose mains never end is deleted 5 s after its start-up unless --delete-at says when.
            """
    )

    @Argument(help: "Manifest files or directories (Pods, Jobs, CronJobs, workloads' pods; - is standard input).")
    var files: [String]

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "Read directories' subdirectories too.")
    var recursive = false

    @Option(name: .customLong("assume"), parsing: .singleValue,
            help: "NAME=start:0.5s,ready:1s,stop:2s,run:10s,exit:0,prestop:3s,poststart:1s (stop:never ignores SIGTERM).")
    var assumptions: [String] = []

    @Option(name: .customLong("delete-at"), help: "Delete every pod at this time (e.g. 10s); default: 5 s after start-up.")
    var deleteAt: String?

    @Option(name: .customLong("crash"), parsing: .singleValue,
            help: "NAME@TIME[=CODE]: the container exits by itself at TIME (code 1 unless given).")
    var crashes: [String] = []

    @Option(name: .customLong("sidecar-settle"), parsing: .unconditional, help: "As tandem run's: seconds a sidecar without startupProbe runs before the next starts.")
    var sidecarSettle: Double = 0.05

    @Option(name: .shortAndLong, help: "text, json (the events, one per line), svg, html, or a FILE.svg/.html/.png.")
    var output: String = "text"

    func validate() throws {
        try NumericOptions.checkSeconds(sidecarSettle, flag: "sidecar-settle")
    }

    func run() throws {
        let destination = try pictureDestination()
        let objects: [SimulatedObject]
        switch SimulationPlan.load(files: files, recursive: recursive) {
        case .success(let loaded): objects = loaded
        case .failure(let problem):
            StandardStreams.writeErr(problem.lines.joined(separator: "\n") + "\n")
            throw ExitCode(2)
        }
        let script = try makeScript(objects)
        let overrides = try makeOverrides(objects)
        var options = LifecycleOptions()
        options.sidecarSettle = .nanoseconds(Int64((sidecarSettle * 1e9).rounded()))
        let defaults = Self.defaults
        let simulation = LifecycleSimulation(objects: objects, options: options, script: script) { spec in
            var timings = defaults.timings(for: spec)
            for (name, override) in overrides where timings[name] != nil {
                timings[name] = override.applied(to: timings[name] ?? ContainerTiming())
            }
            return timings
        }
        let log = simulation.run()
        let lines = SimulationEvents.lines(log)
        let events: [TimelineEvent]
        do {
            events = try EventsFile.parse(Data(lines.map { $0 + "\n" }.joined().utf8))
        } catch {
            StandardStreams.writeErr("tandem: internal error: simulated events do not read back: \(error.description)\n")
            throw ExitCode(1)
        }
        switch output {
        case "text":
            let text = SimulationText(events: events, pods: log.pods)
            StandardStreams.writeOut(text.render(header: header(log, overrides)))
        case "json":
            StandardStreams.writeOut(lines.map { $0 + "\n" }.joined())
        default:
            let picture = TimelineBuilder.picture(events: events, pods: log.pods)
            let names = files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
            try (destination ?? PictureOutput(destination: nil)).write(picture, title: "tandem simulate: \(names)", events: events)
        }
    }

    static let defaults = TimingAssumptions(exitAfterTerminate: .seconds(1), unknownHook: .seconds(1),
                                            initRunsFor: .seconds(1), mainRunsFor: .seconds(5))

    /// Where a picture goes: `svg`/`html` on standard output, or a file; nil for text and json.
    func pictureDestination() throws -> PictureOutput? {
        switch output {
        case "text", "json": return nil
        case "svg": return PictureOutput(destination: nil)
        case "html": return PictureOutput(destination: nil, standardOutput: .html)
        default:
            let destination = PictureOutput(destination: output)
            guard destination.format != nil, output.contains(".") else {
                StandardStreams.writeErr("tandem: -o \(GoQuoting.quote(output)): expected text, json, svg, html or a file ending in .svg, .html or .png (see tandem simulate --help)\n")
                throw ExitCode(2)
            }
            return destination
        }
    }

    static func containerNames(_ objects: [SimulatedObject]) -> Set<String> {
        var names: Set<String> = []
        for object in objects {
            let spec: PodSpec?
            switch object {
            case .pod(let pod): spec = pod.spec
            case .job(let job): spec = job.spec?.template?.spec
            }
            for container in (spec?.initContainers ?? []) + (spec?.containers ?? []) { names.insert(container.name ?? "") }
        }
        return names
    }

    func fail(_ message: String) -> ExitCode {
        StandardStreams.writeErr("tandem: \(GoQuoting.printable(message))\n")
        return ExitCode(2)
    }

    func makeOverrides(_ objects: [SimulatedObject]) throws -> [String: TimingOverride] {
        let names = Self.containerNames(objects)
        var overrides: [String: TimingOverride] = [:]
        for text in assumptions {
            switch TimingOverride.parse(text) {
            case .failure(let error): throw fail("--assume: \(error.message)")
            case .success(let parsed):
                guard names.contains(parsed.name) else {
                    throw fail("--assume: no container named \(GoQuoting.quote(parsed.name)) in \(files.joined(separator: ", "))")
                }
                overrides[parsed.name] = parsed.override
            }
        }
        return overrides
    }

    func makeScript(_ objects: [SimulatedObject]) throws -> SimulationScript {
        var script = SimulationScript()
        if let deleteAt {
            guard let at = TimingOverride.duration(deleteAt) else {
                throw fail("--delete-at: expected a time like 10s or 1m30s, got \(GoQuoting.quote(deleteAt))")
            }
            script.deleteAt = at
        }
        let names = Self.containerNames(objects)
        for text in crashes {
            guard let at = text.lastIndex(of: "@") else { throw fail("--crash: expected NAME@TIME[=CODE], got \(GoQuoting.quote(text))") }
            let name = String(text[..<at])
            var rest = String(text[text.index(after: at)...])
            var code: Int32 = 1
            if let equals = rest.firstIndex(of: "=") {
                guard let parsed = Int32(rest[rest.index(after: equals)...]), (0...255).contains(parsed) else {
                    throw fail("--crash: expected an exit code 0-255 after =, got \(GoQuoting.quote(text))")
                }
                code = parsed
                rest = String(rest[..<equals])
            }
            guard let instant = TimingOverride.duration(rest) else {
                throw fail("--crash: expected NAME@TIME[=CODE] with a time like 5s, got \(GoQuoting.quote(text))")
            }
            guard names.contains(name) else {
                throw fail("--crash: no container named \(GoQuoting.quote(name)) in \(files.joined(separator: ", "))")
            }
            script.crashes.append(SimulationScript.Crash(container: name, at: instant, exitCode: code))
        }
        return script
    }

    /// The assumptions in force, one line per container that has any beyond the defaults, so the
    /// prediction can be read with its premises.
    func header(_ log: SimulationLog, _ overrides: [String: TimingOverride]) -> [String] {
        var lines = ["Simulated with tandem run's state machine on a virtual clock (nothing was run)."]
        lines.append("Assumed unless --assume says otherwise: processes start and pass their probes at once, exit 1s after SIGTERM; init containers run 1s; mains of Jobs and Never/OnFailure pods run 5s and exit 0.")
        var seen: Set<String> = []
        for pod in log.pods {
            let timings = Self.defaults.timings(for: pod.spec ?? PodSpec())
            for container in (pod.spec?.initContainers ?? []) + (pod.spec?.containers ?? []) {
                let name = container.name ?? ""
                guard seen.insert(name).inserted else { continue }
                var timing = timings[name] ?? ContainerTiming()
                if let override = overrides[name] { timing = override.applied(to: timing) }
                var parts: [String] = []
                if timing.startDelay > .zero { parts.append("starts after \(Self.text(timing.startDelay))") }
                if timing.startupProbePasses > .zero { parts.append("probes pass after \(Self.text(timing.startupProbePasses))") }
                if let postStart = timing.postStart { parts.append("postStart \(Self.text(postStart))") }
                if let preStop = timing.preStop { parts.append("preStop \(Self.text(preStop))") }
                if let exit = timing.exitAfterTerminate {
                    if exit != .seconds(1) { parts.append("exits \(Self.text(exit)) after SIGTERM") }
                } else {
                    parts.append("ignores SIGTERM")
                }
                if overrides[name]?.runsFor != nil || overrides[name]?.exitCode != nil, let runs = timing.runsFor {
                    parts.append("runs \(Self.text(runs)) then exits \(timing.exitCode)")
                }
                if !parts.isEmpty { lines.append("  \(GoQuoting.printable(name)): " + parts.joined(separator: ", ")) }
            }
        }
        if let deleted = log.deletedAt {
            let why = log.deletionWasDefault ? " (5s after start-up; --delete-at to choose)" : ""
            lines.append("Deletion at \(TimeText.format((deleted - log.origin).nanoseconds))\(why).")
        }
        if log.stoppedAtBound { lines.append("The simulation stopped at its bound (24h, 200,000 decisions or 1,000 pods) with containers still running.") }
        return lines
    }

    static func text(_ duration: Duration) -> String { TimeText.format(duration.nanoseconds) }
}
