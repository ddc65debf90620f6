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
    private struct Wire: Decodable {
        struct Meta: Decodable {
            var name: String?
            var annotations: [String: String]?
        }
        struct Object: Decodable {
            var kind: String?
            var name: String?
            var namespace: String?
            var fieldPath: String?
        }
        struct Source: Decodable { var component: String? }
        var kind: String?
        var metadata: Meta?
        var involvedObject: Object?
        var reason: String?
        var message: String?
        var type: String?
        var source: Source?
        var count: Int?
        var eventTime: String?
        var firstTimestamp: String?
        var lastTimestamp: String?
    }

    /// Every event of `data`, in file order. A line that is not an Event with a time is an error.
    public static func parse(_ data: Data) throws(EventsFileError) -> [TimelineEvent] {
        let decoder = JSONDecoder()
        var events: [TimelineEvent] = []
        var number = 0
        for slice in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let wire: Wire
            do {
                wire = try decoder.decode(Wire.self, from: Data(slice))
            } catch {
                throw EventsFileError(line: number, reason: "not a JSON Event object")
            }
            guard wire.kind == nil || wire.kind == "Event" else {
                throw EventsFileError(line: number, reason: "kind \(wire.kind ?? "") is not Event")
            }
            guard let stamp = wire.eventTime ?? wire.lastTimestamp ?? wire.firstTimestamp else {
                throw EventsFileError(line: number, reason: "event has no eventTime")
            }
            guard let at = RFC3339.nanoseconds(stamp) else {
                throw EventsFileError(line: number, reason: "eventTime is not an RFC 3339 time")
            }
            guard let object = wire.involvedObject, let objectName = object.name, let reason = wire.reason else {
                throw EventsFileError(line: number, reason: "event has no involvedObject.name or reason")
            }
            events.append(TimelineEvent(
                name: wire.metadata?.name ?? "", count: wire.count ?? 1, at: at,
                objectKind: object.kind ?? "Pod", objectName: objectName, namespace: object.namespace ?? "default",
                fieldPath: object.fieldPath, reason: reason, message: wire.message ?? "", type: wire.type ?? "Normal",
                component: wire.source?.component ?? "", annotations: wire.metadata?.annotations ?? [:],
                line: number))
        }
        return events
    }
}
