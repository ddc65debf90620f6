import Foundation
import Testing

@Suite(.serialized) struct SignalTests {
    func startStubbornPod(grace: Int) throws -> (Process, String) {
        let marker = "TANDEM_SIGNAL_TEST_\(UUID().uuidString.prefix(8))"
        let (_, file) = try Tandem.manifest(named: "pod.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: stubborn}
            spec:
              terminationGracePeriodSeconds: \(grace)
              containers:
              - name: app
                image: busybox
                env: [{name: MARK, value: "\(marker)"}]
                command: ["sh", "-c", "trap '' TERM INT; while :; do sleep 1; done"]
            """)
        let (process, _) = try Tandem.startRun(file, untilProcessesCarry: marker, count: 1)
        return (process, marker)
    }

    @Test func aSecondInterruptKillsAtOnce() throws {
        let (process, marker) = try startStubbornPod(grace: 60)
        #expect(!Tandem.processes(carrying: marker).isEmpty)
        kill(process.processIdentifier, SIGINT)
        usleep(300_000)
        // The container ignores SIGTERM: after one interrupt tandem waits out the 60 s grace.
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        #expect(!process.isRunning)
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(Tandem.processes(carrying: marker).isEmpty)
    }

    @Test func sigtermDeletesWithTheGracePeriodThenKills() throws {
        let (process, marker) = try startStubbornPod(grace: 1)
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        #expect(!process.isRunning)
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        // Killed after the grace (and the kubelet's 2 s minimum): exit 137, phase Failed.
        #expect(process.terminationStatus == 1)
        #expect(Tandem.processes(carrying: marker).isEmpty)
    }
}
