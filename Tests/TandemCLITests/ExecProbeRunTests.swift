import Foundation
import Testing

/// Exec probes through `tandem run` (issue 10 item 3): the command is expanded with the
/// container's env, as the kubelet's `ExpandContainerCommandOnlyStatic` does.
@Suite struct ExecProbeRunTests {
    @Test func aStartupProbeSeesItsContainersVariables() throws {
        let ready = try Tandem.temporaryDirectory().appendingPathComponent("ready")
        #expect(FileManager.default.createFile(atPath: ready.path, contents: Data()))
        let (directory, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: marked}
            spec:
              restartPolicy: Never
              initContainers:
              - name: proxy
                image: busybox
                restartPolicy: Always
                env: [{name: MARK, value: "READY_FILE"}]
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 30 & wait"]
                startupProbe:
                  exec: {command: ["test", "-f", "$(MARK)"]}
                  periodSeconds: 1
                  failureThreshold: 3
              containers:
              - {name: app, image: busybox, command: ["true"]}
            """.replacingOccurrences(of: "READY_FILE", with: ready.path))
        let statusFile = directory.appendingPathComponent("status.json")
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = ["run", "--status-file", statusFile.path, file.path]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let events = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(events)")
        #expect(!events.contains("Unhealthy"), "\(events)")
        let pod = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: statusFile)) as? [String: Any])
        #expect((pod["status"] as? [String: Any])?["phase"] as? String == "Succeeded")
    }
}
