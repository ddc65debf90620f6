import Foundation
import TandemAPI
import TandemManifest
import Testing

@Suite("Manifest loading")
struct ManifestLoaderTests {
    @Test func multiDocumentFileWithEveryKind() throws {
        let documents = try ManifestLoader.load(path: try fixturePath("workloads.yaml"))
        #expect(documents.map(\.object.kind) == ["Pod", "Deployment", "Job", "CronJob", "StatefulSet", "DaemonSet", "ReplicaSet"])
        #expect(documents.map(\.index) == Array(0..<7))
        #expect(documents.map(\.object.name) == ["web", "reviews", "nightly-report", "cleanup", "db", "node-exporter", "frontend"])
        #expect(documents[0].line == 2)
        #expect(documents.allSatisfy { $0.file.hasSuffix("workloads.yaml") })

        guard case .deployment(let deployment) = documents[1].object else {
            Issue.record("expected a Deployment")
            return
        }
        let spec = try #require(deployment.spec?.template?.spec)
        let proxy = try #require(spec.initContainers?[1])
        #expect(proxy.name == "istio-proxy")
        #expect(proxy.isRestartable)
        #expect(spec.initContainers?[0].isRestartable == false)
        #expect(proxy.startupProbe?.failureThreshold == 600)
        #expect(proxy.readinessProbe?.httpGet?.port == .int(15021))
        #expect(proxy.env?[0].valueFrom?.fieldRef?.fieldPath == "metadata.namespace")
        #expect(proxy.env?[1].value?.hasPrefix("[\n") == true)
        #expect(proxy.resources?.limits?["memory"]?.description == "1Gi")
        #expect(deployment.spec?.template?.metadata?.annotations?["prometheus.io/port"] == "15020")
        #expect(spec.volumes?[0].emptyDir?.medium == "Memory")
    }

    @Test func podSpecLocationsNameTheTemplatePath() throws {
        let documents = try ManifestLoader.load(path: try fixturePath("workloads.yaml"))
        #expect(documents.map { $0.object.podSpecLocation?.path } == [
            "spec", "spec.template.spec", "spec.template.spec", "spec.jobTemplate.spec.template.spec",
            "spec.template.spec", "spec.template.spec", "spec.template.spec",
        ])
        let job = try #require(documents[2].object.podSpecLocation)
        #expect(job.metadata?.labels == ["job": "nightly-report"])
        #expect(job.spec.initContainers?.first?.name == "log-shipper")
        #expect(job.spec.restartPolicy == "Never")
    }

    @Test func jsonInput() throws {
        let documents = try ManifestLoader.load(path: try fixturePath("pod.json"))
        guard documents.count == 1, case .pod(let pod) = documents[0].object else {
            Issue.record("expected one Pod")
            return
        }
        #expect(pod.metadata?.name == "json-pod")
        #expect(pod.spec?.terminationGracePeriodSeconds == 5)
        #expect(pod.spec?.containers?.first?.readinessProbe?.httpGet?.port == .string("http"))
        #expect(pod.spec?.containers?.first?.resources?.limits?["cpu"]?.description == "500m")
        #expect(pod.spec?.affinity == .object(["nodeAffinity": .object([
            "weights": .array([.number(1), .number(2.5), .bool(true), .null, .string("x")]),
        ])]))
    }

    @Test func jsonUnknownFieldHasLineAndColumn() {
        let error = decodingError(#"""
            {"apiVersion": "v1", "kind": "Pod",
             "spec": {"containers": [{"name": "a", "imag": "x"}]}}
            """#, file: "pod.json")
        #expect(error?.description == #"pod.json: unknown field "spec.containers[0].imag" (line 2, column 40); did you mean "image"?"#)
    }

    @Test func kindListYieldsEachItem() throws {
        let documents = try ManifestLoader.load(path: try fixturePath("list.yaml"))
        #expect(documents.map(\.object.kind) == ["Pod", "Job"])
        #expect(documents.map(\.object.name) == ["first", "second"])
        #expect(documents.map(\.line) == [6, 14])
    }

    @Test func kindListItemErrorsArePrefixedWithItemsPath() {
        let error = decodingError("""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Pod
              spec: {containers: [{name: a, bogus: 1}]}
            """)
        #expect(error?.message == #"unknown field "items[0].spec.containers[0].bogus""#)
        #expect(error?.line == 6)
    }

    @Test func emptyFilesHaveNoObjects() {
        for text in ["", "\n\n", "# just a comment\n", "---\n---\n# nothing\n...\n", "apiVersion: v1\nkind: List\nitems: []\n"] {
            #expect(decodingError(text)?.message == "no objects found", "text: \(text)")
        }
    }

    @Test func emptyDocumentsBetweenObjectsAreSkipped() throws {
        let text = "---\n# leading\n---\napiVersion: v1\nkind: Pod\n---\n---\napiVersion: v1\nkind: Pod\n---\n"
        let documents = try ManifestLoader.decode(text: text, file: "x.yaml")
        #expect(documents.map(\.line) == [4, 8])
        #expect(documents.map(\.index) == [0, 1])
    }

    @Test func missingKind() {
        let error = decodingError("apiVersion: v1\nmetadata: {name: x}\n")
        #expect(error?.message == #"missing "kind""#)
        #expect(error?.line == 1)
    }

    @Test func unsupportedKind() {
        let error = decodingError("apiVersion: v1\nkind: Service\nmetadata: {name: x}\n")
        #expect(error?.message == #"unsupported kind "Service" (apiVersion "v1")"#)
        #expect(error?.line == 2)
    }

    @Test func wrongApiVersionForKnownKind() {
        let error = decodingError("apiVersion: extensions/v1beta1\nkind: Deployment\n")
        #expect(error?.message == #"unsupported apiVersion "extensions/v1beta1" for kind "Deployment" (expected "apps/v1")"#)
        #expect(error?.line == 1)
        #expect(decodingError("kind: Pod\n")?.message == #"missing "apiVersion""#)
    }

    @Test func errorInSecondDocumentHasFileLine() {
        let error = decodingError("apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod\nspec:\n  nope: 1\n")
        #expect(error?.message == #"unknown field "spec.nope""#)
        #expect(error?.line == 7)
    }

    @Test func unparseableYAMLIsOneLineWithLineNumber() throws {
        let error = try #require(decodingError("apiVersion: v1\nkind: Pod\nspec:\n  containers: [a, b\n"))
        #expect(error.message.hasPrefix("invalid YAML: "))
        #expect(!error.description.contains("\n"))
        #expect(error.line != nil)
        let conformance = try #require(decodingError("{ this is: [not a pod\n"))
        #expect(conformance.message.hasPrefix("invalid YAML: "))
        #expect(conformance.line == 2)
    }

    @Test func unreadableFile() {
        #expect(throws: ManifestError.self) { try ManifestLoader.load(path: "/nonexistent/pod.yaml") }
    }

    @Test func loaderDoesNotApplyDefaults() throws {
        let pod = try decodePod("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: busybox}]\n")
        #expect(pod.spec?.restartPolicy == nil)
        #expect(pod.spec?.terminationGracePeriodSeconds == nil)
        #expect(pod.spec?.containers?.first?.imagePullPolicy == nil)
    }

    @Test func decodedPodRoundTripsThroughJSONWithoutAbsentFields() throws {
        let pod = try decodePod("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: a
                image: busybox
                ports: [{containerPort: 80}]
            """)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(pod), as: UTF8.self)
        #expect(json == #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"image":"busybox","name":"a","ports":[{"containerPort":80}]}]}}"#)
        #expect(try decodePod(json) == pod)
    }
}

