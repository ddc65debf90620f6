import ArgumentParser
import Foundation
import TandemAPI
import TandemTimeline

/// `tandem timeline [EVENTS.jsonl|RUN-DIR] [--status-file F] [-o out.svg|out.html|out.png]`: the picture
/// of a run from its events file (the newest run's by default). Several pods (a Job's, a multi-pod file)
/// are stacked as panels of one picture on one time axis.
struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Draw a run's events as a timeline (SVG, HTML or PNG): one lane per container.",
        discussion: """
            Reads the events file tandem run writes (events.jsonl in the run directory, or --events FILE); \
            with no argument, the newest run's under $TMPDIR/tandem-<uid>/. Lanes follow the spec order \
            (from --status-file, or pods.json beside the events file). Several pods are stacked on one \
            time axis. -o FILE.png needs rsvg-convert or chromium.
            """
    )

    @Argument(help: "The events file (JSON Lines of core/v1 Events) or a run directory; default: the newest run.")
    var events: String?

    @Option(name: .customLong("status-file"), help: "The run's final Pod(s) (tandem run --status-file): spec order and roles.")
    var statusFile: String?

    @Option(name: .shortAndLong, help: "Output file: .svg, .html or .png (default: SVG on standard output).")
    var output: String?

    @Option(name: .customLong("title"), help: "The picture's title (default: the events file's name).")
    var title: String?

    func run() throws {
        let destination = PictureOutput(destination: output)
        try destination.check()
        let path: String
        switch RunLocator.eventsFile(events) {
        case .success(let found): path = found
        case .failure(let problem):
            StandardStreams.writeErr("tandem: \(problem.message)\n")
            throw ExitCode(2)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            StandardStreams.writeErr("tandem: cannot read \(GoQuoting.quote(path)): \(PictureOutput.reason(error))\n")
            throw ExitCode(2)
        }
        let parsed: [TimelineEvent]
        do {
            parsed = try EventsFile.parse(data)
        } catch {
            StandardStreams.writeErr("tandem: \(GoQuoting.printable(path)): \(error.description)\n")
            throw ExitCode(2)
        }
        guard !parsed.isEmpty else {
            StandardStreams.writeErr("tandem: \(GoQuoting.printable(path)): no events\n")
            throw ExitCode(2)
        }
        var pods: [Pod] = []
        if let podsPath = statusFile ?? RunLocator.podsFile(besides: path) {
            guard let contents = try? Data(contentsOf: URL(fileURLWithPath: podsPath)),
                  let decoded = RunLocator.pods(contents) else {
                StandardStreams.writeErr("tandem: \(GoQuoting.printable(podsPath)): not a Pod or a List of Pods (JSON)\n")
                throw ExitCode(2)
            }
            pods = decoded
        }
        let picture = TimelineBuilder.picture(events: parsed, pods: pods)
        var objects: [String] = []
        for event in parsed where !objects.contains(event.objectName) { objects.append(event.objectName) }
        let shown = objects.prefix(3).joined(separator: ", ") + (objects.count > 3 ? ", …" : "")
        let name = title ?? "tandem timeline: \(shown)"
        try destination.write(picture, title: name, events: parsed)
    }
}
