import Synchronization
import TandemAPI
import TandemLifecycle
import TandemSimulation

/// The events file lines of a simulation: the narrated facts of every pod and Job as core/v1 Events,
/// through the same `EventSeries` as `tandem run`'s events file (names, aggregation, timestamps), so
/// `-o json` reads like a run's `events.jsonl` on a virtual clock. Uids count up instead of being
/// random, so the same input prints the same lines.
enum SimulationEvents {
    static let host = "tandem-simulate"

    /// Hands out `00000000-0000-4000-8000-000000000001`, `…2`, … for one simulation's Events.
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
        func next() -> String {
            let number = value.add(1, ordering: .relaxed).newValue
            return Self.uid(prefix: "8000", number)
        }

        static func uid(prefix: String, _ number: Int) -> String {
            let digits = String(number)
            return "00000000-0000-4000-\(prefix)-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
        }
    }

    static func lines(_ log: SimulationLog) -> [String] {
        let counter = Counter()
        var series = EventSeries(host: host, makeUID: { counter.next() })
        var references: [SimulationLog.Object: ObjectReference] = [:]
        for (index, pod) in log.pods.enumerated() {
            references[.pod(index)] = ObjectReference(
                apiVersion: "v1", kind: "Pod", name: pod.metadata?.name ?? "", namespace: pod.metadata?.namespace ?? "default",
                uid: pod.metadata?.uid ?? Counter.uid(prefix: "a000", index + 1))
        }
        for (index, job) in log.jobs.enumerated() {
            references[.job(index)] = ObjectReference(
                apiVersion: "batch/v1", kind: "Job", name: job.metadata?.name ?? "", namespace: job.metadata?.namespace ?? "default",
                uid: job.metadata?.uid ?? Counter.uid(prefix: "b000", index + 1))
        }
        return log.told.compactMap { told in
            references[told.object].map { series.event(for: told.event, about: $0).jsonLine }
        }
    }
}
