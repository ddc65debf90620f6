import Foundation
import Testing
import TandemAPI
@testable import TandemTimeline

/// The picture of the hand-written events file of `examples/termination-order.yaml`'s shutdown (written
/// to the contract of EVENTS.md), read back from the SVG's structure: lanes, bars, markers, lines.
@Suite struct TimelineLayoutTests {
    static func fixture(_ name: String) throws -> [TimelineEvent] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "jsonl"))
        return try EventsFile.parse(Data(contentsOf: url))
    }

    static let second: Int64 = 1_000_000_000

    func svg(_ events: [TimelineEvent], pods: [Pod] = []) throws -> SVGElement {
        let picture = TimelineBuilder.picture(events: events, pods: pods)
        return try SVGReader.parse(TimelineSVG(title: "test").render(picture))
    }

    /// x of an instant on the default 1000-pixel picture: the plot runs from 200 to 960.
    func x(_ seconds: Double, span: Double) -> Double { 200 + seconds / span * 760 }

    @Test func lanesFollowTheStartOrderWithRolesInferredWithoutASpec() throws {
        let root = try svg(Self.fixture("shutdown-order"))
        let lanes = root.all { $0.hasClass("lane") }
        #expect(lanes.map { $0.attributes["data-container"] ?? "" } == ["log-shipper", "proxy", "app", "worker"])
        #expect(lanes.map { $0.attributes["data-role"] ?? "" } == ["sidecar", "sidecar", "main", "main"])
        // Lanes are stacked top to bottom in that order.
        let labelY = lanes.map { $0.children.first { $0.name == "text" }?.number("y") ?? 0 }
        #expect(labelY == labelY.sorted() && Set(labelY).count == 4)
    }

    @Test func barsSitAtTheirEventTimes() throws {
        let root = try svg(Self.fixture("shutdown-order"))
        // The axis runs to the grace deadline (20 s): the last event is at 10.031 s.
        let worker = try #require(root.all { $0.attributes["data-container"] == "worker" }.first)
        let bars = worker.all { $0.hasClass("bar") }
        // Started at 1.063 s, ready at 1.071 s, SIGTERM at 5 s, exited at 7.006 s.
        #expect(bars.map { $0.classes().last ?? "" } == ["waiting", "started", "ready", "terminating", "exited"])
        let rects = bars.compactMap { $0.children.first { $0.name == "rect" || $0.name == "line" } }
        let starts = rects.map { $0.number("x") ?? $0.number("x1") ?? -1 }
        func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
        #expect(starts == [200, rounded(x(1.063, span: 20)), rounded(x(1.071, span: 20)), 390, rounded(x(7.006, span: 20))])
        let terminating = rects[3]
        #expect(terminating.number("width") == rounded(x(7.006, span: 20) - 390))
        #expect(bars[3].title == "worker: terminating from 5s to 7.006s (2.006s)")
    }

    /// The termination-order example: the mains stop first, then the sidecars in reverse order.
    @Test func terminationOrderReadsLeftToRight() throws {
        let root = try svg(Self.fixture("shutdown-order"))
        func firstX(_ container: String, _ marker: String) throws -> Double {
            let lane = try #require(root.all { $0.attributes["data-container"] == container }.first)
            let found = try #require(lane.all { $0.hasClass(marker) }.first, "\(container) has no \(marker)")
            let shape = try #require(found.children.first { $0.name != "title" })
            if let x1 = shape.number("x1") { return x1 }
            // A triangle's path starts at its left corner, 5.5 px left of the instant.
            let path = shape.attributes["d"] ?? ""
            let first = path.dropFirst().split(separator: " ").first.flatMap { Double($0) }
            return try #require(first) + 5.5
        }
        let sigterms = try ["worker", "app", "proxy", "log-shipper"].map { try firstX($0, "sigterm") }
        #expect(sigterms == sigterms.sorted() && Set(sigterms).count == 4)
        let exits = try ["worker", "app", "proxy", "log-shipper"].map { try firstX($0, "exit") }
        #expect(exits == exits.sorted() && Set(exits).count == 4)
        // Each sidecar's SIGTERM comes at (not before) the exit of what it waited for.
        #expect(abs(sigterms[2] - exits[1]) < 0.11 && abs(sigterms[3] - exits[2]) < 0.11)
        let lines = root.all { $0.hasClass("line") }
        #expect(lines.map { $0.classes().last ?? "" } == ["termination-start", "grace-deadline"])
        let lineX = lines.compactMap { $0.children.first { $0.name == "line" }?.number("x1") }
        #expect(lineX == [390, 960])
        #expect(lines.map { $0.title ?? "" } == ["5s Deleting pod shutdown-order (grace 15s)", "20s grace deadline (grace 15s)"])
    }

    @Test func specOrderAndRolesComeFromThePodWhenKnown() throws {
        var events = try Self.fixture("shutdown-order")
        // Without a spec, "probe" (never started) would be missing and the order would be the start order.
        events.removeAll { $0.container?.name == "proxy" }
        let pod = Pod(apiVersion: "v1", kind: "Pod", metadata: ObjectMeta(name: "shutdown-order"), spec: PodSpec(
            initContainers: [Container(name: "proxy", image: "p", restartPolicy: "Always"),
                             Container(name: "log-shipper", image: "l", restartPolicy: "Always"),
                             Container(name: "setup", image: "s")],
            containers: [Container(name: "worker", image: "w"), Container(name: "app", image: "a")]))
        let lanes = try svg(events, pods: [pod]).all { $0.hasClass("lane") }
        #expect(lanes.map { $0.attributes["data-container"] ?? "" } == ["proxy", "log-shipper", "setup", "worker", "app"])
        #expect(lanes.map { $0.attributes["data-role"] ?? "" } == ["sidecar", "sidecar", "init", "main", "main"])
        // A container with no event is waiting all along.
        let proxyBars = lanes[0].all { $0.hasClass("bar") }
        #expect(proxyBars.map { $0.classes().last ?? "" } == ["waiting"])
    }

    @Test func restartsShowTheBackOffGapAndSignalsTheirMarkers() throws {
        let s = Self.second
        func event(_ at: Int64, _ reason: String, _ annotations: [String: String] = [:], message: String = "") -> TimelineEvent {
            TimelineEvent(at: at, objectName: "crash", fieldPath: "spec.containers{app}", reason: reason,
                          message: message, annotations: annotations)
        }
        let events = [
            event(0, "Started"),
            event(2 * s, "Unhealthy", message: "Liveness probe failed: boom"),
            event(3 * s, "SignalSent", ["tandem.dev/signal": "SIGTERM", "tandem.dev/cause": "probe"], message: "Sent SIGTERM to container app"),
            event(5 * s, "SignalSent", ["tandem.dev/signal": "SIGKILL", "tandem.dev/cause": "deadline"], message: "Sent SIGKILL to container app"),
            event(5 * s, "ContainerExited", ["tandem.dev/exit-code": "137"], message: "Container app exited with code 137 (SIGKILL)"),
            event(5 * s, "RestartScheduled", ["tandem.dev/back-off-seconds": "10"]),
            event(15 * s, "Started"),
            event(20 * s, "SignalSent", ["tandem.dev/signal": "SIGQUIT"], message: "Sent SIGQUIT to container app"),
            event(21 * s, "ContainerExited", ["tandem.dev/exit-code": "131"]),
            event(22 * s, "ContainerReady"),
        ]
        let picture = TimelineBuilder.picture(events: events)
        let lane = try #require(picture.panels.first?.lanes.first)
        // A ContainerReady of an exited container changes nothing.
        #expect(lane.bars.map(\.state) == [.started, .terminating, .backOff, .started, .terminating, .exited])
        #expect(lane.bars.map(\.from) == [0, 3 * s, 5 * s, 15 * s, 20 * s, 21 * s])
        #expect(lane.bars.map(\.label) == [nil, nil, "back-off 10s", "restart 1", nil, nil])
        #expect(lane.markers.map(\.kind) == [.probeFailure, .sigterm, .sigkill, .exit, .sigterm, .exit])
        #expect(lane.markers.map(\.label) == [nil, nil, nil, "137", "SIGQUIT", "131"])
        #expect(lane.markers[2].detail == "5s Sent SIGKILL to container app (cause: deadline)")
        let root = try SVGReader.parse(TimelineSVG(title: "t").render(picture))
        let backOff = try #require(root.all { $0.hasClass("back-off") }.first)
        #expect(backOff.all { $0.name == "text" }.map(\.text) == ["back-off 10s"])
    }

    @Test func userTextIsEscapedForXML() throws {
        let hostile = "a<b>&\"c'\u{1b}[31m\u{202e}"
        let events = [
            TimelineEvent(at: 0, objectName: "p<&>", fieldPath: "spec.containers{\(hostile)}", reason: "Started",
                          message: "Started container \(hostile)"),
            TimelineEvent(at: Self.second, objectName: "p<&>", fieldPath: "spec.containers{\(hostile)}",
                          reason: "ContainerExited", message: "</title><script>x</script>",
                          annotations: ["tandem.dev/exit-code": "<1>"]),
        ]
        let text = TimelineSVG(title: "</svg>").render(TimelineBuilder.picture(events: events))
        #expect(!text.contains("<script>") && !text.contains("\u{1b}") && !text.contains("\u{202e}"))
        let root = try SVGReader.parse(text)
        let lane = try #require(root.all { $0.hasClass("lane") }.first)
        #expect(lane.attributes["data-container"] == "a<b>&\"c'\\x1b[31m\\u202e")
        let exit = try #require(lane.all { $0.hasClass("exit") }.first)
        #expect(exit.title == "1s </title><script>x</script>")
        #expect(exit.all { $0.name == "text" }.map(\.text) == ["<1>"])
        let html = TimelineHTML.page(title: "<t>", svg: text, events: events, origin: 0)
        #expect(!html.contains("<script>x") && html.contains("&lt;/title&gt;&lt;script&gt;x"))
    }

    @Test func stackedPodsShareOneAxis() throws {
        let s = Self.second
        let events = [
            TimelineEvent(at: 0, objectKind: "Job", objectName: "report", reason: "SuccessfulCreate", message: "Created pod: report-0"),
            TimelineEvent(at: 0, objectName: "report-0", fieldPath: "spec.containers{main}", reason: "Started"),
            TimelineEvent(at: 2 * s, objectName: "report-0", fieldPath: "spec.containers{main}", reason: "ContainerExited",
                          annotations: ["tandem.dev/exit-code": "1"]),
            TimelineEvent(at: 2 * s, objectKind: "Job", objectName: "report", reason: "RetryScheduled", message: "retry in 10s"),
            TimelineEvent(at: 12 * s, objectKind: "Job", objectName: "report", reason: "SuccessfulCreate", message: "Created pod: report-1"),
            TimelineEvent(at: 12 * s, objectName: "report-1", fieldPath: "spec.containers{main}", reason: "Started"),
            TimelineEvent(at: 14 * s, objectName: "report-1", fieldPath: "spec.containers{main}", reason: "ContainerExited",
                          annotations: ["tandem.dev/exit-code": "0"]),
            TimelineEvent(at: 14 * s, objectKind: "Job", objectName: "report", reason: "Completed", message: "Job completed"),
        ]
        let root = try svg(events)
        let panels = root.all { $0.hasClass("panel") }
        #expect(panels.map { "\($0.attributes["data-kind"] ?? "") \($0.attributes["data-name"] ?? "")" }
                == ["Job report", "Pod report-0", "Pod report-1"])
        let starts = panels.dropFirst().map { panel in
            panel.all { $0.hasClass("started") }.first?.children.first { $0.name == "rect" }?.number("x") ?? -1
        }
        #expect(starts == [200, (x(12, span: 14) * 10).rounded() / 10])
        #expect(panels[0].all { $0.hasClass("job-event") }.count == 4)
    }

    @Test func tenThousandEventsRender() throws {
        var events: [TimelineEvent] = []
        let ms: Int64 = 1_000_000
        for index in 0..<10_000 {
            let container = "c\(index % 10)"
            let at = Int64(index) * 10 * ms
            let reason = ["Started", "Unhealthy", "ContainerReady", "ContainerNotReady", "SignalSent"][index / 10 % 5]
            events.append(TimelineEvent(at: at, objectName: "big", fieldPath: "spec.containers{\(container)}",
                                        reason: reason, annotations: ["tandem.dev/signal": "SIGTERM"]))
        }
        let picture = TimelineBuilder.picture(events: events)
        #expect(picture.panels.first?.lanes.count == 10)
        let text = TimelineSVG(title: "big").render(picture)
        let root = try SVGReader.parse(text)
        #expect(root.all { $0.hasClass("probe-failure") }.count == 2_000)
    }
}
