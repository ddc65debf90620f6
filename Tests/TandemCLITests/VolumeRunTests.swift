import Foundation
import Testing

/// `tandem run` on multi-document files holding the ConfigMaps and Secrets their pods read,
/// through env, envFrom and volumes: what the containers see (contents, modes, read-only
/// mounts), and the kubelet's Waiting states and events when something is missing.
/// Bind mounts need a private mount namespace, which needs root until user namespaces land.
@Suite(.serialized, .enabled(if: geteuid() == 0, "bind mounts need root"))
struct VolumeRunTests {
    /// Writes `text` (with DIR replaced by a fresh directory) and runs it with `options`.
    func run(_ text: String, _ options: [String] = []) throws -> (result: Tandem.Result, directory: URL, status: [String: Any]?) {
        let directory = try Tandem.temporaryDirectory()
        let file = directory.appendingPathComponent("app.yaml")
        let status = directory.appendingPathComponent("status.json")
        try text.replacingOccurrences(of: "DIR", with: directory.path).write(to: file, atomically: true, encoding: .utf8)
        let result = try Tandem.run(["run", "--log-dir", directory.appendingPathComponent("run").path,
                                     "--status-file", status.path] + options + [file.path])
        let pod = (try? Data(contentsOf: status)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return (result, directory, pod)
    }

    /// The plain lines' offsets from the start (`+0.062s`) vary from run to run: each masked as `+S`.
    func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #"\+\d+\.\d{3}s"#, with: "+S", options: .regularExpression)
    }

    /// The run's `events.jsonl` (under `DIR/run`), one `TYPE REASON FIELDPATH xCOUNT: MESSAGE` per
    /// line in the order written; names, uids and times vary and are left out.
    func events(_ directory: URL) throws -> [String] {
        let text = try String(contentsOf: directory.appendingPathComponent("run/events.jsonl"), encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let event = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
            let path = (event["involvedObject"] as? [String: Any])?["fieldPath"] as? String ?? "-"
            return "\(event["type"] ?? "") \(event["reason"] ?? "") \(path) x\(event["count"] ?? ""): \(event["message"] ?? "")"
        }
    }

    /// The end of every run's standard error: the last line says where the logs are.
    func footer(_ directory: URL, width: Int) -> String {
        "tandem" + String(repeating: " ", count: width - 6) + " * container logs (CRI format, one file per run) and events: "
            + directory.appendingPathComponent("run").path + "\n"
    }

    func states(_ pod: [String: Any]?) -> [String: [String: String]] {
        let statuses = (pod?["status"] as? [String: Any])?["containerStatuses"] as? [[String: Any]] ?? []
        var found: [String: [String: String]] = [:]
        for status in statuses {
            let state = status["state"] as? [String: Any]
            let waiting = state?["waiting"] as? [String: String]
            found[status["name"] as? String ?? ""] = waiting ?? ["state": state?.keys.sorted().joined() ?? ""]
        }
        return found
    }

