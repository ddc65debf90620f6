import Foundation
import Testing

/// `tandem simulate` and `tandem run` (the built binary) on the same pods: the sequence of container
/// starts, stop signals and SIGKILLs in the run's events file must be the one the simulation
/// predicts. Each pod is built so that its steps are at least ~1 s apart in both worlds (containers'
/// shells exit a known time after SIGTERM, told to the simulation with `--assume`), so real scheduling
/// jitter cannot reorder them; steps decided in the same instant come in the state machine's order
/// in both.
@Suite(.serialized) struct SimulateAgreementTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        /// The manifest: a repository file, or text with `MARKER` replaced by the test's marker.
        var file: String?
        var text: String?
        var assume: [String] = []
        /// Live processes to wait for before deleting; 0: the pod ends by itself (a Job).
        var processes: Int
        /// The sequence both must show, written out so the agreement cannot be vacuous.
        var expected: [String]
        var description: String { name }
    }

    static func shell(_ name: String, trap: String, sidecar: Bool = false, preStop: Int? = nil) -> String {
        var text = """
              - name: \(name)
                image: busybox
                command: ["sh", "-c", "trap '\(trap)' TERM; while :; do sleep 0.1; done"]
                env: [{name: AGREEMENT, value: "MARKER"}]

            """
        if sidecar { text += "    restartPolicy: Always\n" }
        if let preStop { text += "    lifecycle: {preStop: {exec: {command: [sleep, \"\(preStop)\"]}}}\n" }
        return text
    }

    static let cases = [
        Case(name: "termination-order", file: "examples/termination-order.yaml", processes: 4,
             expected: ["start log-shipper", "start proxy", "start app", "start worker",
                        "SIGTERM worker", "SIGTERM app", "SIGTERM proxy", "SIGTERM log-shipper"]),
        Case(name: "web-behind-proxy", file: "examples/web-behind-proxy.yaml", processes: 2,
             expected: ["start proxy", "start app", "SIGTERM app", "SIGTERM proxy"]),
        Case(name: "job-with-log-shipper", file: "examples/job-with-log-shipper.yaml", processes: 0,
             expected: ["start log-shipper", "start report", "SIGTERM log-shipper"]),
        // app's preStop (6 s) overruns the grace (4 s): at the deadline both get SIGTERM (the sidecar's
        // turn no longer matters, it comes first in spec order); the proxy takes 3 s to exit, past the
        // 2 s minimum after a late SIGTERM: SIGKILL.
        Case(name: "prestop-overruns-grace",
             text: "apiVersion: v1\nkind: Pod\nmetadata: {name: overrun}\nspec:\n  terminationGracePeriodSeconds: 4\n  initContainers:\n"
                + shell("proxy", trap: "sleep 3; exit 0", sidecar: true)
                + "  containers:\n" + shell("app", trap: "sleep 1; exit 0", preStop: 6),
             assume: ["proxy=stop:3s", "app=stop:1s"], processes: 2,
             expected: ["start proxy", "start app", "SIGTERM proxy", "SIGTERM app", "SIGKILL proxy"]),
        // The logger sidecar ignores SIGTERM: the mains stop, then it gets SIGTERM and is SIGKILLed at
        // the grace deadline; the proxy (declared first) waits for it.
        Case(name: "sidecar-ignores-sigterm",
             text: "apiVersion: v1\nkind: Pod\nmetadata: {name: stubborn}\nspec:\n  terminationGracePeriodSeconds: 6\n  initContainers:\n"
                + shell("proxy", trap: "sleep 1; exit 0", sidecar: true) + shell("logger", trap: "", sidecar: true)
                + "  containers:\n" + shell("app", trap: "sleep 1; exit 0"),
             assume: ["logger=stop:never"], processes: 3,
             // At the deadline the proxy's turn no longer matters: SIGTERM to it, SIGKILL to the logger.
             expected: ["start proxy", "start logger", "start app", "SIGTERM app", "SIGTERM logger", "SIGTERM proxy",
                        "SIGKILL logger"]),
    ]

    /// Starts, stop signals and SIGKILLs in eventTime order: `start proxy`, `SIGTERM app`, `SIGKILL proxy`.
    static func sequence(_ jsonLines: String) throws -> [String] {
        var steps: [(String, Int, String)] = []
        for (index, line) in jsonLines.split(separator: "\n").enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let reason = object["reason"] as? String ?? ""
            let field = (object["involvedObject"] as? [String: Any])?["fieldPath"] as? String ?? ""
            guard let open = field.firstIndex(of: "{") else { continue }
            let container = String(field[field.index(after: open)...].dropLast())
            let annotations = (object["metadata"] as? [String: Any])?["annotations"] as? [String: String] ?? [:]
            let time = object["eventTime"] as? String ?? ""
            switch reason {
            case "Started": steps.append((time, index, "start \(container)"))
            case "SignalSent": steps.append((time, index, "\(annotations["tandem.dev/signal"] ?? "?") \(container)"))
            default: continue
            }
        }
        return steps.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    @Test(arguments: cases)
    func simulationPredictsTheRun(_ test: Case) throws {
        let marker = "simulate-agreement-\(UUID().uuidString)"
        let directory = try Tandem.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file: URL
        if let text = test.text {
            file = directory.appendingPathComponent("\(test.name).yaml")
            try text.replacingOccurrences(of: "MARKER", with: marker).write(to: file, atomically: true, encoding: .utf8)
        } else {
            file = Tandem.repository.appendingPathComponent(test.file ?? "")
        }
        let predicted = try Tandem.run(["simulate", "-o", "json"] + test.assume.flatMap { ["--assume", $0] } + [file.path])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        let events = directory.appendingPathComponent("events.jsonl")
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = ["run", "--quiet", "--events", events.path, "--log-dir", directory.appendingPathComponent("logs").path,
                             file.path]
        try process.run()
        if test.processes > 0 {
            // Every container runs (its events say Started; shells carry the marker), then delete.
            for _ in 0..<200 {
                let text = (try? String(contentsOf: events, encoding: .utf8)) ?? ""
                if text.components(separatedBy: "\"reason\":\"Started\"").count - 1 >= test.processes { break }
                usleep(50_000)
            }
            usleep(600_000) // shells install their traps; startup probes settle
            kill(process.processIdentifier, SIGTERM)
        }
        process.waitUntilExit()
        let actual = try Self.sequence(String(contentsOf: events, encoding: .utf8))
        let expected = try Self.sequence(predicted.stdout)
        #expect(expected == test.expected)
        #expect(actual == expected)
        #expect(Tandem.processes(carrying: marker).isEmpty)
    }
}
