import Foundation
import Testing

/// The universal-mode proof through `tandem run`: the injected pod runs the sidecar exactly once,
/// as the restarted native sidecar; with `--feature-gates SidecarContainers=false` (an API server
/// that drops init containers' restartPolicy) exactly once, as the regular container.
@Suite struct InjectRunProofTests {
    struct Run {
        var status: Int32
        var stderr: String
        /// Container log files (`container/N.log`) and the lines of each.
        var logs: [String: [String]]
    }

    static func injectAndRun(gates: [String]) throws -> Run {
        let directory = try Tandem.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let shared = directory.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        let sidecar = directory.appendingPathComponent("sidecar.yaml")
        try """
            container: {name: shipper, image: busybox, command: [/bin/sh, -c, 'echo SIDECAR RUNNING; sleep 3']}
            universal: {restartWaitSeconds: 1, mountPath: \(shared.path)}
            """.write(to: sidecar, atomically: true, encoding: .utf8)
        let pod = directory.appendingPathComponent("pod.yaml")
        try """
            apiVersion: v1
            kind: Pod
            metadata: {name: proof}
            spec:
              restartPolicy: Never
              containers:
              - {name: app, image: busybox, command: [/bin/sh, -c, sleep 1]}
            """.write(to: pod, atomically: true, encoding: .utf8)
        let injected = try Tandem.run(["inject", pod.path, "--sidecar", sidecar.path, "--mode", "universal"])
        #expect(injected.status == 0)
        let injectedFile = directory.appendingPathComponent("injected.yaml")
        try injected.stdout.write(to: injectedFile, atomically: true, encoding: .utf8)
        let logDirectory = directory.appendingPathComponent("logs")
        let result = try Tandem.run(["run", "--quiet", "--log-dir", logDirectory.path] + gates + [injectedFile.path])
        var logs: [String: [String]] = [:]
        let podLogs = logDirectory.appendingPathComponent("proof")
        for container in try FileManager.default.contentsOfDirectory(atPath: podLogs.path) where container != "volumes" {
            // The container logs (`N.log`), not the runs' termination-message files.
            for file in try FileManager.default.contentsOfDirectory(atPath: podLogs.appendingPathComponent(container).path)
            where file.hasSuffix(".log") && !file.hasSuffix(".termination-log") {
                let text = try String(contentsOf: podLogs.appendingPathComponent(container).appendingPathComponent(file), encoding: .utf8)
                // CRI records: `<time> <stream> <P|F> <text>`; keep the text.
                logs["\(container)/\(file)"] = text.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 3).dropFirst(3).joined() }
            }
        }
        // --quiet still says where the logs go, once, at start (issue 12).
        let announced = "tandem: logs and events of this run in \(logDirectory.path)\n"
        return Run(status: result.status, stderr: result.stderr == announced ? "" : result.stderr, logs: logs)
    }

    @Test func nativeSidecarsRunItOnceInTheRestartedInitContainer() throws {
        let run = try Self.injectAndRun(gates: [])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(run.logs == [
            "shipper/0.log": ["tandem-universal: first run: exit 0; a kubelet with native sidecars restarts this container, an older one goes on"],
            "shipper/1.log": ["tandem-universal: restarted: native sidecars work; running the sidecar here", "SIDECAR RUNNING"],
            "shipper-fallback/0.log": ["tandem-universal: the sidecar runs as native sidecar shipper; exiting"],
            "app/0.log": [],
        ])
    }

    @Test func withoutNativeSidecarsTheRegularContainerRunsItOnce() throws {
        let run = try Self.injectAndRun(gates: ["--feature-gates", "SidecarContainers=false"])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(run.logs == [
            "shipper/0.log": ["tandem-universal: first run: exit 0; a kubelet with native sidecars restarts this container, an older one goes on"],
            "shipper-fallback/0.log": [
                "tandem-universal: init container shipper was not restarted within 1s: no native sidecars here; running the sidecar here",
                "SIDECAR RUNNING",
            ],
            "app/0.log": [],
        ])
    }

    @Test func gateOffDropsRestartPolicySoProbesOnInitContainersAreRejected() throws {
        let (directory, file) = try Tandem.manifest("""
            apiVersion: v1
            kind: Pod
            metadata: {name: probed}
            spec:
              initContainers:
              - {name: proxy, image: envoy, restartPolicy: Always, readinessProbe: {tcpSocket: {port: 15001}}}
              containers:
              - {name: app, image: app}
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Tandem.run(["run", "--feature-gates", "SidecarContainers=false", file.path])
        #expect(result.status == 2)
        #expect(result.stderr == "\(file.path): The Pod \"probed\" is invalid: spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always\n")
    }

    @Test func badFeatureGatesAreOneLineAndExit2() throws {
        let cases: [(String, String)] = [
            ("Foo=true", "tandem: --feature-gates: unrecognized feature gate: Foo"),
            ("SidecarContainers", "tandem: --feature-gates: missing bool value for SidecarContainers"),
            ("SidecarContainers=maybe", "tandem: --feature-gates: invalid value of SidecarContainers=maybe, err: strconv.ParseBool: parsing \"maybe\": invalid syntax"),
        ]
        for (value, line) in cases {
            let result = try Tandem.run(["run", "--feature-gates", value, "/nonexistent.yaml"])
            #expect(result.status == 2)
            #expect(result.stderr == line + "\n")
        }
    }
}
