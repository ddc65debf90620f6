import Foundation
import Testing

@Suite struct TerminationMessageTests {
    func runAndReadMessage(_ container: String) throws -> String? {
        let directory = try Tandem.temporaryDirectory()
        let file = directory.appendingPathComponent("pod.yaml")
        let status = directory.appendingPathComponent("status.json")
        try """
            apiVersion: v1
            kind: Pod
            metadata: {name: message}
            spec:
              restartPolicy: Never
              containers:
            \(container.replacingOccurrences(of: "DIR", with: directory.path))
            """.write(to: file, atomically: true, encoding: .utf8)
        _ = try Tandem.run(["run", "--quiet", "--log-dir", directory.appendingPathComponent("logs").path,
                            "--status-file", status.path, file.path])
        let pod = try JSONSerialization.jsonObject(with: Data(contentsOf: status)) as? [String: Any]
        let statuses = (pod?["status"] as? [String: Any])?["containerStatuses"] as? [[String: Any]]
        let terminated = (statuses?.first?["state"] as? [String: Any])?["terminated"] as? [String: Any]
        return terminated?["message"] as? String
    }

    @Test func theMessageFileBecomesTheTerminationMessage() throws {
        let message = try runAndReadMessage("""
              - name: app
                image: busybox
                terminationMessagePath: DIR/termination-log
                command: ["sh", "-c", "printf 'DONE' > DIR/termination-log"]
            """)
        #expect(message == "DONE")
    }

    @Test func fallbackToLogsOnErrorUsesTheLogTailOnFailure() throws {
        let message = try runAndReadMessage("""
              - name: app
                image: busybox
                terminationMessagePolicy: FallbackToLogsOnError
                command: ["sh", "-c", "echo first; echo boom; exit 1"]
            """)
        #expect(message?.contains("boom") == true, "\(message ?? "nil")")
    }
}