    @Test func aPodReadsItsConfigMapAndSecretThroughEnvEnvFromAndVolumes() throws {
        let (result, directory, _) = try run("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app-config}
            data:
              greeting: hello
              LOG_LEVEL: debug
              app.properties: |
                color=blue
            binaryData:
              blob: AAEC
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: app-secret}
            type: Opaque
            data:
              password: czNjcjN0
            stringData:
              token: abc
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web, tier: front}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command:
                - sh
                - -c
                - |
                  echo "env: $GREETING $CFG_LOG_LEVEL $PASSWORD $token"
                  cd DIR/mnt
                  ls -A config | sed -E 's/^[.][.]2[0-9]{3}(_[0-9]{2}){5}[.][0-9]{9}$/..STAMP/' | tr '\\n' ' '; echo
                  cat config/greeting; echo
                  stat -L -c '%a %n' config/app.properties secret/password secret/token items/conf/color.txt
                  od -An -tx1 config/blob
                  cat secret/password secret/token; echo
                  cat pod/labels; echo
                  cat one/greeting.txt; echo
                  cat items/conf/color.txt
                  touch config/new 2>/dev/null || echo "config is read-only"
                  touch scratch/new && echo "scratch is writable"
                env:
                - name: GREETING
                  valueFrom:
                    configMapKeyRef: {name: app-config, key: greeting}
                - name: PASSWORD
                  valueFrom:
                    secretKeyRef: {name: app-secret, key: password}
                - name: ABSENT
                  valueFrom:
                    configMapKeyRef: {name: app-config, key: absent, optional: true}
                envFrom:
                - prefix: CFG_
                  configMapRef: {name: app-config}
                - secretRef: {name: app-secret}
                volumeMounts:
                - {name: config, mountPath: DIR/mnt/config}
                - {name: secret, mountPath: DIR/mnt/secret}
                - {name: pod, mountPath: DIR/mnt/pod}
                - {name: config, mountPath: DIR/mnt/one/greeting.txt, subPath: greeting}
                - {name: items, mountPath: DIR/mnt/items}
                - {name: scratch, mountPath: DIR/mnt/scratch}
              volumes:
              - name: config
                configMap: {name: app-config}
              - name: secret
                secret: {secretName: app-secret, defaultMode: 0400}
              - name: items
                configMap:
                  name: app-config
                  items:
                  - {key: app.properties, path: conf/color.txt, mode: 0600}
              - name: pod
                downwardAPI:
                  items:
                  - path: labels
                    fieldRef: {fieldPath: metadata.labels}
              - name: scratch
                emptyDir: {}
            """)
        #expect(result.status == 0, "\(result.stderr)")
        _ = directory
        #expect(result.stdout == """
            app | env: hello debug s3cr3t abc
            app | ..STAMP ..data LOG_LEVEL app.properties blob greeting 
            app | hello
            app | 644 config/app.properties
            app | 400 secret/password
            app | 400 secret/token
            app | 600 items/conf/color.txt
            app |  00 01 02
            app | s3cr3tabc
            app | app="web"
            app | tier="front"
            app | hello
            app | color=blue
            app | config is read-only
            app | scratch is writable

