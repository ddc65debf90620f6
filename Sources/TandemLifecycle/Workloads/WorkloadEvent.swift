import TandemAPI

/// Identifies one pod a workload controller created: its creation serial number (0, 1, 2, … in
/// creation order, so a replacement is a new pod) and, for a StatefulSet, its ordinal.
public struct WorkloadPodID: Hashable, Sendable, CustomStringConvertible {
    public var serial: Int
    /// The StatefulSet ordinal (`<set>-<ordinal>`); nil for ReplicaSet-style pods.
    public var ordinal: Int?

    public init(_ serial: Int, ordinal: Int? = nil) {
        self.serial = serial
        self.ordinal = ordinal
    }

    public var description: String { ordinal.map { "pod#\(serial)[\($0)]" } ?? "pod#\(serial)" }
}

/// Facts the runtime reports to a long-running workload's controller (Deployment, ReplicaSet,
/// DaemonSet, StatefulSet).
public enum WorkloadEvent: Sendable, Equatable {
    /// The workload was created; the first event.
    case started
    /// A pod's readiness as the StatefulSet controller reads it changed (`isRunningAndReady`:
    /// phase `Running` and condition `Ready` true).
    case podReadinessChanged(WorkloadPodID, runningAndReady: Bool)
    /// A pod reached its terminal phase (`Succeeded` or `Failed`) and has no process left.
    case podFinished(WorkloadPodID, phase: String)
    /// The workload is deleted (SIGINT/SIGTERM to tandem): its pods go, none is created again.
    case deletionRequested
}

/// What a workload controller asks the runtime to do.
public enum WorkloadAction: Sendable, Equatable {
    /// Create and run a new pod from the template.
    case createPod(WorkloadPodID)
    /// Delete a running pod gracefully (its own grace period); report `podFinished` when it is gone.
    case deletePod(WorkloadPodID)
    /// The workload was deleted and none of its pods is left; `succeeded` when every pod it ran
    /// ended `Succeeded` (the rule of a lone pod under `restartPolicy: Always`).
    case finished(succeeded: Bool)
}

/// A controller that `WorkloadWorker` drives: pure, deterministic, no clock.
public protocol WorkloadControlling: Sendable {
    mutating func handle(_ event: WorkloadEvent) -> [WorkloadAction]
}

extension PodStatus {
    /// The StatefulSet controller's `isRunningAndReady`: phase `Running` and the `Ready` condition true.
    public var isRunningAndReady: Bool {
        phase == "Running" && (conditions ?? []).contains { $0.type == "Ready" && $0.status == "True" }
    }
}
