@testable import TandemManifest
import Testing

/// One decoding pass reports every problem of a file, in file order, with suggestions.
@Suite("Every problem in one pass")
struct AllProblemsTests {
    /// Every problem of `text` as its one-line descriptions, or [] when it decodes.
    private func problems(_ text: String) -> [String] {
        decodingError(text)?.lines ?? []
    }

    @Test func unknownFieldsOfEveryDocumentInFileOrderWithSuggestions() {
        #expect(problems("""
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespce: x}
            spec:
              containers:
              - name: app
                image: busybox
                args: [x]
                comand: [sh]
                volumeMount: []
              - name: b
                image_pull_policy: Always
                ImagePullPolicy: Never
                resources: {limits: {cpu: 1}, requets: {}}
            ---
            apiVersion: v1
            kind: Pod
            spec:
              zzz: 1
              nodename: n
              containers: [{name: c, imagee: x}]
            """) == [
            #"pod.yaml: unknown field "metadata.namespce" (line 3, column 21); did you mean "namespace"?"#,
            #"pod.yaml: unknown field "spec.containers[0].comand" (line 9, column 5); did you mean "command"?"#,
            #"pod.yaml: unknown field "spec.containers[0].volumeMount" (line 10, column 5); did you mean "volumeMounts"?"#,
            #"pod.yaml: unknown field "spec.containers[1].image_pull_policy" (line 12, column 5); did you mean "imagePullPolicy"?"#,
            #"pod.yaml: unknown field "spec.containers[1].ImagePullPolicy" (line 13, column 5); did you mean "imagePullPolicy"?"#,
            #"pod.yaml: unknown field "spec.containers[1].resources.requets" (line 14, column 35); did you mean "requests"?"#,
            #"pod.yaml: unknown field "spec.zzz" (line 19, column 3)"#,
            #"pod.yaml: unknown field "spec.nodename" (line 20, column 3); did you mean "nodeName"?"#,
            #"pod.yaml: unknown field "spec.containers[0].imagee" (line 21, column 26); did you mean "image"?"#,
        ])
    }

    @Test func wrongTypesDoNotHideLaterProblems() {
        // A bad element stops its list, but the elements after it are still looked at.
        #expect(problems("""
            apiVersion: v1
            kind: Pod
            spec:
              terminationGracePeriodSeconds: soon
              containers:
              - name: a
                ports: [{containerPort: x}, {containerPort: 2, nmae: p}]
              - name: b
                tty: maybe
                stdinn: true
            """) == [
            #"pod.yaml: spec.terminationGracePeriodSeconds: expected int64, got string "soon" (line 4, column 34)"#,
            #"pod.yaml: spec.containers[0].ports[0].containerPort: expected int32, got string "x" (line 7, column 29)"#,
            #"pod.yaml: unknown field "spec.containers[0].ports[1].nmae" (line 7, column 52); did you mean "name"?"#,
            #"pod.yaml: spec.containers[1].tty: expected bool, got string "maybe" (line 9, column 10)"#,
            #"pod.yaml: unknown field "spec.containers[1].stdinn" (line 10, column 5); did you mean "stdin"?"#,
        ])
    }

    @Test func everyRepeatedKeyAtItsLaterOccurrenceTheLastValueWinning() throws {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata:
              labels: {app: a, app: b, app: c}
            spec:
              restartPolicy: Never
              containers: [{name: x, image: one, image: two, imagee: three}]
              restartPolicy: Always
            """
        #expect(problems(text) == [
            #"pod.yaml: duplicate field "metadata.labels.app" (line 4, column 20)"#,
            #"pod.yaml: duplicate field "metadata.labels.app" (line 4, column 28)"#,
            #"pod.yaml: duplicate field "spec.containers[0].image" (line 7, column 38)"#,
            #"pod.yaml: unknown field "spec.containers[0].imagee" (line 7, column 50)"#,
            #"pod.yaml: duplicate field "spec.restartPolicy" (line 8, column 3)"#,
        ])
        // The same file without the typo still fails (Kubernetes refuses duplicates strictly),
        // and the later value is the one decoded when duplicates are all there is.
        let composed = try ManifestLoader.composeCollecting(text: "a: 1\nb: 2\na: 3\n", file: "x.yaml")
        #expect(composed.issues.count == 1)
        guard case .mapping(let mapping)? = composed.roots.first else {
            Issue.record("not a mapping")
            return
        }
        let fields = try MappingFields(mapping, path: .root, budget: composed.budget, issues: composed.issues)
        #expect(fields.entries.map(\.key) == ["b", "a"])
        #expect(fields.value(forKey: "a")?.string == "3")
    }

    @Test func aFileThatCannotComposeReportsTheRepeatsFoundAndTheSyntaxError() {
        #expect(problems("a: 1\na: 2\n---\nb: [\n") == [
            #"pod.yaml: duplicate field "a" (line 1, column 1)"#,
            "pod.yaml: invalid YAML: did not find expected node content (while parsing a flow node at line 5) (line 5, column 1)",
        ])
    }

    @Test func manyRepeatsStayBounded() {
        // Each repeat costs one more composition of the text: the rounds are capped.
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n"
            + (0..<200).map { "    k\($0): a\n    k\($0): b\n" }.joined()
        let found = problems(text)
        #expect(found.count == DuplicateKeyLocator.maxRounds + 1)
        #expect(found.allSatisfy { $0.contains("duplicate field") })
    }

    @Test func problemsKeptAreBounded() {
        let text = "apiVersion: v1\nkind: Pod\nspec:\n" + (0..<1_500).map { "  unknown\($0): 1\n" }.joined()
        let found = problems(text)
        #expect(found.count == DecodingIssues.maxKept + 1)
        #expect(found.first == #"pod.yaml: unknown field "spec.unknown0" (line 4, column 3)"#)
        #expect(found.last == "pod.yaml: 500 more problems not shown (the first 1000 found are)")
    }

    @Test func suggestionsNeedACloseKnownField() {
        let known = ["name", "image", "command", "args", "imagePullPolicy", "volumeMounts"]
        #expect(FieldSuggestion.nearest(to: "nmae", among: known) == "name")
        #expect(FieldSuggestion.nearest(to: "comand", among: known) == "command")
        #expect(FieldSuggestion.nearest(to: "IMAGE_PULL_POLICY", among: known) == "imagePullPolicy")
        #expect(FieldSuggestion.nearest(to: "arg", among: known) == "args")
        #expect(FieldSuggestion.nearest(to: "foo", among: known) == nil)
        #expect(FieldSuggestion.nearest(to: "volumes", among: known) == nil)
        #expect(FieldSuggestion.nearest(to: String(repeating: "x", count: 1 << 20), among: known) == nil)
        #expect(FieldSuggestion.editDistance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)) == 3)
        #expect(FieldSuggestion.editDistance(Array("ab".unicodeScalars), Array("ba".unicodeScalars)) == 1)
        #expect(FieldSuggestion.editDistance(Array("ab".unicodeScalars), Array("ba".unicodeScalars), swaps: false) == 2)
    }

    @Test func anAliasBombIsStillRefusedAtOnce() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 { text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.contains("excessive aliasing") == true)
    }
}