            """)
    }

    @Test func missingKeysObjectsAndARootUserKeepContainersWaitingWithTheKubeletsWords() throws {
        let (result, directory, pod) = try run("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app-config, namespace: shop}
            data: {a: "1"}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: stuck, namespace: shop, uid: 0f4c1a7e}
            spec:
              restartPolicy: Never
              activeDeadlineSeconds: 2
              containers:
              - name: key
                image: busybox
                command: ["true"]
                env:
                - name: X
                  valueFrom:
                    configMapKeyRef: {name: app-config, key: nope}
              - name: object
                image: busybox
                command: ["true"]
                envFrom:
                - secretRef: {name: creds}
              - name: root
                image: busybox
                command: ["true"]
                securityContext: {runAsNonRoot: true}
            """, ["--initial-backoff", "0.8"])
        #expect(result.status == 1)
        #expect(states(pod) == [
            "key": ["reason": "CreateContainerConfigError", "message": "couldn't find key nope in ConfigMap shop/app-config"],
            "object": ["reason": "CreateContainerConfigError", "message": "secret \"creds\" not found"],
            "root": ["reason": "CreateContainerConfigError",
                     "message": "container has runAsNonRoot and image will run as root (pod: \"stuck_shop(0f4c1a7e)\", container: root)"],
        ])
        // Three containers, each tried at 0 s, 0.8 s and 1.6 s before the deadline at 2 s; the
        // kubelet's repeated event is aggregated (same name, count incremented).
        let key = "Warning Failed spec.containers{key} x%d: Error: couldn't find key nope in ConfigMap shop/app-config"
        let object = "Warning Failed spec.containers{object} x%d: Error: secret \"creds\" not found"
        let root = "Warning Failed spec.containers{root} x%d: Error: container has runAsNonRoot and image will run as root "
            + "(pod: \"stuck_shop(0f4c1a7e)\", container: root)"
        #expect(try events(directory) == (1...3).flatMap { count in [key, object, root].map { String(format: $0, count) } } + [
            "Normal DeadlineExceeded - x1: Pod was active on the node longer than the specified deadline",
            "Normal PodPhase - x1: Pod stuck is Failed",
        ])
        let tries = """
            key    * +S Warning Failed: Error: couldn't find key nope in ConfigMap shop/app-config
            object * +S Warning Failed: Error: secret "creds" not found
            root   * +S Warning Failed: Error: container has runAsNonRoot and image will run as root (pod: "stuck_shop(0f4c1a7e)", container: root)

            """
        #expect(masked(result.stderr) == "tandem: logs and events of this run in \(directory.path)/run\n"
            + tries + tries + tries + """
            stuck  * +S DeadlineExceeded: Pod was active on the node longer than the specified deadline
            stuck  * +S Pod stuck is Failed
            stuck  * pod stuck Failed

            CONTAINER  ROLE  EXIT  REASON                      RESTARTS  STARTED → FINISHED
            key        main  -     CreateContainerConfigError  0         - → -
            object     main  -     CreateContainerConfigError  0         - → -
            root       main  -     CreateContainerConfigError  0         - → -
            pod stuck Failed: active deadline exceeded

            """ + footer(directory, width: 6))
    }

    @Test func aMissingVolumeSourceIsAFailedMountAndTheContainerStaysCreating() throws {
        let (result, directory, pod) = try run("""
            apiVersion: v1
            kind: Pod
            metadata: {name: nomount}
            spec:
              restartPolicy: Never
              activeDeadlineSeconds: 1
              containers:
              - name: app
                image: busybox
                command: ["true"]
                volumeMounts: [{name: creds, mountPath: DIR/creds}]
              volumes:
              - name: creds
                secret: {secretName: nope}
            """)
        #expect(result.status == 1)
        #expect(states(pod) == ["app": ["reason": "ContainerCreating"]])
        #expect(masked(result.stderr) == """
            tandem: logs and events of this run in \(directory.path)/run
            nomount * +S Warning FailedMount: MountVolume.SetUp failed for volume "creds" : secret "nope" not found
            nomount * +S DeadlineExceeded: Pod was active on the node longer than the specified deadline
            nomount * +S Pod nomount is Failed
            nomount * pod nomount Failed

            CONTAINER  ROLE  EXIT  REASON      RESTARTS  STARTED → FINISHED
            app        main  -     NotStarted  0         - → -
            pod nomount Failed: active deadline exceeded

            """ + footer(directory, width: 7))
        #expect(try events(directory).first
            == "Warning FailedMount - x1: MountVolume.SetUp failed for volume \"creds\" : secret \"nope\" not found")
    }

    @Test func runAsUserGivesANonRootContainerItsUser() throws {
        let (result, directory, _) = try run("""
            apiVersion: v1
            kind: Pod
            metadata: {name: nonroot}
            spec:
              restartPolicy: Never
              securityContext: {runAsNonRoot: true, supplementalGroups: [3000], fsGroup: 2000}
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "id -u; id -G; stat -c '%a %g' DIR/scratch"]
                securityContext:
                  capabilities: {drop: [ALL]}
                  readOnlyRootFilesystem: true
                volumeMounts: [{name: scratch, mountPath: DIR/scratch}]
              volumes:
              - {name: scratch, emptyDir: {}}
            """, ["--run-as-user", "1000"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "app | 1000\napp | 0 2000 3000\napp | 2777 2000\n")
        #expect(masked(result.stderr) == """
            tandem: logs and events of this run in \(directory.path)/run
            nonroot * securityContext fields a process runtime cannot honour (ignored): \
            spec.containers[0].securityContext.capabilities, spec.containers[0].securityContext.readOnlyRootFilesystem
            app     * +S Started container app
            app     * +S Container app is ready
            nonroot * +S Pod nonroot is Running
            app     * +S Container app exited with code 0
            app     * +S Container app is not ready
            nonroot * +S Pod nonroot is Succeeded
            nonroot * pod nonroot Succeeded

            CONTAINER  ROLE  EXIT  REASON     RESTARTS  STARTED → FINISHED
            app        main  0     Completed  0         +S → +S
            pod nonroot Succeeded: app exited 0

            """ + footer(directory, width: 7))
    }

    /// A pod as `kubectl get pod -o yaml` prints it: status, server fields and the projected
    /// `kube-api-access-…` volume every pod gets (token, ca.crt, namespace).
    @Test func aKubectlCopyWithItsServiceAccountVolumeRuns() throws {
        let (result, directory, _) = try run("""
            apiVersion: v1
            kind: Pod
            metadata:
              creationTimestamp: "2026-11-29T10:00:00Z"
              labels: {app: api, pod-template-hash: 7d9f8c6b5}
              name: api-7d9f8c6b5-x2k4q
              namespace: shop
              resourceVersion: "12345"
              uid: 0f4c1a7e-2b8d-4c1e-9a55-3d6f7e8a9b10
            spec:
              containers:
              - name: api
                image: registry.example/api:1.2
                command:
                - sh
                - -c
                - |
                  cd DIR/sa
                  ls
                  cat namespace; echo
                  head -n 1 ca.crt
                  tr -cd . < token | wc -c
                  cut -d. -f2 token | tr '_-' '/+' | base64 -d 2>/dev/null | grep -o '"namespace":"shop"'
                  cat DIR/info/cpu DIR/info/mem; echo
                resources:
                  limits: {cpu: 500m, memory: 256Mi}
                terminationMessagePath: /dev/termination-log
                terminationMessagePolicy: File
                volumeMounts:
                - {mountPath: DIR/sa, name: kube-api-access-abcde, readOnly: true}
                - {mountPath: DIR/info, name: info}
              dnsPolicy: ClusterFirst
              enableServiceLinks: true
              nodeName: node-1
              preemptionPolicy: PreemptLowerPriority
              priority: 0
              restartPolicy: Never
              schedulerName: default-scheduler
              securityContext: {}
              serviceAccount: default
              serviceAccountName: default
              terminationGracePeriodSeconds: 30
              tolerations:
              - {effect: NoExecute, key: node.kubernetes.io/not-ready, operator: Exists, tolerationSeconds: 300}
              volumes:
              - name: kube-api-access-abcde
                projected:
                  defaultMode: 420
                  sources:
                  - serviceAccountToken: {expirationSeconds: 3607, path: token}
                  - configMap:
                      items: [{key: ca.crt, path: ca.crt}]
                      name: kube-root-ca.crt
                  - downwardAPI:
                      items:
                      - fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}
                        path: namespace
              - name: info
                downwardAPI:
                  items:
                  - path: cpu
                    resourceFieldRef: {containerName: api, resource: limits.cpu, divisor: 1m}
                  - path: mem
                    resourceFieldRef: {containerName: api, resource: limits.memory, divisor: 1Mi}
            status:
              phase: Running
              podIP: 10.0.0.5
            """)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            api | ca.crt
            api | namespace
            api | token
            api | shop
            api | -----BEGIN CERTIFICATE-----
            api | 2
            api | "namespace":"shop"
            api | 500256

            """)
        #expect(masked(result.stderr) == """
            tandem: logs and events of this run in \(directory.path)/run
            api-7d9f8c6b5-x2k4q * volume "kube-api-access-abcde": the service-account token is a well-formed fake \
            (no API server accepts it); ca.crt is a placeholder
            api                 * +S Started container api
            api                 * +S Container api is ready
            api-7d9f8c6b5-x2k4q * +S Pod api-7d9f8c6b5-x2k4q is Running
            api                 * +S Container api exited with code 0
            api                 * +S Container api is not ready
            api-7d9f8c6b5-x2k4q * +S Pod api-7d9f8c6b5-x2k4q is Succeeded
            api-7d9f8c6b5-x2k4q * pod api-7d9f8c6b5-x2k4q Succeeded

            CONTAINER  ROLE  EXIT  REASON     RESTARTS  STARTED → FINISHED
            api        main  0     Completed  0         +S → +S
            pod api-7d9f8c6b5-x2k4q Succeeded: api exited 0

            """ + footer(directory, width: 19))
    }

    @Test func configMapsAndSecretsAreValidatedAsTheAPIServerDoes() throws {
        let (result, directory, _) = try run("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: bad}
            data: {"a b": "1", ok: "2"}
            binaryData: {ok: AA==}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: tls}
            type: kubernetes.io/tls
            data: {tls.crt: "bm90!"}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers: [{name: app, image: busybox, command: ["true"]}]
            """)
        let file = directory.path + "/app.yaml"
        #expect(result.status == 2)
        #expect(result.stderr == """
            \(file): The ConfigMap "bad" is invalid:
            * data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')
            * data[ok]: Invalid value: "ok": duplicate of key present in binaryData
            \(file): The Secret "tls" is invalid: data[tls.key]: Required value

            """)
        let typo = try run("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: typo}
            dta: {a: "1"}
            """)
        #expect(typo.result.status == 2)
        #expect(typo.result.stderr == "tandem: \(typo.directory.path)/app.yaml: unknown field \"dta\" (line 4, column 1); did you mean \"data\"?\n")
    }
}

