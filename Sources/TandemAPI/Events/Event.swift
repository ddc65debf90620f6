/// A core/v1 `Event`, as `kubectl get events -o json` shows one and as tandem writes one per line
/// to `events.jsonl` (the contract in docs/events.md): the kubelet's and the Job controller's events,
/// and tandem's own lifecycle facts (`source.component: tandem`).
///
/// `Codable` for readers (`tandem describe` through TandemRecords' `RunRecords.readEvents`): decoding is
/// lenient, as tools reading the file back must not fail on a line another producer wrote: every field
/// may be absent (`metadata` and `involvedObject` then empty, `apiVersion`/`kind` then `v1`/`Event`) and
/// unknown fields are ignored; a field of the wrong JSON type still fails the line. `jsonLine` is the
/// writer, with the fixed key order of docs/events.md (Foundation's encoder promises no key order).
public struct Event: Codable, Sendable, Equatable {
    public var apiVersion: String = "v1"
    public var kind: String = "Event"
    public var metadata: ObjectMeta
    public var involvedObject: ObjectReference
    /// `Started`, `Killing`, `BackOff`, `SidecarStarted`, …
    public var reason: String?
    public var message: String?
    /// `Normal` or `Warning`.
    public var type: String?
    public var source: EventSource?
    /// RFC 3339, whole seconds (`2026-11-30T06:00:01Z`).
    public var firstTimestamp: String?
    public var lastTimestamp: String?
    public var count: Int32?
    /// RFC 3339 with exactly six fractional digits (`2026-11-30T06:00:01.123456Z`): when it happened.
    public var eventTime: String?
    public var reportingComponent: String?
    public var reportingInstance: String?
    /// The controller that reported an event of the events API (`kubelet`, …): what `kubectl describe`
    /// shows as an event's source when `source.component` is empty. Read, never written: tandem's
    /// events have `source`, and `jsonLine` leaves this field out, as docs/events.md's line has none.
    public var reportingController: String?

    public init(metadata: ObjectMeta, involvedObject: ObjectReference, reason: String?, message: String?,
                type: String?, source: EventSource?, firstTimestamp: String?, lastTimestamp: String?,
                count: Int32?, eventTime: String?, reportingComponent: String?, reportingInstance: String?,
                reportingController: String? = nil) {
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
        self.reportingInstance = reportingInstance
        self.reportingController = reportingController
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? "v1"
        kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? "Event"
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        involvedObject = try container.decodeIfPresent(ObjectReference.self, forKey: .involvedObject) ?? ObjectReference()
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        source = try container.decodeIfPresent(EventSource.self, forKey: .source)
        firstTimestamp = try container.decodeIfPresent(String.self, forKey: .firstTimestamp)
        lastTimestamp = try container.decodeIfPresent(String.self, forKey: .lastTimestamp)
        count = try container.decodeIfPresent(Int32.self, forKey: .count)
        eventTime = try container.decodeIfPresent(String.self, forKey: .eventTime)
        reportingComponent = try container.decodeIfPresent(String.self, forKey: .reportingComponent)
        reportingInstance = try container.decodeIfPresent(String.self, forKey: .reportingInstance)
        reportingController = try container.decodeIfPresent(String.self, forKey: .reportingController)
    }

    /// One line of `events.jsonl` (no trailing newline): keys in docs/events.md's order, absent fields
    /// left out, annotations sorted by key.
    public var jsonLine: String {
        var meta: [(String, String)] = []
        if let name = metadata.name { meta.append(("name", JSONText.string(name))) }
        if let namespace = metadata.namespace { meta.append(("namespace", JSONText.string(namespace))) }
        if let uid = metadata.uid { meta.append(("uid", JSONText.string(uid))) }
        if let created = metadata.creationTimestamp { meta.append(("creationTimestamp", JSONText.string(created))) }
        if let annotations = metadata.annotations, !annotations.isEmpty {
            meta.append(("annotations", Self.object(annotations.sorted { $0.key < $1.key }
                .map { ($0.key, JSONText.string($0.value)) })))
        }
        var fields: [(String, String)] = [
            ("apiVersion", JSONText.string(apiVersion)), ("kind", JSONText.string(kind)),
            ("metadata", Self.object(meta)), ("involvedObject", involvedObject.json),
        ]
        func add(_ key: String, _ value: String?) {
            if let value { fields.append((key, JSONText.string(value))) }
        }
        add("reason", reason)
        add("message", message)
        add("type", type)
        if let source { fields.append(("source", source.json)) }
        add("firstTimestamp", firstTimestamp)
        add("lastTimestamp", lastTimestamp)
        if let count { fields.append(("count", String(count))) }
        add("eventTime", eventTime)
        add("reportingComponent", reportingComponent)
        add("reportingInstance", reportingInstance)
        return Self.object(fields)
    }

    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(JSONText.string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }
}

/// core/v1 `ObjectReference`: the object an event is about (`involvedObject`).
public struct ObjectReference: Codable, Sendable, Equatable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var name: String?
    public var namespace: String?
    public var uid: String?
    /// `spec.initContainers{name}` or `spec.containers{name}`; nil for the object itself.
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

    var json: String {
        let pairs: [(String, String?)] = [("apiVersion", apiVersion), ("kind", kind), ("name", name),
                                          ("namespace", namespace), ("uid", uid), ("fieldPath", fieldPath)]
        return Event.object(pairs.compactMap { key, value in value.map { (key, JSONText.string($0)) } })
    }
}

/// core/v1 `EventSource`: who reported an event (`kubelet`, `job-controller`, `tandem`) and on which host.
public struct EventSource: Codable, Sendable, Equatable {
    public var component: String?
    public var host: String?

    public init(component: String? = nil, host: String? = nil) {
        self.component = component
        self.host = host
    }

    var json: String {
        let pairs: [(String, String?)] = [("component", component), ("host", host)]
        return Event.object(pairs.compactMap { key, value in value.map { (key, JSONText.string($0)) } })
    }
}
