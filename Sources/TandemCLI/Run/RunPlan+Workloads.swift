import Glibc
import TandemAPI
import TandemLifecycle
import TandemManifest
import TandemOS
import TandemRuntime

extension RunPlan.Unit {
    /// What `tandem run` runs for a decoded object: a Pod, a Job, a CronJob's Job triggered now,
    /// or a long-running workload under its controller; nil for kinds that are not run (the
    /// ConfigMaps and Secrets a volume store keeps).
    init?(_ object: ManifestObject, replicas: Int?) {
        switch object {
        case .pod(let pod):
            self = .pod(pod)
        case .job(let job):
            self = .job(job)
        case .cronJob(let cronJob):
            let now = Instant(nanosecondsSinceEpoch: SystemClock.realtimeNanoseconds())
            self = .job(CronJobTrigger.job(from: cronJob, scheduledTime: now))
        case .deployment(let deployment):
            self = .workload(WorkloadPlan.make(deployment: deployment, replicas: replicas))
        case .replicaSet(let replicaSet):
            self = .workload(WorkloadPlan.make(replicaSet: replicaSet, replicas: replicas))
        case .statefulSet(let statefulSet):
            self = .workload(WorkloadPlan.make(statefulSet: statefulSet, replicas: replicas))
        case .daemonSet(let daemonSet):
            self = .workload(WorkloadPlan.make(daemonSet: daemonSet, node: Self.nodeName))
        @unknown default:
            return nil
        }
    }

    /// This machine's host name: the one node's name in the controllers' messages.
    static var nodeName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension RunPlan {
    /// Kinds kept for the containers that read them rather than reported as skipped.
    static let configKinds: Set<String> = ["ConfigMap", "Secret"]

    mutating func sortSkipped(_ objects: [SkippedObject]) {
        for object in objects {
            if Self.configKinds.contains(object.kind) {
                skippedConfigObjects.append(object)
            } else {
                skipped.append(object)
            }
        }
    }

    /// Whether a Deployment, ReplicaSet, DaemonSet or StatefulSet is among the units.
    var runsWorkloads: Bool {
        units.contains { if case .workload = $0 { return true } else { return false } }
    }

    /// Whether a Deployment, ReplicaSet or StatefulSet is among the units: what `--replicas` scales
    /// (a DaemonSet runs one pod per node).
    var scalesWorkloads: Bool {
        units.contains { unit in
            guard case .workload(let workload) = unit else { return false }
            return workload.kind != "DaemonSet"
        }
    }

    /// One line per object passed over, as `validate` and `resources` print them.
    var notes: [String] { skipped.map(\.note) }
}
