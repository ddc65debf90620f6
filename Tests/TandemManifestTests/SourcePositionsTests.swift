import Testing
import TandemManifest

@Suite struct SourcePositionsTests {
    let yaml = """
    apiVersion: v1
    kind: Service
    metadata: {name: skipped}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      annotations:
        lint.tandem.dev/ignore: "x: y"
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          initContainers:
          - name: proxy
            image: envoy
            restartPolicy: Always
          containers:
          - name: app
            image: app
            command: ["sh", "-c", "exec ./app"]
    """

    @Test func pathsResolveToTheKeyOrListItemAndOtherKindsAreSkipped() throws {
        let documents = try ManifestLoader.decodeLocated(text: yaml, file: "d.yaml")
        #expect(documents.map(\.document.object.kind) == ["Deployment"])
        let positions = try #require(documents.first?.positions)
        typealias Position = SourcePositions.Position
        #expect(positions.position(of: "spec.template.spec.initContainers[0]") == Position(line: 17, column: 9))
        #expect(positions.position(of: "spec.template.spec.initContainers[0].restartPolicy") == Position(line: 19, column: 9))
        #expect(positions.position(of: "spec.template.spec.containers[0].command[2]") == Position(line: 23, column: 31))
        #expect(positions.position(of: "metadata.annotations[lint.tandem.dev/ignore]") == Position(line: 10, column: 5))
        // Missing fields fall back to the deepest part that exists: the container without resources.
        #expect(positions.position(of: "spec.template.spec.containers[0].resources.requests") == Position(line: 21, column: 9))
        #expect(positions.position(of: "spec.template.spec.containers[7]") == Position(line: 20, column: 7))
    }

    @Test func brokenPodKindsAreStillErrors() {
        #expect(throws: ManifestError.self) {
            try ManifestLoader.decodeLocated(text: "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containerz: []}\n", file: "p.yaml")
        }
    }
}
