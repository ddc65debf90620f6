import Foundation
import Testing
import TandemAPI
import TandemManifest
@testable import TandemAdoption

@Suite struct AdmissionCheckTests {
    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static let sidecarPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec:
          initContainers:
          - {name: proxy, image: envoyproxy/envoy:v1.30.2, restartPolicy: Always}
          containers:
          - name: app
            image: nginx:1.27
            resources: {requests: {cpu: 0.5}}
          tolerations:
          - {key: dedicated, operator: Equal, value: web, effect: NoSchedule}
        """

    /// The pod as the API server returns it, with `initContainers` given by the caller.
    static func admitted(initContainers: String, extraAnnotations: String = "{}") -> String {
        """
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"web","namespace":"shop","uid":"u-1","resourceVersion":"7","labels":{"app":"web"},"annotations":\(extraAnnotations)},
         "spec":{"initContainers":\(initContainers),
          "containers":[{"name":"app","image":"nginx:1.27","imagePullPolicy":"IfNotPresent","resources":{"requests":{"cpu":"500m"}},
                         "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
          "tolerations":[{"key":"dedicated","operator":"Equal","value":"web","effect":"NoSchedule"},
                         {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],
          "dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},
          "terminationGracePeriodSeconds":30,"enableServiceLinks":true,"nodeName":"n1","priority":0},
         "status":{"phase":"Pending"}}
        """
    }

    static let proxy = #"{"name":"proxy","image":"envoyproxy/envoy:v1.30.2","imagePullPolicy":"IfNotPresent","terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}"#

    static func check(_ after: String, audit: String? = nil, webhooks: String? = nil) throws -> AdmissionReport {
        let before = try #require(try ManifestLoader.decode(text: sidecarPod, file: "before.yaml").first)
        let webhookDocuments = try webhooks.map { try ManifestLoader.freeFormDocuments(text: $0, file: "webhooks.yaml") }
        return try AdmissionCheck.check(before: before, after: [try json(after)], afterFile: "after.json",
                                        auditLog: audit.map { ("audit.log", $0) },
                                        webhooks: webhookDocuments.map { ("webhooks.yaml", $0) })
    }

    @Test func insertedInitContainerDoesNotShiftTheComparison() throws {
        // A webhook put istio-init first: the sidecar is matched by name and nothing is reported.
        let withRestart = Self.proxy.replacingOccurrences(of: "\"name\":\"proxy\"", with: "\"name\":\"proxy\",\"restartPolicy\":\"Always\"")
        let report = try Self.check(Self.admitted(initContainers: "[{\"name\":\"istio-init\",\"image\":\"istio/proxyv2\"},\(withRestart)]"))
        #expect(report.changes == [])
        #expect(report.exitCode == 0)
    }

    @Test func droppedRestartPolicyIsReportedWithBothPointers() throws {
        let report = try Self.check(Self.admitted(initContainers: "[{\"name\":\"istio-init\",\"image\":\"istio/proxyv2\"},\(Self.proxy)]"))
        #expect(report.changes == [FieldChange(
            kind: .dropped, path: "spec.initContainers[0].restartPolicy", beforePointer: "/spec/initContainers/0/restartPolicy",
            afterPointer: "/spec/initContainers/1/restartPolicy", before: .string("Always"), after: nil, origin: .manifest)])
        #expect(report.sidecarsLost.map(\.explanation) == [
            "init container \"proxy\" is no longer a sidecar but an ordinary init container: the containers after it wait for it to exit,"
                + " a sidecar never exits, and the pod hangs in Init:0/1",
        ])
    }

    @Test func mapKeysArePrintedAsKubernetesFieldPaths() throws {
        // A webhook replaced the labels and rewrote a request to another quantity.
        let after = Self.admitted(initContainers: "[\(Self.proxy)]")
            .replacingOccurrences(of: #""labels":{"app":"web"}"#, with: #""labels":{"team":"x"}"#)
            .replacingOccurrences(of: #""cpu":"500m""#, with: #""cpu":"1""#)
        let report = try Self.check(after)
        #expect(report.changes.map { "\($0.kind) \($0.path) \($0.afterPointer)" } == [
            "changed spec.containers[0].resources.requests[cpu] /spec/containers/0/resources/requests/cpu",
            "dropped spec.initContainers[0].restartPolicy /spec/initContainers/0/restartPolicy",
            "dropped metadata.labels[app] /metadata/labels/app",
        ])
        #expect(Printable.text("app.kubernetes.io/name") == "app.kubernetes.io/name")
        #expect(Printable.text("a\u{1b}[31m") == #""a\x1b[31m""#)
        #expect(Printable.text("") == #""""#)
    }

    @Test func daemonSetControllerPinningTheNodeIsNotAWebhookChange() throws {
        let daemonSet = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]}]
                  initContainers: [{name: shipper, image: fluent-bit, restartPolicy: Always}]
                  containers: [{name: agent, image: agent:1}]
            """
        let pod = #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"agent-7xk2p","generateName":"agent-","labels":{"app":"agent"}},
             "spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchFields":[{"key":"metadata.name","operator":"In","values":["n1"]}]}]}}},
              "initContainers":[{"name":"shipper","image":"fluent-bit","imagePullPolicy":"Always"}],
              "containers":[{"name":"agent","image":"agent:2","imagePullPolicy":"IfNotPresent"}]}}
            """#
        let before = try #require(try ManifestLoader.decode(text: daemonSet, file: "ds.yaml").first)
        let report = try AdmissionCheck.check(before: before, after: [try Self.json(pod)], afterFile: "pod.json")
        #expect(report.changes.map { "\($0.kind) \($0.path)" } == [
            "changed spec.containers[0].image",
            "dropped spec.initContainers[0].restartPolicy",
        ])
        #expect(report.sidecarsLost.map(\.explanation) == [
            "init container \"shipper\" is no longer a sidecar but an ordinary init container: the containers after it wait for it to exit,"
                + " a sidecar never exits, and the pod hangs in Init:0/1",
        ])
    }

    @Test func metadataLevelAuditNamesTheMutatingWebhookAsSuspect() throws {
        // Audit level Metadata: only mutation annotations, no patches; the pod matched by name.
        let audit = #"""
            {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a-1","stage":"ResponseComplete","verb":"create","objectRef":{"resource":"pods","namespace":"shop","name":"web","apiVersion":"v1"},"annotations":{"mutation.webhook.admission.k8s.io/round_0_index_0":"{\"configuration\":\"gtoken\",\"webhook\":\"gtoken.doit-intl.com\",\"mutated\":true}","mutation.webhook.admission.k8s.io/round_0_index_1":"{\"configuration\":\"keel\",\"webhook\":\"keel.sh\",\"mutated\":false}"}}
            {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a-2","stage":"ResponseComplete","verb":"create","objectRef":{"resource":"pods","namespace":"shop","name":"other","apiVersion":"v1"},"annotations":{"mutation.webhook.admission.k8s.io/round_0_index_0":"{\"configuration\":\"x\",\"webhook\":\"x.example.com\",\"mutated\":true}"}}
            """#
        let report = try Self.check(Self.admitted(initContainers: "[\(Self.proxy)]"), audit: audit)
        #expect(report.auditSource == "audit.log (line 1, auditID a-1)")
        #expect(report.webhooks.map { "\($0.webhook) \($0.verdict) \($0.calls) \($0.detail)" } == [
            "gtoken.doit-intl.com canHave [\"round 0 index 0\"] mutated the pod; its patch is not in the audit record (audit level Request or higher logs it)",
            "keel.sh didNotTouch [\"round 0 index 1\"] called, did not change the pod",
        ])
        #expect(report.verdict == "1 field dropped, 0 changed; 1 sidecar lost restartPolicy: Always; can have been done by"
            + " webhook \"gtoken.doit-intl.com\" (configuration \"gtoken\")")
    }

    @Test func reinvocationRoundIsBlamedNotTheWebhookThatCarriedTheValue() throws {
        // Round 0: an injector replaces /spec/initContainers keeping restartPolicy; round 1: the
        // reinvoked old-client webhook removes it.
        let keep = #"[{\"name\":\"proxy\",\"image\":\"envoyproxy/envoy:v1.30.2\",\"restartPolicy\":\"Always\"}]"#
        let annotations = #"""
            {"patch.webhook.admission.k8s.io/round_0_index_0":"{\"configuration\":\"injector\",\"webhook\":\"inject.example.com\",\"patch\":[{\"op\":\"replace\",\"path\":\"/spec/initContainers\",\"value\":\#(keep)}],\"patchType\":\"JSONPatch\"}",
             "patch.webhook.admission.k8s.io/round_0_index_1":"{\"configuration\":\"old\",\"webhook\":\"old.example.com\",\"patch\":[{\"op\":\"add\",\"path\":\"/spec/initContainers/0\",\"value\":{\"name\":\"init\"}}],\"patchType\":\"JSONPatch\"}",
             "patch.webhook.admission.k8s.io/round_1_index_1":"{\"configuration\":\"old\",\"webhook\":\"old.example.com\",\"patch\":[{\"op\":\"remove\",\"path\":\"/spec/initContainers/1/restartPolicy\"}],\"patchType\":\"JSONPatch\"}",
             "failed-open.mutation.webhook.admission.k8s.io/round_0_index_2":"flaky.example.com"}
            """#
        // By round 1 the old webhook's own insertion put the sidecar at index 1, as in AFTER.
        let report = try Self.check(Self.admitted(initContainers: "[{\"name\":\"init\"},\(Self.proxy)]", extraAnnotations: annotations))
        #expect(report.webhooks.map { "\($0.webhook) \($0.verdict) \($0.calls) \($0.touched.map { "\($0.path): \($0.operations)" })" } == [
            "inject.example.com didNotTouch [\"round 0 index 0\"] []",
            "old.example.com modified [\"round 0 index 1\", \"round 1 index 1\"] [\"spec.initContainers[0].restartPolicy: [\\\"remove /spec/initContainers/1/restartPolicy\\\"]\"]",
            "flaky.example.com didNotTouch [\"round 0 index 2\"] []",
        ])
        #expect(report.webhooks.last?.detail == "the call failed and was ignored (failurePolicy Ignore)")
    }

    @Test func selectorsDecideWhetherAWebhookSeesThePod() throws {
        let webhooks = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: MutatingWebhookConfiguration
            metadata: {name: many}
            webhooks:
            - name: all.example.com
              rules: [{operations: ["*"], apiGroups: ["*"], apiVersions: ["*"], resources: ["*/*"]}]
            - name: status-only.example.com
              rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods/status]}]
            - name: opt-out.example.com
              objectSelector: {matchLabels: {app: api}}
              rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
            - name: not-shop.example.com
              namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [shop]}]}
              rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
            - name: labelled-ns.example.com
              namespaceSelector: {matchLabels: {inject: "true"}}
              matchConditions: [{name: c, expression: "true"}]
              reinvocationPolicy: IfNeeded
              rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods], scope: Namespaced}]
            - name: cluster-scope.example.com
              rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods], scope: Cluster}]
            """
        let report = try Self.check(Self.admitted(initContainers: "[\(Self.proxy)]"), webhooks: webhooks)
        #expect(report.webhooks.map { "\($0.webhook): \($0.verdict): \($0.detail)" } == [
            "all.example.com: canHave: matches pods CREATE",
            "status-only.example.com: notCalled: its rules do not cover pods CREATE",
            "opt-out.example.com: notCalled: its objectSelector does not match the pod's labels",
            "not-shop.example.com: notCalled: its namespaceSelector excludes namespace \"shop\"",
            "labelled-ns.example.com: canHave: matches pods CREATE, subject to its namespaceSelector (namespace labels), matchConditions;"
                + " reinvocationPolicy IfNeeded: it is called again after later webhooks change the pod, so it can also strip what they added",
            "cluster-scope.example.com: notCalled: its rules do not cover pods CREATE",
        ])
    }

    @Test func generateNamePodsAreFoundByTheirRequestAndAmbiguityIsSaid() throws {
        let event = { (id: String) in
            #"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Request","auditID":"\#(id)","verb":"create","objectRef":{"resource":"pods","namespace":"shop","apiVersion":"v1"},"requestObject":{"metadata":{"generateName":"web-"}},"annotations":{"mutation.webhook.admission.k8s.io/round_0_index_0":"{\"configuration\":\"c\",\"webhook\":\"w.example.com\",\"mutated\":true}"}}"#
        }
        let after = try Self.json(#"{"kind":"Pod","metadata":{"name":"web-x1","generateName":"web-","namespace":"shop"}}"#)
        let found = try #require(try AuditLog.invocations(for: after, in: event("e-1") + "\n\n" + event("e-2") + "\n", file: "audit.log"))
        #expect(found.source == "audit.log (line 3, auditID e-2; the last of 2 creations with generateName \"web-\")")
        #expect(found.invocations == [WebhookInvocation(round: 0, index: 0, configuration: "c", webhook: "w.example.com", mutated: true)])
    }
}