extension VolumeRunTests {
    @Test func configMapsAndSecretsFromDirectories() throws {
        let directory = try Tandem.temporaryDirectory()
        let files = directory.appendingPathComponent("files"), creds = directory.appendingPathComponent("creds")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: creds, withIntermediateDirectories: true)
        try "x=1\n".write(to: files.appendingPathComponent("app.conf"), atomically: true, encoding: .utf8)
        try Data([0, 0xff]).write(to: files.appendingPathComponent("raw.bin"))
        try "hunter2".write(to: creds.appendingPathComponent("pw"), atomically: true, encoding: .utf8)
        let text = """
            apiVersion: v1
            kind: Pod
            metadata: {name: fromdir}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "echo $PW; cat DIR/m/app.conf; od -An -tx1 DIR/m/raw.bin"]
                env:
                - name: PW
                  valueFrom: {secretKeyRef: {name: creds, key: pw}}
                volumeMounts: [{name: c, mountPath: DIR/m}]
              volumes:
              - {name: c, configMap: {name: files}}
            """
        let (result, _, _) = try run(text, ["--configmap", "files=\(files.path)", "--secret", "default/creds=\(creds.path)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "app | hunter2\napp | x=1\napp |  00 ff\n")
        let missing = try run(text, ["--configmap", "files=/nonexistent"])
        #expect(missing.result.status == 2)
        #expect(missing.result.stderr == "tandem: --configmap \"files=/nonexistent\": /nonexistent: No such file or directory\n")
    }
}

extension VolumeRunTests {
    /// The kubelet tears a pod's volumes down with it: no Secret stays on disk after the run,
    /// while the logs beside them do.
    @Test func volumesAreRemovedAfterTheRunAndLogsKept() throws {
        let (result, directory, _) = try run("""
            apiVersion: v1
            kind: Secret
            metadata: {name: s}
            stringData: {k: v}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: gone}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: ["cat", "DIR/s/k"]
                volumeMounts: [{name: s, mountPath: DIR/s}]
              volumes:
              - {name: s, secret: {secretName: s}}
            """)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "app | v\n")
        let pod = directory.appendingPathComponent("run/gone").path
        #expect(!FileManager.default.fileExists(atPath: pod + "/volumes"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("run").path))
    }

