import Foundation
import Testing

/// `tandem run` on Deployments, StatefulSets, DaemonSets and CronJobs, through the built binary.
@Suite(.serialized) struct WorkloadRunTests {
    /// Starts `tandem run ARGS`, waits (up to 20 s) until `ready` holds, sends SIGINT, and
    /// returns what the run printed and its exit status (SIGKILLed at 30 s: a hang fails).
    func runUntilInterrupted(_ arguments: [String], until ready: () -> Bool) throws -> (Tandem.Result, becameReady: Bool) {
        let process = Process()
        process.executableURL = Tandem.binary
        process.arguments = arguments
        process.currentDirectoryURL = Tandem.repository
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let collected = Collected()
        let readers = DispatchGroup()
        for (pipe, keyPath) in [(out, \Collected.stdout), (err, \Collected.stderr)] {
            readers.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(keyPath, data)
                readers.leave()
            }
        }
        var becameReady = false
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && process.isRunning {
            if ready() {
                becameReady = true
                break
            }
            usleep(50_000)
        }
        kill(process.processIdentifier, SIGINT)
        let killAt = Date().addingTimeInterval(30)
        while process.isRunning && Date() < killAt { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        readers.wait()
        return (Tandem.Result(status: process.terminationStatus, stdout: collected.text(\.stdout),
                              stderr: collected.text(\.stderr)), becameReady)
    }

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        var stdout = Data()
        var stderr = Data()
        func set(_ keyPath: ReferenceWritableKeyPath<Collected, Data>, _ data: Data) {
            lock.withLock { self[keyPath: keyPath] = data }
        }
        func text(_ keyPath: KeyPath<Collected, Data>) -> String {
            lock.withLock { String(decoding: self[keyPath: keyPath], as: UTF8.self) }
        }
    }

    func lines(_ url: URL) -> [String] {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func items(_ status: URL) throws -> [[String: Any]] {
        let list = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: status)) as? [String: Any])
        #expect(list["kind"] as? String == "List")
        return try #require(list["items"] as? [[String: Any]])
    }

    /// Issue 11's whole kubectl file: a Deployment whose app reads a ConfigMap and a Secret of the
    /// same file through env, envFrom and volumes, next to its Service (passed over with a note).
    @Test func aDeploymentReadsItsConfigMapAndSecretThroughEnvEnvFromAndVolumes() throws {
        let directory = try Tandem.temporaryDirectory()
        let seen = directory.appendingPathComponent("seen")
        let (_, file) = try Tandem.manifest(named: "shop.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app-config}
            data: {greeting: hello, mode: fast}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: creds}
            type: Opaque
            data: {DB_USER: YWRtaW4=}
            stringData: {DB_PASSWORD: s3cret}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: shop}
            spec:
              replicas: 1
              selector: {matchLabels: {app: shop}}
              template:
                metadata: {labels: {app: shop}}
                spec:
                  volumes:
                  - {name: config, configMap: {name: app-config, items: [{key: greeting, path: hello.txt}]}}
                  - {name: secret, secret: {secretName: creds, defaultMode: 0400}}
                  containers:
                  - name: app
                    image: busybox
                    env:
                    - name: GREETING
                      valueFrom: {configMapKeyRef: {name: app-config, key: greeting}}
                    envFrom:
                    - secretRef: {name: creds}
                    - configMapRef: {name: app-config}
                      prefix: CFG_
                    volumeMounts:
                    - {name: config, mountPath: /etc/shop}
                    - {name: secret, mountPath: /etc/creds, readOnly: true}
                    command: ["sh", "-c", "echo \\"$GREETING $DB_USER $DB_PASSWORD $CFG_mode $(cat /etc/shop/hello.txt) $(ls /etc/shop) $(cat /etc/creds/DB_PASSWORD) $(stat -L -c %a /etc/creds/DB_USER)\\" > \(seen.path); trap 'exit 0' TERM; while :; do sleep 0.05; done"]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: shop}
            spec: {selector: {app: shop}, ports: [{port: 80}]}
            """)
        let (result, ready) = try runUntilInterrupted(["run", "--quiet", file.path]) { !lines(seen).isEmpty }
        #expect(ready)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(lines(seen) == ["hello admin s3cret fast hello hello.txt s3cret 400"])
        #expect(maskedRunDirectory(result.stderr) == "tandem: note: \(file.path):40: skipped Service/shop: not a workload\n"
            + "tandem: logs and events of this run in RUN\n"
            + "tandem: deleting deployment shop and its pods (grace 30s; Ctrl-C again to kill now)\n")
    }

    @Test func aDeploymentWithItsServiceAndConfigMapRunsItsReplicas() throws {
        let directory = try Tandem.temporaryDirectory()
        let seen = directory.appendingPathComponent("seen")
        let (_, file) = try Tandem.manifest(named: "app.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app-config}
            data: {greeting: hello}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: busybox
                    command: ["sh", "-c", "echo $HOSTNAME >> \(seen.path); trap 'exit 0' TERM; while :; do sleep 0.05; done"]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {selector: {app: web}, ports: [{port: 80}]}
            """)
        let status = directory.appendingPathComponent("status.json")
        let (result, ready) = try runUntilInterrupted(
            ["run", "--quiet", "--replicas", "3", "--status-file", status.path, file.path]) { lines(seen).count == 3 }
        #expect(ready)
        #expect(result.status == 0, "\(result.stderr)")
        // The Service is listed once; the ConfigMap is kept for the containers, not skipped.
        #expect(maskedRunDirectory(result.stderr) == "tandem: note: \(file.path):20: skipped Service/web: not a workload\n"
            + "tandem: logs and events of this run in RUN\n"
            + "tandem: deleting deployment web and its pods (grace 30s; Ctrl-C again to kill now)\n")
        let pods = try items(status)
        let names = pods.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
        #expect(names.count == 3)
        #expect(Set(names) == Set(lines(seen)), "each container saw its own pod name")
        let pattern = try Regex("^web-([bcdfghjklmnpqrstvwxz2456789]{1,10})-[bcdfghjklmnpqrstvwxz2456789]{5}$")
        let hashes = Set(names.compactMap { try? pattern.wholeMatch(in: $0)?.output[1].substring.map(String.init) })
        #expect(hashes.count == 1, "\(names)")
        let hash = hashes.first ?? ""
        for pod in pods {
            let metadata = try #require(pod["metadata"] as? [String: Any])
            #expect(metadata["labels"] as? [String: String] == ["app": "web", "pod-template-hash": hash])
            let owner = try #require((metadata["ownerReferences"] as? [[String: Any]])?.first)
            #expect(owner["kind"] as? String == "ReplicaSet")
            #expect(owner["name"] as? String == "web-\(hash)")
            #expect(owner["controller"] as? Bool == true)
            #expect((pod["status"] as? [String: Any])?["phase"] as? String == "Succeeded")
        }
    }

    @Test func aStatefulSetStartsInOrderAndIsDeletedInReverse() throws {
        let directory = try Tandem.temporaryDirectory()
        let order = directory.appendingPathComponent("order")
        let (_, file) = try Tandem.manifest(named: "db.yaml", """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              replicas: 3
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  initContainers:
                  - name: proxy
                    image: busybox
                    restartPolicy: Always
                    env: [{name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
                    command: ["sh", "-c", "echo proxy-start $POD >> \(order.path); trap 'echo proxy-stop $POD >> \(order.path); exit 0' TERM; while :; do sleep 0.05; done"]
                  containers:
                  - name: app
                    image: busybox
                    env: [{name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
                    command: ["sh", "-c", "echo app-start $POD $HOSTNAME >> \(order.path); touch \(directory.path)/ready-$POD; trap 'sleep 0.2; echo app-stop $POD >> \(order.path); exit 0' TERM; while :; do sleep 0.05; done"]
                    readinessProbe:
                      # $(POD) would stay as is: probes expand only static env values (ExpandContainerCommandOnlyStatic).
                      exec: {command: ["sh", "-c", "test -f \(directory.path)/ready-$POD"]}
                      periodSeconds: 1
            """)
        let status = directory.appendingPathComponent("status.json")
        let (result, ready) = try runUntilInterrupted(["run", "--status-file", status.path, file.path]) {
            lines(order).count == 6
        }
        #expect(ready)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(lines(order) == [
            "proxy-start db-0", "app-start db-0 db-0",
            "proxy-start db-1", "app-start db-1 db-1",
            "proxy-start db-2", "app-start db-2 db-2",
            "app-stop db-2", "proxy-stop db-2",
            "app-stop db-1", "proxy-stop db-1",
            "app-stop db-0", "proxy-stop db-0",
        ])
        let controllerLines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("StatefulSet/db") }.map {
            $0.replacingOccurrences(of: " +", with: " ", options: .regularExpression)
                .replacingOccurrences(of: " \\+[0-9]+\\.[0-9]{3}s ", with: " ", options: .regularExpression)
        }
        #expect(controllerLines == [
            "StatefulSet/db * SuccessfulCreate: create Pod db-0 in StatefulSet db successful",
            "StatefulSet/db * SuccessfulCreate: create Pod db-1 in StatefulSet db successful",
            "StatefulSet/db * SuccessfulCreate: create Pod db-2 in StatefulSet db successful",
            "StatefulSet/db * SuccessfulDelete: delete Pod db-2 in StatefulSet db successful",
            "StatefulSet/db * SuccessfulDelete: delete Pod db-1 in StatefulSet db successful",
            "StatefulSet/db * SuccessfulDelete: delete Pod db-0 in StatefulSet db successful",
            "StatefulSet/db * StatefulSet db deleted",
        ])
        let pods = try items(status)
        #expect(pods.count == 3)
        for (ordinal, pod) in pods.enumerated() {
            let metadata = try #require(pod["metadata"] as? [String: Any])
            #expect(metadata["name"] as? String == "db-\(ordinal)")
            let labels = try #require(metadata["labels"] as? [String: String])
            #expect(labels["statefulset.kubernetes.io/pod-name"] == "db-\(ordinal)")
            #expect(labels["apps.kubernetes.io/pod-index"] == "\(ordinal)")
            #expect(labels["controller-revision-hash"]?.hasPrefix("db-") == true)
            let spec = try #require(pod["spec"] as? [String: Any])
            #expect(spec["hostname"] as? String == "db-\(ordinal)")
            #expect(spec["subdomain"] as? String == "db")
        }
    }

    @Test func aCronJobRunsOnceAsItsJob() throws {
        let (directory, file) = try Tandem.manifest(named: "cron.yaml", """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: report}
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                metadata: {labels: {team: data}}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: main, image: busybox, command: ["sh", "-c", "echo report done"]}
            """)
        let status = directory.appendingPathComponent("status.json")
        let before = Int(Date().timeIntervalSince1970) / 60
        let result = try Tandem.run(["run", "--status-file", status.path, file.path], limit: 30)
        let after = Int(Date().timeIntervalSince1970) / 60
        #expect(!result.killed)
        #expect(result.result.status == 0, "\(result.result.stderr)")
        #expect(result.result.stdout == "main | report done\n")
        let pod = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: status)) as? [String: Any])
        let metadata = try #require(pod["metadata"] as? [String: Any])
        let labels = try #require(metadata["labels"] as? [String: String])
        let job = try #require(labels["job-name"])
        #expect((before...after).map { "report-\($0)" }.contains(job), "\(job)")
        #expect(metadata["name"] as? String == "\(job)-0")
        #expect(labels["team"] == nil, "the Job's labels are not the pod's")
        #expect(result.result.stderr.contains("* Job \(job) completed\n"), "\(result.result.stderr)")
    }

    @Test func aDaemonSetRunsOnePodOnThisNode() throws {
        let scratch = try Tandem.temporaryDirectory()
        let seen = scratch.appendingPathComponent("seen")
        let (directory, file) = try Tandem.manifest(named: "ds.yaml", """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  containers:
                  - name: agent
                    image: busybox
                    command: ["sh", "-c", "echo $HOSTNAME > \(seen.path); trap 'exit 0' TERM; while :; do sleep 0.05; done"]
            """)
        let status = directory.appendingPathComponent("status.json")
        let (result, ready) = try runUntilInterrupted(["run", "--quiet", "--status-file", status.path, file.path]) {
            lines(seen).count == 1
        }
        #expect(ready)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(maskedRunDirectory(result.stderr) == "tandem: logs and events of this run in RUN\n"
            + "tandem: deleting daemonset agent and its pods (grace 30s; Ctrl-C again to kill now)\n")
        let pods = try items(status)
        #expect(pods.count == 1)
        let metadata = try #require(pods.first?["metadata"] as? [String: Any])
        let name = try #require(metadata["name"] as? String)
        #expect(name.wholeMatch(of: try Regex("agent-[bcdfghjklmnpqrstvwxz2456789]{5}")) != nil, "\(name)")
        let labels = try #require(metadata["labels"] as? [String: String])
        #expect(labels["pod-template-generation"] == "1")
        #expect(labels["controller-revision-hash"]?.isEmpty == false)
        #expect((metadata["ownerReferences"] as? [[String: Any]])?.first?["kind"] as? String == "DaemonSet")
        #expect(lines(seen) == [name])
    }
}

/// `tandem: logs and events of this run in RUN`: the run directory's name changes from run to run.
private func maskedRunDirectory(_ text: String) -> String {
    text.replacingOccurrences(of: "(?m)^tandem: logs and events of this run in .*$",
                              with: "tandem: logs and events of this run in RUN", options: .regularExpression)
}
