import Foundation
import TandemAPI
import TandemManifest
import Testing
@testable import TandemAdoption

@Suite struct ManifestConverterTests {
    private let detect: ManifestConverter.Detector = { spec, annotations, isJob in
        LegacySidecars.find(in: spec, podAnnotations: annotations, isJob: isJob).map(\.index)
    }

    private func convert(_ text: String, sidecars: [String] = []) throws(ManifestError) -> ManifestConverter.Result {
        try ManifestConverter.convert(text: text, file: "m.yaml", sidecars: sidecars, detect: detect)
    }

    /// The converted text decodes, has no legacy sidecar left, and converts to itself.
    private func expectFixedPoint(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let documents = try ManifestLoader.decode(text: output, file: "out.yaml")
        for document in documents {
            let location = try #require(document.object.podSpecLocation)
            #expect(LegacySidecars.find(in: location.spec, podAnnotations: location.metadata?.annotations, isJob: document.object.runsToCompletion) == [], sourceLocation: sourceLocation)
        }
        let again = try convert(output)
        #expect(again.output == output, sourceLocation: sourceLocation)
        #expect(!again.changed, sourceLocation: sourceLocation)
    }

    @Test func cronJobWithDashesOnTheirOwnLinesAndIndentlessLists() throws {
        let input = """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: nightly
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                      -
                        name: report
                        image: example/report
                        args: [--all]
                      -
                        name: vector   # ships the report's logs
                        image: timberio/vector:0.39.0-debian
                      initContainers:
                      - name: fetch
                        image: example/fetch
                      # trailing comment of the pod spec

            """
        let result = try convert(input)
        #expect(result.output == """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: nightly
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                      -
                        name: report
                        image: example/report
                        args: [--all]
                      initContainers:
                      - name: fetch
                        image: example/fetch
                      -
                        name: vector   # ships the report's logs
                        restartPolicy: Always
                        image: timberio/vector:0.39.0-debian
                      # trailing comment of the pod spec

            """)
        #expect(result.notes == ["m.yaml:1: CronJob \"nightly\": moved \"vector\" to initContainers[1] with restartPolicy: Always"])
        try expectFixedPoint(result.output)
    }

    /// Several sidecars go in one after another: the report names each one's own index, the
    /// one it has in the converted output.
    @Test func eachMovedSidecarIsReportedAtItsOwnIndex() throws {
        let result = try convert("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              initContainers:
              - name: setup
                image: busybox
              containers:
              - name: app
                image: example/app
              - name: cloud-sql-proxy
                image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
              - name: fluent-bit
                image: fluent/fluent-bit:3.0
              - name: istio-proxy
                image: docker.io/istio/proxyv2:1.22.0
            """)
        #expect(result.notes == [
            "m.yaml:1: Pod \"p\": moved \"cloud-sql-proxy\" to initContainers[1], \"fluent-bit\" to initContainers[2], \"istio-proxy\" to initContainers[3] with restartPolicy: Always",
        ])
        let converted = try #require(try ManifestLoader.decode(text: result.output, file: "out.yaml").first?.object.podSpecLocation?.spec)
        #expect(converted.initContainers?.map(\.name) == ["setup", "cloud-sql-proxy", "fluent-bit", "istio-proxy"])
        try expectFixedPoint(result.output)
    }

    /// `tandem inject --mode universal`'s pair stays as it is: its fallback is not a legacy
    /// sidecar, and naming it does not move it either.
    @Test func theUniversalFallbackIsLeftAlone() throws {
        let input = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: batch}
            spec:
              template:
                metadata:
                  annotations:
                    sidecar.tandem.dev/fluent-bit: universal
                spec:
                  restartPolicy: Never
                  initContainers:
                  - {name: fluent-bit, image: fluent/fluent-bit:3.1, restartPolicy: Always}
                  containers:
                  - {name: work, image: busybox, command: [sh, -c, echo working]}
                  - {name: fluent-bit-fallback, image: fluent/fluent-bit:3.1}
            """
        let detected = try convert(input)
        #expect(detected.output == input)
        #expect(detected.notes == [])
        let named = try convert(input, sidecars: ["fluent-bit-fallback"])
        #expect(named.output == input)
        #expect(named.notes == [
            "m.yaml:1: Job \"batch\": left alone: \"fluent-bit-fallback\" is the fallback of tandem's universal sidecar \"fluent-bit\" (sidecar.tandem.dev/fluent-bit: universal): not a legacy sidecar but the stand-in that runs the sidecar only where native sidecars do not work; tandem's universal pairs stay as they are",
        ])
    }

    @Test func sidecarGoesBeforeTheInitContainerThatNeedsIt() throws {
        let input = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              initContainers:
                - name: setup
                  image: busybox
                - name: seed-db
                  image: example/seed
                  command: ["sh", "-c", "until nc -z localhost 5432; do sleep 1; done; exec /seed"]
              containers:
                - name: app
                  image: example/app
                - name: cloud-sql-proxy
                  image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
                  ports:
                    - containerPort: 5432

            """
        let result = try convert(input)
        #expect(result.output == """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              initContainers:
                - name: setup
                  image: busybox
                - name: cloud-sql-proxy
                  restartPolicy: Always
                  image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
                  ports:
                    - containerPort: 5432
                  startupProbe:
                    tcpSocket:
                      port: 5432
                    periodSeconds: 2
                    failureThreshold: 15
                - name: seed-db
                  image: example/seed
                  command: ["sh", "-c", "exec /seed"]
              containers:
                - name: app
                  image: example/app

            """)
        try expectFixedPoint(result.output)
    }

    @Test func flowStyleDocumentIsReemittedAndSaysSo() throws {
        let input = """
            # first document stays as written
            apiVersion: v1
            kind: Pod
            metadata: {name: untouched}
            spec:
              containers: [{name: app, image: nginx}]
            ---
            {apiVersion: v1, kind: Pod, metadata: {name: flow}, spec: {containers: [{name: app, image: example/app}, {name: envoy, image: envoyproxy/envoy:v1.30.1, lifecycle: {preStop: {sleep: {seconds: 10}}}}]}}

            """
        let result = try convert(input)
        #expect(result.output == """
            # first document stays as written
            apiVersion: v1
            kind: Pod
            metadata: {name: untouched}
            spec:
              containers: [{name: app, image: nginx}]
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: flow
            spec:
              initContainers:
              - name: envoy
                restartPolicy: Always
                image: envoyproxy/envoy:v1.30.1
              containers:
              - name: app
                image: example/app

            """)
        #expect(result.notes == [
            "m.yaml:8: Pod \"flow\": moved \"envoy\" to initContainers[0] with restartPolicy: Always",
            "m.yaml:8: Pod \"flow\": dropped the sleeping preStop of \"envoy\" (sleep: {seconds: 10}): a native sidecar stops only after the regular containers have",
            "m.yaml:8: Pod \"flow\": re-emitted this document whole (flow style or JSON): its comments and layout are not kept",
        ])
        try expectFixedPoint(result.output)
    }

    @Test func jsonStaysJSON() throws {
        let input = """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {"name": "j"},
              "spec": {
                "containers": [
                  {"name": "app", "image": "example/app", "ports": [{"containerPort": 8080}]},
                  {"name": "linkerd-proxy", "image": "cr.l5d.io/linkerd/proxy:stable-2.14.10", "ports": [{"containerPort": 4191}]}
                ]
              }
            }
            """
        let result = try convert(input, sidecars: ["linkerd-proxy"])
        #expect(result.output == """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {
                "name": "j"
              },
              "spec": {
                "initContainers": [
                  {
                    "name": "linkerd-proxy",
                    "restartPolicy": "Always",
                    "image": "cr.l5d.io/linkerd/proxy:stable-2.14.10",
                    "ports": [
                      {
                        "containerPort": 4191
                      }
                    ]
                  }
                ],
                "containers": [
                  {
                    "name": "app",
                    "image": "example/app",
                    "ports": [
                      {
                        "containerPort": 8080
                      }
                    ]
                  }
                ]
              }
            }
            """)
        try expectFixedPoint(result.output)
    }

    @Test func crlfAndNoFinalNewlineAreKept() throws {
        let input = "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: w\r\nspec:\r\n  containers:\r\n  - name: app\r\n    image: example/app\r\n  - name: otel\r\n    image: otel/opentelemetry-collector-contrib:0.98.0"
        let result = try convert(input)
        #expect(result.output == "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: w\r\nspec:\r\n  initContainers:\r\n  - name: otel\r\n    restartPolicy: Always\r\n    image: otel/opentelemetry-collector-contrib:0.98.0\r\n  containers:\r\n  - name: app\r\n    image: example/app\r\n")
        try expectFixedPoint(result.output)
    }

    @Test func blockScalarScriptKeepsItsStyle() throws {
        let input = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: s}
            spec:
              serviceName: s
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                  - name: db-client
                    image: example/client
                    args:
                    - >-
                      while ! curl -s http://localhost:8200/v1/sys/health;
                      do sleep 5; done;
                      exec /client --vault http://localhost:8200
                    command: [/bin/sh, -ec]
                  - name: vault-agent
                    image: hashicorp/vault:1.16
                    args: [agent, -config=/etc/vault/agent.hcl]
                    ports: [{containerPort: 8200}]
                    lifecycle:
                      preStop: {exec: {command: [/bin/sh, -c, sleep 20]}}

            """
        let result = try convert(input)
        #expect(result.output == """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: s}
            spec:
              serviceName: s
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  initContainers:
                  - name: vault-agent
                    restartPolicy: Always
                    image: hashicorp/vault:1.16
                    args: [agent, -config=/etc/vault/agent.hcl]
                    ports: [{containerPort: 8200}]
                    startupProbe:
                      httpGet:
                        path: /v1/sys/health
                        port: 8200
                      periodSeconds: 5
                      failureThreshold: 6
                  containers:
                  - name: db-client
                    image: example/client
                    args:
                    - |-
                      exec /client --vault http://localhost:8200
                    command: [/bin/sh, -ec]

            """)
        try expectFixedPoint(result.output)
    }

    @Test func hacksItCannotFixAreReportedAndLeftAlone() throws {
        let input = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: example/app
                command: ["sh", "-c", "sleep 5 && exec /app"]
              - name: sidecar
                image: example/sidecar
                command: ["kubexit", "/sidecar"]
            """
        let result = try convert(input)
        #expect(!result.changed)
        #expect(result.output == input)
        #expect(result.notes == [
            "m.yaml:1: Pod \"p\": left alone: sleep-before-start in \"app\" command[2] (what it waits for is not clear)",
            "m.yaml:1: Pod \"p\": left alone: kubexit (\"kubexit /sidecar\") in \"sidecar\" command[0]",
        ])
    }

    @Test func aPodOfHelpersOnlyIsLeftAlone() throws {
        let input = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: a, image: envoyproxy/envoy:v1.30.1}
              - {name: b, image: fluent/fluent-bit:3.0}
            """
        let result = try convert(input, sidecars: ["a", "b"])
        #expect(result.output == input)
        #expect(result.notes == [
            "m.yaml:1: Pod \"p\": left alone: every container would become a sidecar (\"a\", \"b\"); a pod needs at least one regular container",
        ])
    }

    @Test func daemonSetWithTheSidecarFirstAndNamesThatAreAlreadyNative() throws {
        let input = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: node-agent}
            spec:
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                    # collector first, as many charts write it
                    - name: otel
                      image: otel/opentelemetry-collector-contrib:0.98.0
                    - name: agent   # the work
                      image: example/agent
                  hostNetwork: true

            """
        let result = try convert(input, sidecars: ["otel"])
        #expect(result.output == """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: node-agent}
            spec:
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  initContainers:
                    # collector first, as many charts write it
                    - name: otel
                      restartPolicy: Always
                      image: otel/opentelemetry-collector-contrib:0.98.0
                  containers:
                    - name: agent   # the work
                      image: example/agent
                  hostNetwork: true

            """)
        #expect(result.namesFound == ["otel"])
        let again = try convert(result.output, sidecars: ["otel"])
        #expect(again.output == result.output)
        #expect(again.namesFound == ["otel"])
        #expect(again.notes == [])
    }

    @Test func badInputThrowsOneLine() throws {
        for text in ["a: [b\n", "apiVersion: v1\nkind: Pod\nspec: {containers: [{name: a, imagee: x}]}\n"] {
            do {
                _ = try convert(text)
                Issue.record("no error for \(text)")
            } catch {
                #expect(error.file == "m.yaml")
                #expect(!error.description.contains("\n"))
                #expect(error.line == (text.hasPrefix("a:") ? 2 : 3))
            }
        }
    }

    /// The text edits of the realistic manifests agree with the node-tree edit, so their check is
    /// the cheap node comparison, not a second strict decode.
    @Test func textEditsAgreeWithTheNodeEditor() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["istio-deployment", "job-cloud-sql-proxy", "deployment-fluent-bit"] {
            let text = try String(contentsOf: repository.appendingPathComponent("tests/convert/\(name).yaml"), encoding: .utf8)
            let output = try convert(text).output
            let inputRoots = try ManifestLoader.compose(text: text, file: "in")
            let outputRoots = try ManifestLoader.compose(text: output, file: "out")
            var checked = 0
            for (index, root) in inputRoots.enumerated() {
                guard let document = try ManifestLoader.decode(node: root, file: "in", index: index),
                      let location = document.object.podSpecLocation else { continue }
                let sidecars = LegacySidecars.find(in: location.spec, podAnnotations: location.metadata?.annotations, isJob: document.object.runsToCompletion).map(\.index)
                let plan = ConversionPlanner.plan(spec: location.spec, podAnnotations: location.metadata?.annotations, sidecars: sidecars)
                let expected = try #require(NodeEditor.apply(plan, root: root, path: location.path.split(separator: ".").map(String.init)))
                #expect(NodeEquivalence.equivalent(outputRoots[index], expected), "\(name)")
                #expect(!NodeEquivalence.equivalent(outputRoots[index], root), "\(name)")
                checked += 1
            }
            #expect(checked == 1)
        }
    }

    @Test func unifiedDiffLayout() {
        let diff = UnifiedDiff.make(old: "a\nb\nc\nd\ne\nf\ng\nh\ni\n", new: "a\nB\nc\nd\ne\nf\ng\nh\ni\nj", oldName: "a/x", newName: "b/x")
        #expect(diff == """
            --- a/x
            +++ b/x
            @@ -1,5 +1,5 @@
             a
            -b
            +B
             c
             d
             e
            @@ -7,3 +7,4 @@
             g
             h
             i
            +j
            \\ No newline at end of file

            """)
        #expect(UnifiedDiff.make(old: "same\n", new: "same\n", oldName: "a", newName: "b") == "")
    }
}
