/// The picture of a run (or a simulation), independent of how it is drawn: one panel per pod (and per
/// Job), each with one lane per container in spec order, state bars, markers and vertical lines.
/// Times are nanoseconds since `origin` (the first event).
public struct TimelinePicture: Sendable, Equatable {
    /// Nanoseconds since the Unix epoch of time zero (the earliest event).
    public var origin: Int64
    /// Length of the time axis in nanoseconds (the last event, or a later grace deadline).
    public var span: Int64
    public var panels: [Panel]

    public init(origin: Int64, span: Int64, panels: [Panel]) {
        self.origin = origin
        self.span = span
        self.panels = panels
    }

    /// One pod (or Job).
    public struct Panel: Sendable, Equatable {
        /// `Pod` or `Job`.
        public var kind: String
        public var name: String
        public var namespace: String
        /// The last phase reported (`PodPhase`), or the Job's ending reason.
        public var phase: String?
        public var lanes: [Lane]
        public var lines: [Line]
        /// The pod's first and last event.
        public var start: Int64
        public var end: Int64
    }

    /// What a container is in its pod, as the lane label says.
    public enum Role: String, Sendable, Equatable {
        case initContainer = "init"
        case sidecar
        case main
        /// A Job's controller lane.
        case controller
    }

    /// One container.
    public struct Lane: Sendable, Equatable {
        public var name: String
        public var role: Role
        public var bars: [Bar]
        public var markers: [Marker]
    }

    /// The states a bar shows.
    public enum State: String, Sendable, Equatable, CaseIterable {
        case waiting
        /// Crash-loop back-off between an exit and the restart.
        case backOff = "back-off"
        /// Running, not yet started (a sidecar's startup probe or postStart pending).
        case starting
        case started
        case ready
        /// preStop running, or after the stop signal.
        case terminating
        case exited
    }

    public struct Bar: Sendable, Equatable {
        public var state: State
        public var from: Int64
        public var to: Int64
        /// Text shown in the bar when it fits (e.g. `back-off 10s`, `preStop`).
        public var label: String?
        /// Hover text.
        public var detail: String
    }

    public enum MarkerKind: String, Sendable, Equatable, CaseIterable {
        case sigterm = "SIGTERM"
        case sigkill = "SIGKILL"
        case probeFailure = "probe failure"
        case exit = "exit code"
        case failed = "failed to start"
        case preStopFinished = "preStop finished"
        case jobEvent = "Job event"
    }

    public struct Marker: Sendable, Equatable {
        public var kind: MarkerKind
        public var at: Int64
        /// Short text next to the marker (exit code, signal name when not SIGTERM/SIGKILL).
        public var label: String?
        public var detail: String
    }

    public enum LineKind: String, Sendable, Equatable {
        case terminationStart = "termination starts"
        case graceDeadline = "grace deadline"
    }

    public struct Line: Sendable, Equatable {
        public var kind: LineKind
        public var at: Int64
        public var detail: String
    }
}
