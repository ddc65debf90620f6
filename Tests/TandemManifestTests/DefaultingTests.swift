import Foundation
import TandemAPI
import TandemManifest
import Testing

@Suite("Defaulting")
struct DefaultingTests {
    private func defaulted(_ text: String) throws -> Pod {
        var pod = try decodePod(text)
        Defaulting.apply(to: &pod)
        return pod
    }

    @Test func podSpecDefaults() throws {
        let pod = try defaulted("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: busybox}]\n")
        let spec = try #require(pod.spec)
        #expect(spec.restartPolicy == "Always")
        #expect(spec.terminationGracePeriodSeconds == 30)
        #expect(spec.dnsPolicy == "ClusterFirst")
        #expect(spec.schedulerName == "default-scheduler")
        #expect(spec.securityContext == PodSecurityContext())
        #expect(spec.enableServiceLinks == true)
        let container = try #require(spec.containers?.first)
        #expect(container.terminationMessagePath == "/dev/termination-log")
        #expect(container.terminationMessagePolicy == "File")
        #expect(container.restartPolicy == nil)
    }

    @Test func explicitValuesAreKept() throws {
        let pod = try defaulted("""
            apiVersion: v1
            kind: Pod
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 0
              dnsPolicy: Default
              enableServiceLinks: false
              containers: [{name: a, image: busybox, imagePullPolicy: Never, terminationMessagePolicy: FallbackToLogsOnError}]
            """)
        #expect(pod.spec?.restartPolicy == "Never")
        #expect(pod.spec?.terminationGracePeriodSeconds == 0)
        #expect(pod.spec?.dnsPolicy == "Default")
        #expect(pod.spec?.enableServiceLinks == false)
        #expect(pod.spec?.containers?.first?.imagePullPolicy == "Never")
        #expect(pod.spec?.containers?.first?.terminationMessagePolicy == "FallbackToLogsOnError")
    }

