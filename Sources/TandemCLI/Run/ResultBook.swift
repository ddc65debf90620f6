import Foundation
import Synchronization
import TandemAPI

/// The latest status of every pod of a run, written as Kubernetes JSON to `--status-file`:
/// the Pod object for a single pod, a `List` of them otherwise (always for workloads).
final class ResultBook: Sendable {
    private let pods = Mutex<[(name: String, pod: Pod)]>([])
    /// A `List` even for one pod: a workload's pods come and go, so their number is not the shape.
    let alwaysList: Bool

    init(alwaysList: Bool = false) {
        self.alwaysList = alwaysList
    }

    func record(pod: Pod, status: PodStatus) {
        let name = pod.metadata?.name ?? ""
        pods.withLock { pods in
            var updated = pod
            updated.status = status
            if let index = pods.firstIndex(where: { $0.name == name }) {
                pods[index].pod = updated
            } else {
                pods.append((name, updated))
            }
        }
    }

    func write(to path: String) throws {
        let snapshot = pods.withLock { $0.map(\.pod) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        if !alwaysList, snapshot.count == 1, let only = snapshot.first {
            data = try encoder.encode(only)
        } else {
            data = try encoder.encode(PodList(items: snapshot))
        }
        try RunOutputPaths.writeAtomically([UInt8](data), to: path)
    }
}

/// `{"apiVersion":"v1","kind":"List","items":[…]}`, as kubectl prints several objects.
struct PodList: Encodable {
    var apiVersion = "v1"
    var kind = "List"
    var items: [Pod]
}
