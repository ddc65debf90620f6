import Foundation
import Testing
import TandemAPI
@testable import TandemRecords

/// Reading `events.jsonl` back into TandemAPI's `Event`: the last line per event name in order of first
/// appearance, lenient about absent and unknown fields, skipping lines that are not events.
@Suite struct RunEventsTests {
    static let written = Event(
        metadata: ObjectMeta(name: "web.187c9a3e5f0d2b1a", namespace: "default", uid: "5d2c",
                             creationTimestamp: "2026-11-30T06:00:01Z", annotations: ["tandem.dev/exit-code": "143"]),
        involvedObject: ObjectReference(apiVersion: "v1", kind: "Pod", name: "web", namespace: "default", uid: "0b5f",
                                        fieldPath: "spec.containers{app}"),
        reason: "Started", message: "Started container app", type: "Normal",
        source: EventSource(component: "kubelet", host: "box"),
        firstTimestamp: "2026-11-30T06:00:01Z", lastTimestamp: "2026-11-30T06:00:01Z", count: 1,
        eventTime: "2026-11-30T06:00:01.123456Z", reportingComponent: "kubelet", reportingInstance: "box")

    static func read(_ lines: [String]) throws -> [Event] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString).jsonl").path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return RunRecords.readEvents(path: path)
    }

    @Test func aWrittenLineReadsBackAsTheSameEvent() throws {
        #expect(try Self.read([Self.written.jsonLine]) == [Self.written])
    }

    @Test func theLastLinePerNameWinsInOrderOfFirstAppearance() throws {
        var again = Self.written
        again.count = 2
        let other = #"{"metadata":{"name":"web.2"},"reason":"Killing"}"#
        let events = try Self.read([Self.written.jsonLine, other, again.jsonLine])
        #expect(events.map(\.metadata.name) == ["web.187c9a3e5f0d2b1a", "web.2"])
        #expect(events.map(\.count) == [2, nil])
    }

    @Test func absentAndUnknownFieldsAreToleratedAndOddLinesSkipped() throws {
        let events = try Self.read([
            #"{"reason":"BackOff","reportingController":"kubelet","series":{"count":3}}"#,
            #"{"reason":"BackOff"}"#,
            "not json",
            #"{"metadata":{"name":"web.3"},"count":"many"}"#,
            "",
        ])
        #expect(events.count == 2)
        #expect(events.first?.apiVersion == "v1")
        #expect(events.first?.kind == "Event")
        #expect(events.first?.metadata == ObjectMeta())
        #expect(events.first?.involvedObject == ObjectReference())
        #expect(events.first?.reportingController == "kubelet")
        #expect(events.map(\.reason) == ["BackOff", "BackOff"])
    }

    @Test func tandemsOwnFactsAreMarked() {
        var fact = Self.written
        fact.source = EventSource(component: "tandem")
        #expect(fact.isTandemFact)
        fact.source = nil
        fact.reportingComponent = "tandem"
        #expect(fact.isTandemFact)
        #expect(!Self.written.isTandemFact)
    }
}
