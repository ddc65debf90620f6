import Foundation
import Testing

@Suite(.serialized) struct JobRunTests {
    @Test func theLogShipperJobExampleCompletes() throws {
        let result = try Tandem.run(["run", "--quiet", "examples/job-with-log-shipper.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func aJobOverItsBackoffLimitFails() throws {
        let (directory, file) = try Tandem.manifest(named: "job.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: flaky}
            spec:
              backoffLimit: 0
              template:
                spec:
                  restartPolicy: Never
                  initContainers:
                  - {name: helper, image: busybox, restartPolicy: Always, command: ["sleep", "60"]}
                  containers:
                  - {name: work, image: busybox, command: ["sh", "-c", "exit 3"]}
            """)
        let status = directory.appendingPathComponent("status.json")
        let result = try Tandem.run(["run", "--status-file", status.path, file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("BackoffLimitExceeded"), "\(result.stderr)")
        let pod = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: status)) as? [String: Any])
        let podStatus = try #require(pod["status"] as? [String: Any])
        #expect(podStatus["phase"] as? String == "Failed")
        let work = try #require((podStatus["containerStatuses"] as? [[String: Any]])?.first)
        let terminated = (work["state"] as? [String: Any])?["terminated"] as? [String: Any]
        #expect(terminated?["exitCode"] as? Int == 3)
    }
}
