import Foundation
import TandemAPI
import TandemLifecycle
import TandemOS

/// Prints Kubernetes events on stderr as they happen, one line each, aligned with the
/// container output lines (`web | Started  spec.containers{app}  Started container app`).
/// Lines go through a `TerminalWriter`: printing never blocks the worker that reports.
struct EventPrinter: Sendable {
    /// nil with `--quiet`.
    var terminal: TerminalWriter?
    var width: Int

    func print(_ event: PodEventRecord, pod: String) {
        let reason = event.reason.padding(toLength: max(10, event.reason.count), withPad: " ", startingAt: 0)
        let object = event.fieldPath.map { " \($0)" } ?? ""
        note("\(event.type == "Warning" ? "Warning " : "")\(reason)\(object): \(event.message)", pod: pod)
    }

    /// A line of tandem's own (a pod's or Job's outcome), laid out like the event lines. Event
    /// messages carry names, commands and probe output from the manifest and the containers,
    /// so the whole line is made terminal-safe here, where it is formatted.
    func note(_ message: String, pod: String) {
        guard let terminal else { return }
        let shown = GoQuoting.printable(pod)
        let padded = shown.padding(toLength: max(width, shown.count), withPad: " ", startingAt: 0)
        terminal.write(Array("\(padded) * \(GoQuoting.printable(message))\n".utf8))
    }
}