    @Test(arguments: [
        ("busybox", "Always"),
        ("busybox:latest", "Always"),
        ("docker.io/library/busybox:latest", "Always"),
        ("localhost:5000/app", "Always"),
        ("busybox:1.36", "IfNotPresent"),
        ("registry.example.com:5000/team/app:v2", "IfNotPresent"),
        ("busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent"),
        ("busybox:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "Always"),
        ("Busybox", "IfNotPresent"),
        ("", "IfNotPresent"),
        ("busybox:", "IfNotPresent"),
    ])
    func imagePullPolicyFollowsTheTag(image: String, expected: String) throws {
        var spec = PodSpec(initContainers: [Container(name: "i", image: image)], containers: [Container(name: "a", image: image)])
        Defaulting.apply(to: &spec)
        #expect(spec.containers?.first?.imagePullPolicy == expected)
        #expect(spec.initContainers?.first?.imagePullPolicy == expected)
    }

    @Test func probeDefaultsReplaceZeroAndAbsent() throws {
        let pod = try defaulted(podWithContainerFields("""
            livenessProbe:
              httpGet: {port: 8080}
              periodSeconds: 0
              failureThreshold: 5
            startupProbe:
              exec: {command: [sh]}
              timeoutSeconds: 4
            readinessProbe:
              grpc: {port: 9000}
            lifecycle:
              preStop:
                httpGet: {port: 80, path: /drain}
            """))
        let container = try #require(pod.spec?.containers?.first)
        let liveness = try #require(container.livenessProbe)
        #expect(liveness.timeoutSeconds == 1)
        #expect(liveness.periodSeconds == 10)
        #expect(liveness.successThreshold == 1)
        #expect(liveness.failureThreshold == 5)
        #expect(liveness.initialDelaySeconds == nil)
        #expect(liveness.httpGet?.path == "/")
        #expect(liveness.httpGet?.scheme == "HTTP")
        #expect(container.startupProbe?.timeoutSeconds == 4)
        #expect(container.startupProbe?.periodSeconds == 10)
        #expect(container.readinessProbe?.grpc?.service == "")
        #expect(container.lifecycle?.preStop?.httpGet?.path == "/drain")
        #expect(container.lifecycle?.preStop?.httpGet?.scheme == "HTTP")
    }

    @Test func requestsDefaultFromLimitsForInitAndRegularContainers() throws {
        let pod = try defaulted("""
            apiVersion: v1
            kind: Pod
            spec:
              initContainers:
              - name: proxy
                image: envoy
                restartPolicy: Always
                resources: {limits: {cpu: 500m, memory: 256Mi}, requests: {cpu: 100m}}
              containers:
              - name: a
                image: busybox
                resources: {limits: {memory: 1Gi}}
              - name: b
                image: busybox
                resources: {requests: {cpu: 1}}
            """)
        let spec = try #require(pod.spec)
        #expect(spec.initContainers?[0].resources?.requests?["cpu"]?.description == "100m")
        #expect(spec.initContainers?[0].resources?.requests?["memory"]?.description == "256Mi")
        #expect(spec.containers?[0].resources?.requests?["memory"]?.description == "1Gi")
        #expect(spec.containers?[1].resources?.requests?.keys.sorted() == ["cpu"])
        #expect(spec.containers?[1].resources?.limits == nil)
    }

    @Test func portsGetTCPAndHostPortsUnderHostNetwork() throws {
        let pod = try defaulted("""
            apiVersion: v1
            kind: Pod
            spec:
              hostNetwork: true
              initContainers: [{name: i, image: x, ports: [{containerPort: 15090}]}]
              containers: [{name: a, image: x, ports: [{containerPort: 80}, {containerPort: 53, protocol: UDP, hostPort: 5353}]}]
            """)
        #expect(pod.spec?.initContainers?[0].ports?[0].hostPort == 15090)
        #expect(pod.spec?.containers?[0].ports?[0] == ContainerPort(hostPort: 80, containerPort: 80, protocol: "TCP"))
        #expect(pod.spec?.containers?[0].ports?[1] == ContainerPort(hostPort: 5353, containerPort: 53, protocol: "UDP"))
        let plain = try defaulted(podWithContainerFields("ports: [{containerPort: 80}]"))
        #expect(plain.spec?.containers?[0].ports?[0].hostPort == nil)
    }

    @Test func volumeAndEnvDefaults() throws {
        let pod = try defaulted("""
            apiVersion: v1
            kind: Pod
            spec:
              volumes:
              - name: scratch
              - name: host
                hostPath: {path: /var/log}
              - name: cfg
                configMap: {name: cfg}
              - name: keep
                secret: {secretName: s, defaultMode: 256}
              containers:
              - name: a
                image: x
                env: [{name: NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}]
            """)
        let volumes = try #require(pod.spec?.volumes)
        #expect(volumes[0].emptyDir == EmptyDirVolumeSource())
        #expect(volumes[1].hostPath?.type == "")
        #expect(volumes[1].emptyDir == nil)
        #expect(volumes[2].configMap == .object(["name": .string("cfg"), "defaultMode": .number(420)]))
        #expect(volumes[3].secret == .object(["secretName": .string("s"), "defaultMode": .number(256)]))
        #expect(pod.spec?.containers?[0].env?[0].valueFrom?.fieldRef?.apiVersion == "v1")
    }

    @Test func defaultingIsIdempotent() throws {
        var pod = try defaulted(podWithContainerFields("livenessProbe: {httpGet: {port: 80}}\nresources: {limits: {cpu: 1}}"))
        let once = pod
        Defaulting.apply(to: &pod)
        #expect(pod == once)
    }

    @Test func workloadsAndTheirTemplatesAreDefaulted() throws {
        var documents = try ManifestLoader.load(path: try fixturePath("workloads.yaml"))
        for index in documents.indices { Defaulting.apply(to: &documents[index].object) }

        guard case .job(let job) = documents[2].object, case .cronJob(let cronJob) = documents[3].object,
              case .deployment(let deployment) = documents[1].object, case .statefulSet(let statefulSet) = documents[4].object,
              case .daemonSet(let daemonSet) = documents[5].object, case .replicaSet(let replicaSet) = documents[6].object else {
            Issue.record("unexpected kinds \(documents.map(\.object.kind))")
            return
        }
        #expect(job.spec?.completions == 1)
        #expect(job.spec?.parallelism == 1)
        #expect(job.spec?.backoffLimit == 2)
        #expect(job.spec?.completionMode == "NonIndexed")
        #expect(job.spec?.suspend == false)
        #expect(job.spec?.podReplacementPolicy == "TerminatingOrFailed")
        #expect(job.metadata?.labels == ["job": "nightly-report"])
        #expect(job.spec?.template?.spec?.restartPolicy == "Never")
        #expect(job.spec?.template?.spec?.terminationGracePeriodSeconds == 30)
        #expect(job.spec?.template?.spec?.containers?.first?.imagePullPolicy == "IfNotPresent")
        #expect(job.spec?.template?.spec?.initContainers?.first?.imagePullPolicy == "IfNotPresent")

        #expect(cronJob.spec?.concurrencyPolicy == "Forbid")
        #expect(cronJob.spec?.successfulJobsHistoryLimit == 3)
        #expect(cronJob.spec?.failedJobsHistoryLimit == 1)
        #expect(cronJob.spec?.suspend == false)
        #expect(cronJob.spec?.jobTemplate?.spec?.backoffLimit == 6)
        #expect(cronJob.spec?.jobTemplate?.spec?.template?.spec?.containers?.first?.imagePullPolicy == "Always")

        #expect(deployment.spec?.replicas == 2)
        #expect(deployment.spec?.revisionHistoryLimit == 10)
        #expect(deployment.spec?.progressDeadlineSeconds == 600)
        #expect(deployment.spec?.strategy == .object([
            "type": .string("RollingUpdate"),
            "rollingUpdate": .object(["maxSurge": .string("25%"), "maxUnavailable": .string("25%")]),
        ]))
        let proxy = try #require(deployment.spec?.template?.spec?.initContainers?[1])
        #expect(proxy.readinessProbe?.timeoutSeconds == 1)
        #expect(proxy.readinessProbe?.failureThreshold == 30)
        #expect(proxy.readinessProbe?.httpGet?.scheme == "HTTP")

        #expect(statefulSet.spec?.podManagementPolicy == "OrderedReady")
        #expect(statefulSet.spec?.updateStrategy == .object([
            "type": .string("RollingUpdate"), "rollingUpdate": .object(["partition": .number(0)]),
        ]))
        #expect(daemonSet.spec?.template?.spec?.containers?.first?.ports?.first?.hostPort == 9100)
        #expect(daemonSet.spec?.updateStrategy == .object([
            "type": .string("RollingUpdate"),
            "rollingUpdate": .object(["maxUnavailable": .number(1), "maxSurge": .number(0)]),
        ]))
        #expect(replicaSet.spec?.replicas == 3)
        #expect(replicaSet.spec?.template?.spec?.restartPolicy == "Always")
    }
}
