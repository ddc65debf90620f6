import Foundation

/// One line of an events file (a core/v1 Event as `/work/wt/EVENTS.md`'s contract writes it), reduced to
/// what a picture needs. Times are nanoseconds since the Unix epoch, from `eventTime` (else
/// `lastTimestamp`/`firstTimestamp`, whole seconds).
public struct TimelineEvent: Sendable, Equatable {
    public var name: String
    public var count: Int
    public var at: Int64
    /// `Pod` or `Job`.
    public var objectKind: String
    public var objectName: String
    public var namespace: String
    /// `spec.initContainers{name}` / `spec.containers{name}`; nil for pod- and Job-level events.
    public var fieldPath: String?
    public var reason: String
    public var message: String
    /// `Normal` or `Warning`.
    public var type: String
    public var component: String
    /// `tandem.dev/…` details (exit code, signal, cause, grace deadline, …).
    public var annotations: [String: String]
    /// 1-based line in the file it came from (0 when built in memory).
    public var line: Int

    public init(name: String = "", count: Int = 1, at: Int64, objectKind: String = "Pod", objectName: String,
                namespace: String = "default", fieldPath: String? = nil, reason: String, message: String = "",
                type: String = "Normal", component: String = "kubelet", annotations: [String: String] = [:],
                line: Int = 0) {
        self.name = name
        self.count = count
        self.at = at
        self.objectKind = objectKind
        self.objectName = objectName
        self.namespace = namespace
        self.fieldPath = fieldPath
        self.reason = reason
        self.message = message
        self.type = type
        self.component = component
        self.annotations = annotations
        self.line = line
    }

    /// The container the event is about: whether it is an init container, and its name.
    public var container: (isInit: Bool, name: String)? {
        guard let fieldPath, fieldPath.hasSuffix("}") else { return nil }
        for (prefix, isInit) in [("spec.initContainers{", true), ("spec.containers{", false)]
        where fieldPath.hasPrefix(prefix) {
            return (isInit, String(fieldPath.dropFirst(prefix.count).dropLast()))
        }
        return nil
    }
}

/// A line of an events file that is not an Event; `description` is one line for the user.
public struct EventsFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}

/// Reads the JSON Lines of an events file (one core/v1 Event per line; blank lines skipped).
public enum EventsFile {
    /// Every event of `data`, in file order. A line that is not an Event with a time is an error.
    public static func parse(_ data: Data) throws(EventsFileError) -> [TimelineEvent] {
        var events: [TimelineEvent] = []
        var number = 0
        for slice in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            // JSONSerialization rather than a Decodable: on Linux it reads these lines about four times faster
            // (a 10,000-event file must be drawn in under a second).
            guard let object = (try? JSONSerialization.jsonObject(with: Data(slice))) as? [String: Any] else {
                throw EventsFileError(line: number, reason: "not a JSON Event object")
            }
            events.append(try event(object, line: number))
        }
        return events
    }

    static func event(_ object: [String: Any], line: Int) throws(EventsFileError) -> TimelineEvent {
        let kind = object["kind"] as? String
        guard kind == nil || kind == "Event" else {
            throw EventsFileError(line: line, reason: "kind \(kind ?? "") is not Event")
        }
        let metadata = object["metadata"] as? [String: Any]
        guard let stamp = (object["eventTime"] ?? object["lastTimestamp"] ?? object["firstTimestamp"]) as? String else {
            throw EventsFileError(line: line, reason: "event has no eventTime")
        }
        guard let at = RFC3339.nanoseconds(stamp) else {
            throw EventsFileError(line: line, reason: "eventTime is not an RFC 3339 time")
        }
        guard let involved = object["involvedObject"] as? [String: Any], let objectName = involved["name"] as? String,
              let reason = object["reason"] as? String else {
            throw EventsFileError(line: line, reason: "event has no involvedObject.name or reason")
        }
        return TimelineEvent(
            name: metadata?["name"] as? String ?? "", count: object["count"] as? Int ?? 1, at: at,
            objectKind: involved["kind"] as? String ?? "Pod", objectName: objectName,
            namespace: involved["namespace"] as? String ?? "default", fieldPath: involved["fieldPath"] as? String,
            reason: reason, message: object["message"] as? String ?? "", type: object["type"] as? String ?? "Normal",
            component: (object["source"] as? [String: Any])?["component"] as? String ?? "",
            annotations: metadata?["annotations"] as? [String: String] ?? [:], line: line)
    }
}
