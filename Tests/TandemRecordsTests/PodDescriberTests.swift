import Foundation
import Glibc
import Testing
import TandemAPI
@testable import TandemRecords

/// The describe formatter against text written by hand from kubectl's describe.go: Go
/// tabwriter blocks (a line without a tab ends a column block), `<none>` placeholders, local
/// RFC 1123Z times (TZ=UTC here), HumanDuration ages and the `(x3 over …)` aggregation.
@Suite struct PodDescriberTests {
    init() {
        setenv("TZ", "UTC", 1)
        tzset()
    }

    static func time(_ text: String) -> RecordTime {
        RecordTime(rfc3339: text) ?? RecordTime(nanosecondsSinceEpoch: 0)
    }

    static func quantity(_ text: String) -> Quantity {
        (try? JSONDecoder().decode(Quantity.self, from: Data("\"\(text)\"".utf8))) ?? Quantity(-1)
    }

    static let pod: Pod = {
        var proxy = Container(name: "proxy", image: "envoy")
        proxy.restartPolicy = "Always"
        proxy.ports = [ContainerPort(name: "proxy", containerPort: 15001, protocol: "TCP")]
        proxy.startupProbe = Probe(tcpSocket: TCPSocketAction(port: .int(15001)), initialDelaySeconds: 0, timeoutSeconds: 1,
                                   periodSeconds: 1, successThreshold: 1, failureThreshold: 30)
        proxy.resources = ResourceRequirements(limits: ["memory": quantity("128Mi")], requests: ["cpu": quantity("100m"), "memory": quantity("64Mi")])
        var app = Container(name: "app", image: "busybox", command: ["sh", "-c", "echo hi"])
        app.ports = [ContainerPort(name: "http", containerPort: 8080, protocol: "TCP"), ContainerPort(containerPort: 9090, protocol: "TCP")]
        app.env = [EnvVar(name: "MODE", value: "test"),
                   EnvVar(name: "POD_NAME", valueFrom: EnvVarSource(fieldRef: ObjectFieldSelector(apiVersion: "v1", fieldPath: "metadata.name")))]
        app.readinessProbe = Probe(httpGet: HTTPGetAction(path: "/healthz", port: .int(8080), scheme: "HTTP"), initialDelaySeconds: 0,
                                   timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3)
        app.volumeMounts = [VolumeMount(name: "config", readOnly: true, mountPath: "/etc/app", subPath: "app.conf"),
                            VolumeMount(name: "data", mountPath: "/data")]
        var spec = PodSpec()
        spec.initContainers = [proxy]
        spec.containers = [app]
        spec.volumes = [Volume(name: "data", emptyDir: EmptyDirVolumeSource()),
                        Volume(name: "config", hostPath: HostPathVolumeSource(path: "/srv/config", type: "Directory"))]
        spec.tolerations = [.object(["key": .string("node.kubernetes.io/not-ready"), "operator": .string("Exists"),
                                     "effect": .string("NoExecute"), "tolerationSeconds": .number(300)])]
        var status = PodStatus(phase: "Running", podIP: "127.0.0.1", podIPs: [HostIP(ip: "127.0.0.1")],
                               startTime: "2026-11-30T06:00:00Z", qosClass: "Burstable")
        status.conditions = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map {
            PodCondition(type: $0, status: ($0 == "Ready" || $0 == "ContainersReady") ? "False" : "True")
        }
        status.initContainerStatuses = [ContainerStatus(
            name: "proxy",
            state: ContainerState(running: ContainerStateRunning(startedAt: "2026-11-30T06:00:05Z")),
            lastState: ContainerState(terminated: ContainerStateTerminated(exitCode: 3, reason: "Error",
                                                                          startedAt: "2026-11-30T06:00:01Z", finishedAt: "2026-11-30T06:00:02Z")),
            ready: true, restartCount: 2, started: true)]
        status.containerStatuses = [ContainerStatus(
            name: "app", state: ContainerState(running: ContainerStateRunning(startedAt: "2026-11-30T06:00:06Z")),
            ready: false, restartCount: 0, started: true)]
        return Pod(metadata: ObjectMeta(name: "web", namespace: "default", uid: "0b5f…", labels: ["tier": "front", "app": "web"],
                                        annotations: ["note": "hi"]),
                   spec: spec, status: status)
    }()

