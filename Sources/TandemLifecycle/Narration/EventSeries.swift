import TandemAPI

/// Turns the narrated events of one run into core/v1 `Event`s, aggregating repeats as the kubelet's
/// event recorder does (`EventCorrelator`): an event identical to an earlier one (same object,
/// fieldPath, reason, message, type and source) keeps that one's name and uid, with `count`
/// incremented and `lastTimestamp` updated; readers keep the last line per `metadata.name`.
///
/// Names are `<object>.<hex of the first occurrence's Unix nanoseconds>`, as `makeEvent` names them
/// (`fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())`); a clash within one nanosecond gets the next one.
public struct EventSeries: Sendable {
    struct Key: Hashable {
        var object: ObjectReference
        var reason: String
        var message: String
        var type: String
        var source: String
    }

    struct Entry {
        var name: String
        var uid: String
        var first: Instant
        var count: Int32
    }

    /// `source.host` and `reportingInstance`.
    public let host: String
    private let makeUID: @Sendable () -> String
    private var entries: [Key: Entry] = [:]
    private var usedNames: Set<String> = []

    /// - Parameters:
    ///   - host: the node's name (this machine's hostname).
    ///   - makeUID: the uid of each new Event (random UUIDs; fixed ones in tests).
    public init(host: String, makeUID: @escaping @Sendable () -> String = ObjectMeta.randomUID) {
        self.host = host
        self.makeUID = makeUID
    }

    /// The Event line for `narrated` about `object` (whose `fieldPath` is taken from the narrated event).
    public mutating func event(for narrated: NarratedEvent, about object: ObjectReference) -> Event {
        var involved = object
        involved.fieldPath = narrated.fieldPath
        let key = Key(object: involved, reason: narrated.reason, message: narrated.message, type: narrated.type,
                      source: narrated.source.rawValue)
        var entry: Entry
        if var existing = entries[key] {
            existing.count += 1
            entry = existing
        } else {
            var nanos = narrated.at.nanosecondsSinceEpoch
            var name = "\(object.name ?? "").\(String(UInt64(bitPattern: nanos), radix: 16))"
            while usedNames.contains(name) {
                nanos += 1
                name = "\(object.name ?? "").\(String(UInt64(bitPattern: nanos), radix: 16))"
            }
            usedNames.insert(name)
            entry = Entry(name: name, uid: makeUID(), first: narrated.at, count: 1)
        }
        entries[key] = entry
        let metadata = ObjectMeta(name: entry.name, namespace: object.namespace ?? "default", uid: entry.uid,
                                  creationTimestamp: entry.first.rfc3339,
                                  annotations: narrated.annotations.isEmpty ? nil : narrated.annotations)
        return Event(metadata: metadata, involvedObject: involved, reason: narrated.reason, message: narrated.message,
                     type: narrated.type, source: EventSource(component: narrated.source.rawValue, host: host),
                     firstTimestamp: entry.first.rfc3339, lastTimestamp: narrated.at.rfc3339, count: entry.count,
                     eventTime: narrated.at.rfc3339Micro, reportingComponent: narrated.source.rawValue,
                     reportingInstance: host)
    }
}
