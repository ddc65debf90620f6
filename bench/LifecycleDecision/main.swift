// The cost of one lifecycle decision (`PodStateMachine.handle`) for a pod with 10 containers
// (3 sidecars, 7 main containers, a readiness probe on each), per event kind.
//
// Each decision is timed on its own with ContinuousClock (two clock reads, about 40 ns, are
// included in every figure), over many iterations; the median and the mean are printed, then
// one JSON line for bench/run.py.
import TandemAPI
import TandemLifecycle

let sidecarCount = 3
let mainCount = 7
let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 20_000

func readiness() -> Probe {
    Probe(exec: ExecAction(command: ["true"]), initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 1,
          successThreshold: 1, failureThreshold: 3)
}

func makePod() -> Pod {
    var sidecars: [Container] = []
    for index in 0..<sidecarCount {
        var sidecar = Container(name: "sidecar-\(index)", image: "bench")
        sidecar.restartPolicy = "Always"
        sidecar.readinessProbe = readiness()
        sidecars.append(sidecar)
    }
    var mains: [Container] = []
    for index in 0..<mainCount {
        var main = Container(name: "main-\(index)", image: "bench")
        main.readinessProbe = readiness()
        mains.append(main)
    }
    return Pod(metadata: ObjectMeta(name: "bench", namespace: "default", uid: "u1"),
               spec: PodSpec(initContainers: sidecars, containers: mains, restartPolicy: "Always",
                             terminationGracePeriodSeconds: 30))
}

/// Drives the machine like a runtime that starts every container at once and keeps the
/// probes it was asked to run.
struct Driver {
    var machine: PodStateMachine
    var now = Instant(nanosecondsSinceEpoch: 1_795_000_000_000_000_000)
    var probesInFlight: [ContainerRun] = []
    var attempts: [String: Int] = [:]
    var actionCount = 0

    mutating func send(_ event: PodEvent) -> [PodAction] {
        let actions = machine.handle(event, at: now)
        actionCount &+= actions.count
        return actions
    }

    /// Settles every consequence of `actions` that needs no time to pass.
    mutating func follow(_ actions: [PodAction]) {
        var pending = actions
        while !pending.isEmpty {
            var next: [PodAction] = []
            for action in pending {
                switch action {
                case .startContainer(let run):
                    attempts[run.name] = run.attempt
                    next += send(.containerStarted(run))
                case .runProbe(let run, _):
                    probesInFlight.append(run)
                default:
                    break
                }
            }
            pending = next
        }
    }
}

let clock = ContinuousClock()

func timed(_ body: () -> Void) -> Int64 {
    let start = clock.now
    body()
    return (clock.now - start).nanoseconds
}

var driver = Driver(machine: PodStateMachine(
    pod: makePod(),
    options: LifecycleOptions(initialBackoff: .zero, maxBackoff: .zero, sidecarSettle: .zero)))
driver.follow(driver.send(.admitted))
// Make every container ready once, so later successes change nothing.
for run in driver.probesInFlight { driver.follow(driver.send(.probeReported(run, .readiness, .success))) }
driver.probesInFlight.removeAll()

var probeNoChange: [Int64] = []
var timerDue: [Int64] = []
var timerIdle: [Int64] = []
var exitRestart: [Int64] = []
var restartedStart: [Int64] = []
probeNoChange.reserveCapacity(iterations * 10)

for iteration in 0..<iterations {
    driver.now = driver.now + .seconds(1)
    // A timer at which all 10 readiness probes are due: emits 10 runProbe actions.
    var actions: [PodAction] = []
    timerDue.append(timed { actions = driver.send(.timerFired) })
    driver.follow(actions)
    // A timer with nothing due (a spurious or early wake).
    timerIdle.append(timed { actions = driver.send(.timerFired) })
    // Readiness successes on ready containers: nothing changes but the probe schedule.
    for run in driver.probesInFlight {
        probeNoChange.append(timed { actions = driver.send(.probeReported(run, .readiness, .success)) })
    }
    driver.probesInFlight.removeAll()
    // Every 10th round a sidecar exits: the decision restarts it and publishes the new status.
    if iteration % 10 == 0 {
        let name = "sidecar-\(iteration / 10 % sidecarCount)"
        let run = ContainerRun(name, attempt: driver.attempts[name] ?? 0)
        exitRestart.append(timed { actions = driver.send(.containerExited(run, ContainerExit(exitCode: 1))) })
        guard case .startContainer(let next)? = actions.first(where: {
            if case .startContainer = $0 { return true } else { return false }
        }) else {
            fatalError("a sidecar exit did not restart it: \(actions)")
        }
        driver.attempts[name] = next.attempt
        restartedStart.append(timed { actions = driver.send(.containerStarted(next)) })
        driver.follow(actions)
        // Its first readiness success makes it ready again (a change, not timed).
        for run in driver.probesInFlight { driver.follow(driver.send(.probeReported(run, .readiness, .success))) }
        driver.probesInFlight.removeAll()
    }
}

func median(_ values: [Int64]) -> Int64 {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

func mean(_ values: [Int64]) -> Int64 {
    values.isEmpty ? 0 : values.reduce(0, +) / Int64(values.count)
}

let kinds: [(String, [Int64])] = [
    ("probe_report_no_change", probeNoChange),
    ("timer_10_probes_due", timerDue),
    ("timer_nothing_due", timerIdle),
    ("sidecar_exit_restart_publish", exitRestart),
    ("restarted_container_started", restartedStart),
]
print("PodStateMachine.handle, pod with \(sidecarCount) sidecars + \(mainCount) containers (target: well under 10 µs)")
for (name, values) in kinds {
    let line = "  \(name): median \(median(values)) ns, mean \(mean(values)) ns (\(values.count) decisions)"
    print(line)
}
let fields = kinds.map { "\"\($0.0)\": {\"median_ns\": \(median($0.1)), \"mean_ns\": \(mean($0.1)), \"count\": \($0.1.count)}" }
print("JSON {" + fields.joined(separator: ", ") + ", \"actions\": \(driver.actionCount)}")
