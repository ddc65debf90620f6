import Foundation
import Testing

/// Inputs that used to run forever: the pod's `activeDeadlineSeconds`, Jobs failing by restart
/// counts under `OnFailure`, and the Job controller's policies, through the built binary.
@Suite(.serialized) struct DeadlineAndJobPolicyRunTests {
    func status(_ file: URL) throws -> [String: Any] {
        let pod = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        return try #require(pod["status"] as? [String: Any])
    }

    @Test func podActiveDeadlineStopsASidecarWhoseStartupProbeNeverPasses() throws {
        let (directory, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: deadline}
            spec:
              restartPolicy: Never
              activeDeadlineSeconds: 3
              terminationGracePeriodSeconds: 2
              initContainers:
              - name: proxy
                image: busybox
                restartPolicy: Always
                command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"]
                startupProbe: {exec: {command: ["false"]}, periodSeconds: 1, failureThreshold: 100}
              containers:
              - {name: app, image: busybox, command: ["true"]}
            """)
        let statusFile = directory.appendingPathComponent("status.json")
        let run = try Tandem.run(["run", "--status-file", statusFile.path, file.path], limit: 15)
        #expect(!run.killed, "tandem run never ended")
        #expect(run.result.status == 1, "\(run.result.stderr)")
        #expect(run.seconds >= 3 && run.seconds < 5, "ended after \(run.seconds) s")
        #expect(run.result.stderr.contains("DeadlineExceeded: Pod was active on the node longer than the specified deadline"))
        let podStatus = try status(statusFile)
        #expect(podStatus["phase"] as? String == "Failed")
        #expect(podStatus["reason"] as? String == "DeadlineExceeded")
        #expect(podStatus["message"] as? String == "Pod was active on the node longer than the specified deadline")
        let proxy = try #require((podStatus["initContainerStatuses"] as? [[String: Any]])?.first)
        let terminated = (proxy["state"] as? [String: Any])?["terminated"] as? [String: Any]
        #expect(terminated?["exitCode"] as? Int == 0)   // its SIGTERM trap ran: a graceful stop
    }

    @Test func onFailureJobWhoseMainCrashLoopsFailsAtItsBackoffLimit() throws {
        let (_, file) = try Tandem.manifest(named: "job.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: crash}
            spec:
              backoffLimit: 1
              template:
                spec:
                  restartPolicy: OnFailure
                  initContainers:
                  - {name: proxy, image: busybox, restartPolicy: Always, command: ["sh", "-c", "trap 'exit 0' TERM; sleep 60 & wait"]}
                  containers:
                  - {name: main, image: busybox, command: ["sh", "-c", "sleep 0.5; exit 1"]}
            """)
        let run = try Tandem.run(["run", file.path], limit: 20)
        #expect(!run.killed, "tandem run never ended")
        #expect(run.result.status == 1)
        #expect(run.seconds < 5, "ended after \(run.seconds) s")
        #expect(run.result.stderr.contains("Job crash failed: BackoffLimitExceeded: Job has reached the specified backoff limit"),
                "\(run.result.stderr)")
    }

    @Test func onFailureJobWhoseSidecarCrashLoopsFails() throws {
        let (_, file) = try Tandem.manifest(named: "job.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: sidecar-crash}
            spec:
              backoffLimit: 2
              template:
                spec:
                  restartPolicy: OnFailure
                  initContainers:
                  - {name: proxy, image: busybox, restartPolicy: Always, command: ["sh", "-c", "sleep 0.2; exit 3"]}
                  containers:
                  - {name: main, image: busybox, command: ["sh", "-c", "trap 'exit 0' TERM; sleep 60 & wait"]}
            """)
        let run = try Tandem.run(["run", "--initial-backoff", "0.5", file.path], limit: 20)
        #expect(!run.killed, "tandem run never ended")
        #expect(run.result.status == 1)
        #expect(run.result.stderr.contains("Job sidecar-crash failed: BackoffLimitExceeded"), "\(run.result.stderr)")
    }

    @Test func podFailurePolicyFailJobOnASidecarsExitCode() throws {
        let (_, file) = try Tandem.manifest(named: "job.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pfp}
            spec:
              podFailurePolicy:
                rules:
                - action: FailJob
                  onExitCodes: {containerName: setup, operator: In, values: [42]}
              template:
                spec:
                  restartPolicy: Never
                  initContainers:
                  - {name: setup, image: busybox, command: ["sh", "-c", "exit 42"]}
                  containers:
                  - {name: main, image: busybox, command: ["true"]}
            """)
        let run = try Tandem.run(["run", file.path], limit: 20)
        #expect(!run.killed)
        #expect(run.result.status == 1)
        #expect(run.result.stderr.contains(
            "Job pfp failed: PodFailurePolicy: Container setup for pod default/pfp-0 failed with exit code 42 matching FailJob rule at index 0"),
            "\(run.result.stderr)")
    }

    @Test func indexedJobPodsSeeTheirIndexAndHostname() throws {
        let (_, file) = try Tandem.manifest(named: "job.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: idx}
            spec:
              completions: 3
              parallelism: 1
              completionMode: Indexed
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: main, image: busybox, command: ["sh", "-c", "echo index=$JOB_COMPLETION_INDEX host=$HOSTNAME"]}
            """)
        let run = try Tandem.run(["run", file.path], limit: 20)
        #expect(run.result.status == 0, "\(run.result.stderr)")
        let lines = run.result.stdout.split(separator: "\n").filter { $0.contains("index=") }.map(String.init)
        #expect(lines == ["main | index=0 host=idx-0", "main | index=1 host=idx-1", "main | index=2 host=idx-2"],
                "\(run.result.stdout)")
    }
}
