import Foundation
import Testing

/// The termination-budget rule predicts a shutdown chain by running tandem's PodStateMachine on a virtual
/// clock; here `tandem run` really deletes the same pods (SIGTERM to tandem) and the order in which the
/// containers ended, and which were SIGKILLed, must be what the rule said.
///
/// Every container exits 3 s after SIGTERM (`trap 'sleep 3; exit 0' TERM`), which the rule is told with
/// `assumedExitSeconds: 3`; predicted events are at least 2 s apart so the status file's whole-second
/// `finishedAt` orders them without ties.
@Suite struct LintTerminationAgreementTests {
    static let slowExit = "trap 'sleep 3; exit 0' TERM; while :; do sleep 0.1; done"

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var grace: Int
        var sidecars: [String]
        /// Main containers with an optional exec `sleep N` preStop.
        var mains: [(String, Int?)]
        var description: String { name }
    }

    static let cases = [
        // app exits at 3 s, then the proxy gets SIGTERM but the kubelet's 2 s minimum ends at 5 s: SIGKILL.
        Case(name: "one-sidecar", grace: 4, sidecars: ["proxy"], mains: [("app", nil)]),
        // app's preStop to 2 s, exits at 5 s; sidecar b (declared last) stops first and is killed at 7 s;
        // the grace ends at 7 s, so a gets SIGTERM then and is killed at 9 s.
        Case(name: "two-sidecars", grace: 7, sidecars: ["a", "b"], mains: [("app", 2)]),
        // Two regular containers, the logger's preStop sleep outlasting the grace: SIGTERM at 5 s, SIGKILL at 7 s.
        Case(name: "prestop-overrun", grace: 5, sidecars: [], mains: [("app", nil), ("logger", 10)]),
    ]

    func manifest(_ test: Case, marker: String) -> String {
        func container(_ name: String, sidecar: Bool, preStop: Int?) -> String {
            var text = """
              - name: \(name)
                image: busybox
                command: ["sh", "-c", "\(Self.slowExit)"]
                env: [{name: LINT_AGREEMENT, value: "\(marker)"}]

            """
            if sidecar { text += "    restartPolicy: Always\n" }
            if let preStop { text += "    lifecycle: {preStop: {exec: {command: [sleep, \"\(preStop)\"]}}}\n" }
            return text
        }
        var text = "apiVersion: v1\nkind: Pod\nmetadata: {name: \(test.name)}\nspec:\n"
        text += "  terminationGracePeriodSeconds: \(test.grace)\n"
        if !test.sidecars.isEmpty {
            text += "  initContainers:\n" + test.sidecars.map { container($0, sidecar: true, preStop: nil) }.joined()
        }
        text += "  containers:\n" + test.mains.map { container($0.0, sidecar: false, preStop: $0.1) }.joined()
        return text
    }

    /// The rule's chain: containers in the order they end (exit or SIGKILL), and those SIGKILLed.
    func predicted(_ file: URL, config: URL) throws -> (order: [String], killed: Set<String>) {
        let result = try Tandem.run(["lint", "-o", "json", "--config", config.path, file.path])
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let findings = (json?["findings"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "termination-budget" }
        let message = try #require(findings.first?["message"] as? String, "no termination-budget finding: \(result.stdout)")
        let chain = try #require(message.components(separatedBy: "): ").last)
        var order: [String] = []
        var killed: Set<String> = []
        for step in chain.components(separatedBy: " → ") {
            let words = step.split(separator: " ").map(String.init)
            guard words.count == 3, words[2] == "exited" || words[2] == "SIGKILL" else { continue }
            if words[2] == "SIGKILL" { killed.insert(words[1]) }
            if !order.contains(words[1]) { order.append(words[1]) }
        }
        return (order, killed)
    }

    /// Runs the pod, deletes it with SIGTERM to tandem once every container runs, and reads the status file.
    func actual(_ file: URL, status: URL, marker: String, containers: Int) throws -> (order: [String], killed: Set<String>) {
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = ["run", "--quiet", "--status-file", status.path, file.path]
        try process.run()
        var running = 0
        for _ in 0..<100 where running < containers {
            usleep(50_000)
            running = Tandem.processes(carrying: marker).count
        }
        #expect(running >= containers)
        usleep(300_000) // the shells install their traps
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: status)) as? [String: Any]
        let podStatus = json?["status"] as? [String: Any]
        let statuses = (podStatus?["initContainerStatuses"] as? [[String: Any]] ?? [])
            + (podStatus?["containerStatuses"] as? [[String: Any]] ?? [])
        var ended: [(String, String, Int)] = []
        for entry in statuses {
            let terminated = (entry["state"] as? [String: Any])?["terminated"] as? [String: Any]
            ended.append((entry["name"] as? String ?? "", terminated?["finishedAt"] as? String ?? "",
                          terminated?["exitCode"] as? Int ?? -1))
        }
        #expect(Set(ended.map(\.1)).count == ended.count, "finishedAt ties: \(ended)")
        let order = ended.sorted { $0.1 < $1.1 }.map(\.0)
        return (order, Set(ended.filter { $0.2 == 137 }.map(\.0)))
    }

    @Test(arguments: cases)
    func ruleAndRunAgree(_ test: Case) throws {
        let marker = "lint-agreement-\(UUID().uuidString)"
        let (directory, file) = try Tandem.manifest(named: "\(test.name).yaml", manifest(test, marker: marker))
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("lint.yaml")
        try "thresholds: {assumedExitSeconds: 3}\n".write(to: config, atomically: true, encoding: .utf8)
        let rule = try predicted(file, config: config)
        let run = try actual(file, status: directory.appendingPathComponent("status.json"), marker: marker,
                             containers: test.sidecars.count + test.mains.count)
        #expect(run.order == rule.order)
        #expect(run.killed == rule.killed)
        #expect(!rule.killed.isEmpty)
        #expect(Tandem.processes(carrying: marker).isEmpty)
    }
}