    /// `emptyDir.medium: Memory` is a tmpfs of `sizeLimit` shared by the pod's containers, unmounted
    /// and removed with the pod (as root; elsewhere a plain directory with a note).
    @Test func aMemoryEmptyDirIsATmpfsOfItsSizeLimit() throws {
        let (directory, file) = try Tandem.manifest(named: "mem.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: mem}
            spec:
              restartPolicy: Never
              volumes:
              - {name: cache, emptyDir: {medium: Memory, sizeLimit: 16Mi}}
              initContainers:
              - {name: fill, image: busybox, volumeMounts: [{name: cache, mountPath: /cache}],
                 command: ["sh", "-c", "echo shared > /cache/x"]}
              containers:
              - name: a
                image: busybox
                volumeMounts: [{name: cache, mountPath: /cache}]
                command: ["sh", "-c", "stat -f -c %T /cache; df -k /cache | tail -1 | awk '{print $2}'; cat /cache/x"]
            """)
        let run = directory.appendingPathComponent("run")
        let result = try Tandem.run(["run", "--output", "quiet", "--log-dir", run.path, file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "tandem: logs and events of this run in \(run.path)\n")
        let log = try String(contentsOf: run.appendingPathComponent("mem/a/0.log"), encoding: .utf8)
        let records = log.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? "" }
        #expect(records == ["stdout F tmpfs", "stdout F 16384", "stdout F shared"])
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("mem/volumes").path))
    }
}
