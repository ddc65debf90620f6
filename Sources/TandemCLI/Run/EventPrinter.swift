import Foundation
import TandemLifecycle

/// Prints Kubernetes events on stderr as they happen, one line each, aligned with the
/// container output lines (`web | Started  spec.containers{app}  Started container app`).
struct EventPrinter: Sendable {
    var enabled: Bool
    var width: Int

    func print(_ event: PodEventRecord, pod: String) {
        guard enabled else { return }
        let padded = pod.padding(toLength: max(width, pod.count), withPad: " ", startingAt: 0)
        let reason = event.reason.padding(toLength: max(10, event.reason.count), withPad: " ", startingAt: 0)
        let object = event.fieldPath.map { " \($0)" } ?? ""
        let line = "\(padded) * \(event.type == "Warning" ? "Warning " : "")\(reason)\(object): \(event.message)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

extension EventPrinter {
    /// A line of tandem's own (a Job's outcome).
    func note(_ message: String, pod: String) {
        guard enabled else { return }
        let padded = pod.padding(toLength: max(width, pod.count), withPad: " ", startingAt: 0)
        FileHandle.standardError.write(Data("\(padded) * \(message)\n".utf8))
    }
}
