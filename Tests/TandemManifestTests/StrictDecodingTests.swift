import Foundation
import TandemAPI
import TandemManifest
import Testing

@Suite("Strict decoding")
struct StrictDecodingTests {
    @Test func unknownFieldReportsPathLineAndColumn() {
        let error = decodingError("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - name: app
                image: busybox
                imagePullPolicyy: Always
            """)
        #expect(error?.message == #"unknown field "spec.containers[0].imagePullPolicyy""#)
        #expect(error?.line == 9)
        #expect(error?.column == 5)
        #expect(error?.description == #"pod.yaml: unknown field "spec.containers[0].imagePullPolicyy" (line 9, column 5); did you mean "imagePullPolicy"?"#)
    }

    @Test func unknownFieldInsideSecondInitContainerProbe() {
        let error = decodingError("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              initContainers:
              - name: a
                image: busybox
              - name: b
                image: busybox
                startupProbe:
                  exec: {command: [sh]}
                  periodSecond: 1
              containers: [{name: c, image: busybox}]
            """)
        #expect(error?.message == #"unknown field "spec.initContainers[1].startupProbe.periodSecond""#)
        #expect(error?.line == 12)
        #expect(error?.column == 7)
    }

    @Test func unknownTopLevelField() {
        let error = decodingError("apiVersion: v1\nkind: Pod\nspecc: {}\n")
        #expect(error?.message == #"unknown field "specc""#)
        #expect(error?.line == 3)
        #expect(error?.column == 1)
    }

    @Test func duplicateFieldReportsSecondOccurrence() {
        let error = decodingError("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              restartPolicy: Never
              containers: [{name: c, image: busybox}]
              restartPolicy: Always
            """)
        #expect(error?.message == #"duplicate field "spec.restartPolicy""#)
        #expect(error?.line == 8)
        #expect(error?.column == 3)
    }

    @Test func duplicateFieldInsideListUsesIndexPath() {
        let error = decodingError("""
            apiVersion: v1
            kind: Pod
            spec:
              containers:
              - name: a
                image: busybox
              - name: b
                image: busybox
                "image": other
            """)
        #expect(error?.message == #"duplicate field "spec.containers[1].image""#)
        #expect(error?.line == 9)
    }

    @Test func duplicateMapKeyInLabels() {
        let error = decodingError("apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {app: a, tier: x, app: b}\n")
        #expect(error?.message == #"duplicate field "metadata.labels.app""#)
        #expect(error?.line == 4)
    }

    @Test func wrongTypeNamesPathExpectedTypeAndValue() {
        let error = decodingError("""
            apiVersion: v1
            kind: Pod
            spec:
              terminationGracePeriodSeconds: abc
            """)
        #expect(error?.message == #"spec.terminationGracePeriodSeconds: expected int64, got string "abc""#)
        #expect(error?.line == 4)
    }

    @Test func quotedNumberIsNotAnInteger() {
        let error = decodingError(podWithContainerFields("ports: [{containerPort: \"8080\"}]"))
        #expect(error?.message == #"spec.containers[0].ports[0].containerPort: expected int32, got string "8080""#)
    }

    @Test func numberForStringFieldIsRejected() {
        let error = decodingError("apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    version: 1.0\n")
        #expect(error?.message == "metadata.labels.version: expected string, got number 1.0")
        #expect(error?.line == 5)
    }

    @Test func yamlOneOneBooleansAreBooleans() throws {
        let error = decodingError(podWithContainerFields("workingDir: yes"))
        #expect(error?.message == "spec.containers[0].workingDir: expected string, got bool yes")
        #expect(try decodePod(podWithContainerFields("tty: on")).spec?.containers?.first?.tty == true)
    }

    @Test func objectWhereListExpected() {
        let error = decodingError(podWithContainerFields("command: {a: b}"))
        #expect(error?.message == "spec.containers[0].command: expected list, got object")
    }

    @Test func outOfRangeInteger() {
        let error = decodingError(podWithContainerFields("ports: [{containerPort: 3000000000}]"))
        #expect(error?.message.contains("expected int32") == true)
        #expect(error?.message.contains("out of range") == true)
    }

    @Test func integralFloatIsAnInteger() throws {
        let pod = try decodePod("apiVersion: v1\nkind: Pod\nspec:\n  terminationGracePeriodSeconds: 60.0\n")
        #expect(pod.spec?.terminationGracePeriodSeconds == 60)
        #expect(decodingError("apiVersion: v1\nkind: Pod\nspec:\n  terminationGracePeriodSeconds: 1.5\n") != nil)
    }

    @Test func intOrStringFollowsQuoting() throws {
        let pod = try decodePod(podWithContainerFields("""
            livenessProbe:
              httpGet: {port: 8080}
            readinessProbe:
              httpGet: {port: "8080"}
            startupProbe:
              tcpSocket: {port: http}
            """))
        let container = try #require(pod.spec?.containers?.first)
        #expect(container.livenessProbe?.httpGet?.port == .int(8080))
        #expect(container.readinessProbe?.httpGet?.port == .string("8080"))
        #expect(container.startupProbe?.tcpSocket?.port == .string("http"))
    }

    @Test func quantitiesAcceptNumbersAndStrings() throws {
        let pod = try decodePod(podWithContainerFields("resources: {limits: {cpu: 0.5, memory: 128Mi, nvidia.com/gpu: 1}}"))
        let limits = try #require(pod.spec?.containers?.first?.resources?.limits)
        #expect(limits["cpu"]?.description == "500m")
        #expect(limits["memory"]?.description == "128Mi")
        #expect(limits["nvidia.com/gpu"]?.description == "1")
    }

    @Test func nullMeansAbsent() throws {
        let pod = try decodePod("apiVersion: v1\nkind: Pod\nmetadata: null\nspec:\n  restartPolicy: ~\n  hostNetwork:\n")
        #expect(pod.metadata == nil)
        #expect(pod.spec?.restartPolicy == nil)
        #expect(pod.spec?.hostNetwork == nil)
    }

    @Test func freeFormFieldsAcceptAnything() throws {
        let pod = try decodePod("""
            apiVersion: v1
            kind: Pod
            spec:
              affinity:
                anything: [1, two, {three: 3.5}, null, true]
                nested: {deeper: {deepest: "x"}}
              tolerations:
              - {key: k, operator: Exists}
            """)
        let affinity = try #require(pod.spec?.affinity)
        #expect(affinity == .object([
            "anything": .array([.number(1), .string("two"), .object(["three": .number(3.5)]), .null, .bool(true)]),
            "nested": .object(["deeper": .object(["deepest": .string("x")])]),
        ]))
        #expect(pod.spec?.tolerations == [.object(["key": .string("k"), "operator": .string("Exists")])])
    }

    @Test func mergeKeysAreApplied() throws {
        let pod = try decodePod("""
            apiVersion: v1
            kind: Pod
            spec:
              containers:
              - &base
                name: a
                image: busybox
                workingDir: /srv
              - <<: *base
                name: b
            """)
        let containers = try #require(pod.spec?.containers)
        #expect(containers.map(\.name) == ["a", "b"])
        #expect(containers[1].workingDir == "/srv")
    }
}
