// bench/: the cost of one simulated pod deletion (TandemSimulation, behind lint's termination-budget rule).
// `swift run -c release tandem-bench-simulation [iterations]`
import Foundation
import TandemAPI
import TandemSimulation

func container(_ name: String, sidecar: Bool, preStop: Int64?) -> Container {
    var result = Container(name: name, image: name, restartPolicy: sidecar ? "Always" : nil)
    if let preStop { result.lifecycle = Lifecycle(preStop: LifecycleHandler(sleep: SleepAction(seconds: preStop))) }
    return result
}

let shapes: [(String, Pod)] = [
    ("1 main", Pod(metadata: ObjectMeta(name: "a"), spec: PodSpec(containers: [container("app", sidecar: false, preStop: nil)]))),
    ("1 main + 1 sidecar, preStops", Pod(metadata: ObjectMeta(name: "b"), spec: PodSpec(
        initContainers: [container("proxy", sidecar: true, preStop: 5)],
        containers: [container("app", sidecar: false, preStop: 10)], terminationGracePeriodSeconds: 12))),
    ("2 mains + 3 sidecars, startupProbe", Pod(metadata: ObjectMeta(name: "c"), spec: PodSpec(
        initContainers: [container("logs", sidecar: true, preStop: nil),
                         {
                             var proxy = container("proxy", sidecar: true, preStop: 3)
                             proxy.startupProbe = Probe(tcpSocket: TCPSocketAction(port: .int(15021)), periodSeconds: 1)
                             return proxy
                         }(),
                         container("auth", sidecar: true, preStop: nil)],
        containers: [container("app", sidecar: false, preStop: 2), container("worker", sidecar: false, preStop: nil)]))),
]

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20_000
let clock = ContinuousClock()
for (label, pod) in shapes {
    let simulation = PodSimulation(pod: pod, assumptions: TimingAssumptions(exitAfterTerminate: .seconds(5)))
    var steps = 0
    for _ in 0..<200 { steps &+= simulation.deletion()?.steps.count ?? 0 } // warm-up
    let elapsed = clock.measure {
        for _ in 0..<iterations { steps &+= simulation.deletion()?.steps.count ?? 0 }
    }
    let (seconds, attoseconds) = elapsed.components
    let micros = (Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(iterations)
    print(String(format: "%-36@ %8.1f µs per pod (start-up + deletion)   [%d]", label as NSString, micros, steps % 10))
}
