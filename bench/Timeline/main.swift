import Foundation
import TandemTimeline

// `swift run -c release tandem-bench-timeline [events] [runs]`: the time `tandem timeline` spends on an
// events file of N events (default 10,000): parse the JSON lines, build the picture, write the SVG.
// The file is generated like a long run: 20 containers of one pod, each restarting and failing probes.

let count = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000
let runs = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 7

func line(_ index: Int) -> String {
    let container = "container-\(index % 20)"
    let reasons = ["Started", "ContainerReady", "Unhealthy", "ContainerNotReady", "SignalSent", "ContainerExited",
                   "RestartScheduled"]
    let reason = reasons[(index / 20) % reasons.count]
    let micros = Int64(index) * 37_000
    let seconds = micros / 1_000_000
    let stamp = String(format: "2026-11-30T%02d:%02d:%02d.%06dZ", 6 + seconds / 3600, (seconds / 60) % 60, seconds % 60,
                       micros % 1_000_000)
    let whole = String(stamp.prefix(19)) + "Z"
    return #"{"apiVersion":"v1","kind":"Event","metadata":{"name":"big.\#(index)","namespace":"default","uid":"u\#(index)","creationTimestamp":"\#(whole)","annotations":{"tandem.dev/back-off-seconds":"10","tandem.dev/exit-code":"143","tandem.dev/signal":"SIGTERM"}},"involvedObject":{"apiVersion":"v1","kind":"Pod","name":"big","namespace":"default","uid":"p","fieldPath":"spec.containers{\#(container)}"},"reason":"\#(reason)","message":"\#(reason) of \#(container)","type":"Normal","source":{"component":"tandem","host":"h"},"firstTimestamp":"\#(whole)","lastTimestamp":"\#(whole)","count":1,"eventTime":"\#(stamp)","reportingComponent":"tandem","reportingInstance":"h"}"#
}

let data = Data((0..<count).map(line).joined(separator: "\n").utf8)
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// CPU time of this process: on a shared, loaded machine the wall clock measures the neighbours too.
func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

var best = (total: Double.infinity, parse: 0.0, layout: 0.0, svg: 0.0)
var bestCPU = Double.infinity
var bytes = 0
for _ in 0..<runs {
    let cpuStart = cpuSeconds()
    let start = ContinuousClock.now
    guard let events = try? EventsFile.parse(data) else { fatalError("generated file does not parse") }
    let parsed = ContinuousClock.now
    let picture = TimelineBuilder.picture(events: events)
    let laidOut = ContinuousClock.now
    let svg = TimelineSVG(title: "bench").render(picture)
    let end = ContinuousClock.now
    bestCPU = min(bestCPU, cpuSeconds() - cpuStart)
    bytes = svg.utf8.count
    let total = seconds(end - start)
    if total < best.total { best = (total, seconds(parsed - start), seconds(laidOut - parsed), seconds(end - laidOut)) }
}
print("timeline: \(count) events (\(data.count) bytes) → SVG \(bytes) bytes: best of \(runs): "
    + String(format: "wall %.3f s (parse %.3f, layout %.3f, SVG %.3f), CPU %.3f s", best.total, best.parse, best.layout,
             best.svg, bestCPU))
