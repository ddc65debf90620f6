import TandemAPI

/// `run.json` in a run directory: who runs it and which pods it has, written when the run
/// starts, again when a controller creates a pod and whenever a pod's status changes, so
/// `tandem logs` and `tandem describe` work on a live run before the final `pods.json` exists.
public struct RunManifest: Codable, Sendable, Equatable {
    /// The `tandem run` process (its liveness ends a `tandem logs -f`).
    public var pid: Int32
    /// RFC 3339 with microseconds, UTC.
    public var startTime: String
    /// Every pod of the run as admitted (metadata and spec) with its latest status (none before
    /// the pod's first).
    public var pods: [Pod]

    public init(pid: Int32, startTime: String, pods: [Pod]) {
        self.pid = pid
        self.startTime = startTime
        self.pods = pods
    }

    public static let fileName = "run.json"
}