    static func event(_ reason: String, _ type: String, _ fieldPath: String, _ message: String, at: String,
                      last: String? = nil, count: Int32 = 1, component: String = "kubelet") -> Event {
        Event(metadata: ObjectMeta(name: "web.\(reason)"),
              involvedObject: ObjectReference(apiVersion: "v1", kind: "Pod", name: "web", namespace: "default", fieldPath: fieldPath),
              reason: reason, message: message, type: type, source: EventSource(component: component),
              firstTimestamp: String(at.prefix(19)) + "Z", lastTimestamp: last ?? String(at.prefix(19)) + "Z",
              count: count, eventTime: at, reportingComponent: nil, reportingInstance: nil)
    }

    @Test func aRunningPodWithARestartedSidecarAndEvents() {
        let events = [
            Self.event("Unhealthy", "Warning", "spec.containers{app}", "Readiness probe failed: HTTP probe failed with statuscode: 503",
                       at: "2026-11-30T06:09:30.000000Z"),
            Self.event("Created", "Normal", "spec.initContainers{proxy}", "Created container: proxy", at: "2026-11-30T06:00:01.000000Z"),
            Self.event("SidecarStarted", "Normal", "spec.initContainers{proxy}", "Sidecar proxy started (startupProbe passed)",
                       at: "2026-11-30T06:00:02.500000Z", component: "tandem"),
            Self.event("BackOff", "Warning", "spec.initContainers{proxy}", "Back-off restarting failed container proxy in pod web_default(0b5f…)",
                       at: "2026-11-30T06:00:03.000000Z", last: "2026-11-30T06:08:00Z", count: 3),
            Self.event("Started", "Normal", "spec.initContainers{proxy}", "Started container proxy ", at: "2026-11-30T06:00:02.000000Z"),
        ]
        let text = PodDescriber(pod: Self.pod, events: events, now: Self.time("2026-11-30T06:10:00Z")).render()
        let expected = [
            "Name:         web",
            "Namespace:    default",
            "Node:         <none>",
            "Start Time:   Mon, 30 Nov 2026 06:00:00 +0000",
            "Labels:       app=web",
            "              tier=front",
            "Annotations:  note: hi",
            "Status:       Running",
            "IP:           127.0.0.1",
            "IPs:",
            "  IP:  127.0.0.1",
            "Init Containers:",
            "  proxy:",
            "    Container ID:   ",
            "    Image:          envoy",
            "    Image ID:       ",
            "    Port:           15001/TCP (proxy)",
            "    Host Port:      0/TCP (proxy)",
            "    State:          Running",
            "      Started:      Mon, 30 Nov 2026 06:00:05 +0000",
            "    Last State:     Terminated",
            "      Reason:       Error",
            "      Exit Code:    3",
            "      Started:      Mon, 30 Nov 2026 06:00:01 +0000",
            "      Finished:     Mon, 30 Nov 2026 06:00:02 +0000",
            "    Ready:          True",
            "    Restart Count:  2",
            "    Limits:",
            "      memory:  128Mi",
            "    Requests:",
            "      cpu:        100m",
            "      memory:     64Mi",
            "    Startup:      tcp-socket :15001 delay=0s timeout=1s period=1s successThreshold=1 failureThreshold=30",
            "    Environment:  <none>",
            "    Mounts:       <none>",
            "Containers:",
            "  app:",
            "    Container ID:  ",
            "    Image:         busybox",
            "    Image ID:      ",
            "    Ports:         8080/TCP (http), 9090/TCP",
            "    Host Ports:    0/TCP (http), 0/TCP",
            "    Command:",
            "      sh",
            "      -c",
            "      echo hi",
            "    State:          Running",
            "      Started:      Mon, 30 Nov 2026 06:00:06 +0000",
            "    Ready:          False",
            "    Restart Count:  0",
            "    Readiness:      http-get http://:8080/healthz delay=0s timeout=1s period=10s successThreshold=1 failureThreshold=3",
            "    Environment:",
            "      MODE:      test",
            "      POD_NAME:  web (v1:metadata.name)",
            "    Mounts:",
            "      /data from data (rw)",
            "      /etc/app from config (ro,path=\"app.conf\")",
            "Conditions:",
            "  Type                        Status",
            "  PodReadyToStartContainers   True ",
            "  Initialized                 True ",
            "  Ready                       False ",
            "  ContainersReady             False ",
            "  PodScheduled                True ",
            "Volumes:",
            "  data:",
            "    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)",
            "    Medium:     ",
            "    SizeLimit:  <unset>",
            "  config:",
            "    Type:          HostPath (bare host directory volume)",
            "    Path:          /srv/config",
            "    HostPathType:  Directory",
            "QoS Class:         Burstable",
            "Node-Selectors:    <none>",
            "Tolerations:       node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
            "Events:",
            "  Type     Reason     Age                 From     Message",
            "  ----     ------     ----                ----     -------",
            "  Normal   Created    9m59s               kubelet  spec.initContainers{proxy}: Created container: proxy",
            "  Normal   Started    9m58s               kubelet  spec.initContainers{proxy}: Started container proxy",
            "  Warning  BackOff    2m (x3 over 9m57s)  kubelet  spec.initContainers{proxy}: Back-off restarting failed container proxy in pod web_default(0b5f…)",
            "  Warning  Unhealthy  30s                 kubelet  spec.containers{app}: Readiness probe failed: HTTP probe failed with statuscode: 503",
            "",
        ].joined(separator: "\n")
        #expect(text == expected)
    }