@Suite("Adversarial input")
struct AdversarialInputTests {
    @Test func binaryGarbageIsAnErrorNotACrash() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let bytes = (0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(decodingError(text) != nil)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-garbage-\(UInt32.random(in: 0...UInt32.max)).yaml").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data([0xFF, 0xFE, 0x00, 0x9C, 0x80])))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ManifestError.self) { try ManifestLoader.load(path: path) }
    }

    @Test func controlCharactersAreAnError() {
        #expect(decodingError("apiVersion: v1\nkind: Pod\u{0}\u{1}\n") != nil)
    }

    @Test func deeplyNestedInputIsAnError() {
        #expect(decodingError(String(repeating: "[", count: 100_000)) != nil)
        #expect(decodingError("apiVersion: v1\nkind: Pod\nspec:\n  affinity: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n") != nil)
        #expect(decodingError(String(repeating: "- ", count: 50_000) + "x\n") != nil)
    }

    @Test func scalarDocumentIsNotAnObject() {
        let error = decodingError("hello\n")
        #expect(error?.message == #"expected a Kubernetes object (a mapping with apiVersion and kind), got string "hello""#)
        #expect(decodingError("42\n")?.message.contains("got number 42") == true)
    }

    @Test func listDocumentIsNotAnObject() {
        #expect(decodingError("- apiVersion: v1\n  kind: Pod\n")?.message.hasSuffix("got list") == true)
    }

    @Test func wrongTypesForKindAndSpec() {
        #expect(decodingError("apiVersion: v1\nkind: [Pod]\n")?.message == "kind: expected string, got list")
        #expect(decodingError("apiVersion: v1\nkind: Pod\nspec: [1]\n")?.message == "spec: expected object, got list")
        #expect(decodingError("apiVersion: v1\nkind: Pod\nspec:\n  containers: [[1]]\n")?.message == "spec.containers[0]: expected object, got list")
    }

    @Test func aliasBombIsRejected() throws {
        var text = "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations: {}\nspec:\n  affinity:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "    a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let error = try #require(decodingError(text))
        #expect(error.message.contains("excessive aliasing"))
    }

    @Test func nonStringKeysAndOddScalars() {
        #expect(decodingError("apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {[a]: b}\n") != nil)
        #expect(decodingError("apiVersion: v1\nkind: Pod\nspec:\n  affinity: {a: .nan}\n") != nil)
        #expect(decodingError("apiVersion: v1\nkind: Pod\nspec:\n  priority: !!int abc\n") != nil)
        #expect(decodingError("apiVersion: v1\nkind: Pod\nspec: *undefined\n") != nil)
    }
}
