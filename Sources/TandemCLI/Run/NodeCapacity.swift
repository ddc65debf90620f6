import TandemAPI
import TandemRuntime

/// How many pods tandem runs at once: as many as one node holds. The kubelet admits at most
/// `maxPods` pods (110 by default); on a cluster of one node the scheduler leaves the rest
/// Pending ("0/1 nodes are available: 1 Too many pods."). tandem has no Pending, so a unit that
/// would run more at once is refused with one line before anything starts, instead of
/// building (and starting) millions of pods (`--replicas 2147483647`, a Job's `parallelism`).
enum NodeCapacity {
    /// The kubelet's default `--max-pods`.
    static let maxPods = 110

    /// How many pods a Job runs at once: `parallelism` (default 1), no more than `completions`,
    /// as the Job controller counts them.
    static func podsAtOnce(_ spec: JobSpec?) -> Int {
        let parallelism = Int(max(0, spec?.parallelism ?? 1))
        return spec?.completions.map { min(parallelism, Int(max(0, $0))) } ?? parallelism
    }

    /// The refusal of an object that would run `count` pods at once, or nil when they fit.
    static func refusal(file: String, kind: String, name: String, count: Int, hint: String = "") -> String? {
        guard count > maxPods else { return nil }
        return "tandem: \(GoQuoting.printable(file)): \(kind) \(GoQuoting.quote(name)) would run \(count) pods at once; "
            + "one node runs at most \(maxPods) (the kubelet's default maxPods) and a cluster would leave the rest "
            + "Pending (\"0/1 nodes are available: 1 Too many pods.\")\(hint)"
    }

    /// The refusal of a run unit (a workload's replicas, the Job of a Job or CronJob), named
    /// as the object of the manifest, or nil. `offersReplicas`: the command has `--replicas` to
    /// suggest (`run`; `simulate` has not).
    static func refusal(_ unit: RunPlan.Unit, kind: String, name: String, file: String,
                        offersReplicas: Bool = true) -> String? {
        switch unit {
        case .pod:
            return nil
        case .job(let job):
            return refusal(file: file, kind: kind, name: name, count: podsAtOnce(job.spec))
        case .workload(let workload):
            let hint = workload.kind == "DaemonSet" || !offersReplicas ? "" : "; --replicas N runs fewer"
            return refusal(file: file, kind: kind, name: name, count: workload.replicas, hint: hint)
        }
    }
}