    @Test func aPodWithoutStatusOrEventsPrintsPlaceholders() {
        var spec = PodSpec()
        spec.containers = [Container(name: "app", image: "busybox")]
        let text = PodDescriber(pod: Pod(metadata: ObjectMeta(name: "bare"), spec: spec), events: [], now: Self.time("2026-11-30T06:10:00Z")).render()
        #expect(text == """
            Name:         bare
            Namespace:    default
            Node:         <none>
            Labels:       <none>
            Annotations:  <none>
            Status:       
            IP:           
            IPs:          <none>
            Containers:
              app:
                Image:        busybox
                Port:         <none>
                Host Port:    <none>
                Environment:  <none>
                Mounts:       <none>
            Volumes:          <none>
            QoS Class:        BestEffort
            Node-Selectors:   <none>
            Tolerations:      <none>
            Events:           <none>

            """)
    }

    @Test func terminatedStatesAndTerminatingPods() {
        var spec = PodSpec()
        spec.containers = [Container(name: "app", image: "busybox")]
        var status = PodStatus(phase: "Running")
        status.containerStatuses = [ContainerStatus(name: "app", state: ContainerState(terminated: ContainerStateTerminated(
            exitCode: 143, signal: 15, reason: "Error", message: "bye", startedAt: "2026-11-30T06:00:00Z", finishedAt: nil)),
            ready: false, restartCount: 0)]
        let metadata = ObjectMeta(name: "dying", namespace: "default", deletionTimestamp: "2026-11-30T06:09:15Z", deletionGracePeriodSeconds: 30)
        let text = PodDescriber(pod: Pod(metadata: metadata, spec: spec, status: status), events: [],
                                now: Self.time("2026-11-30T06:10:00Z")).render()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("Status:                    Terminating (lasts 45s)"))
        #expect(lines.contains("Termination Grace Period:  30s"))
        #expect(lines.contains("    State:          Terminated"))
        #expect(lines.contains("      Message:      bye"))
        #expect(lines.contains("      Signal:       15"))
        #expect(lines.contains("      Finished:     Mon, 01 Jan 0001 00:00:00 +0000"))
    }
}
