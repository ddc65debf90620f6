/// A core/v1 Event as a run's `events.jsonl` holds it (the contract in docs/events.md): decoded
/// leniently (unknown fields ignored, every field optional) because the file is read back
/// by tools that must not fail on one odd line.
public struct RecordedEvent: Codable, Sendable, Equatable {
    public struct Metadata: Codable, Sendable, Equatable {
        public var name: String?
        public var namespace: String?
        public var annotations: [String: String]?
        public init(name: String? = nil, namespace: String? = nil, annotations: [String: String]? = nil) {
            self.name = name
            self.namespace = namespace
            self.annotations = annotations
        }
    }

    public struct ObjectReference: Codable, Sendable, Equatable {
        public var apiVersion: String?
        public var kind: String?
        public var name: String?
        public var namespace: String?
        public var uid: String?
        public var fieldPath: String?
        public init(apiVersion: String? = nil, kind: String? = nil, name: String? = nil, namespace: String? = nil,
                    uid: String? = nil, fieldPath: String? = nil) {
            self.apiVersion = apiVersion
            self.kind = kind
            self.name = name
            self.namespace = namespace
            self.uid = uid
            self.fieldPath = fieldPath
        }
    }

    public struct Source: Codable, Sendable, Equatable {
        public var component: String?
        public var host: String?
        public init(component: String? = nil, host: String? = nil) {
            self.component = component
            self.host = host
        }
    }

    public var metadata: Metadata?
    public var involvedObject: ObjectReference?
    public var reason: String?
    public var message: String?
    public var type: String?
    public var source: Source?
    public var firstTimestamp: String?
    public var lastTimestamp: String?
    public var count: Int32?
    public var eventTime: String?
    public var reportingComponent: String?
    public var reportingController: String?

    public init(metadata: Metadata? = nil, involvedObject: ObjectReference? = nil, reason: String? = nil,
                message: String? = nil, type: String? = nil, source: Source? = nil, firstTimestamp: String? = nil,
                lastTimestamp: String? = nil, count: Int32? = nil, eventTime: String? = nil,
                reportingComponent: String? = nil, reportingController: String? = nil) {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
        self.source = source
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.count = count
        self.eventTime = eventTime
        self.reportingComponent = reportingComponent
        self.reportingController = reportingController
    }

    /// tandem's own facts (`source.component: tandem`) are not API events; `describe` leaves
    /// them out, as the API server would never have them.
    public var isTandemFact: Bool {
        source?.component == "tandem" || (source?.component == nil && reportingComponent == "tandem")
    }
}
