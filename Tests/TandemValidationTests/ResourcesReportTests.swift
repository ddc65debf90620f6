import Foundation
import Testing
import TandemAPI
import TandemManifest
@testable import TandemValidation

private let manifest = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      initContainers:
      - name: migrate
        image: busybox
        resources:
          requests: {cpu: "2", memory: 1Gi}
      - name: proxy
        image: envoy
        restartPolicy: Always
        resources:
          requests: {cpu: 250m, memory: 64Mi}
          limits: {cpu: 500m, memory: 128Mi}
      - name: warm
        image: busybox
        resources:
          requests: {cpu: 1500m}
      containers:
      - name: app
        image: app
        resources:
          limits: {cpu: 1, memory: 512Mi}
      overhead: {cpu: 100m}
    ---
    apiVersion: batch/v1
    kind: Job
    metadata: {name: batch}
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: x
    """

/// The same path as `tandem resources`: decode, default, compute.
private func report(options: ResourceOptions = ResourceOptions()) throws -> ResourcesReport {
    let documents = try ManifestLoader.decode(text: manifest, file: "pod.yaml")
    return ResourcesReport(items: documents.map { document in
        var spec = document.object.podSpecLocation?.spec
        if var present = spec {
            Defaulting.apply(to: &present)
            spec = present
        }
        return ResourcesReport.Item(kind: document.object.kind, name: document.object.name, spec: spec, options: options)
    })
}

@Test func requestsDefaultFromLimitsBeforeAggregating() throws {
    let web = try #require(try report().items.first)
    // app's request defaults to its limit (1 cpu, 512Mi): running = 1 + 250m; migrate = 2; warm = 1500m + 250m.
    #expect(web.requests.map(\.description) == [
        "cpu=2100m (init container migrate + overhead 100m)",
        "memory=1Gi (init container migrate)",
    ])
    #expect(web.limits.map(\.description) == [
        "cpu=1600m (containers + sidecars running + overhead 100m)",
        "memory=640Mi (containers + sidecars running)",
    ])
}

@Test func tableHasOneRowPerResource() throws {
    let expected = """
        KIND   NAME    RESOURCE   REQUEST   LIMIT   SET BY
        Pod    web     cpu        2         1500m   init container migrate; limit: containers + sidecars running
        Pod    web     memory     1Gi       640Mi   init container migrate; limit: containers + sidecars running
        Job    batch   <none>     -         -       -

        """
    #expect(try report(options: ResourceOptions(excludeOverhead: true)).table() == expected)
}

@Test func jsonListsCanonicalQuantitiesAndOmitsAbsentResources() throws {
    let text = try report().json()
    let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    let items = try #require(decoded?["items"] as? [[String: Any]])
    #expect(items.count == 2)
    #expect(items[0]["kind"] as? String == "Pod")
    #expect(items[0]["name"] as? String == "web")
    #expect(items[0]["requests"] as? [String: String] == ["cpu": "2100m", "memory": "1Gi"])
    #expect(items[0]["limits"] as? [String: String] == ["cpu": "1600m", "memory": "640Mi"])
    #expect(items[1]["requests"] as? [String: String] == [:])
    #expect(items[1]["limits"] as? [String: String] == [:])
}

/// The JSON says which phase sets each value, as the table's SET BY column does (it used to
/// give the values alone).
@Test func jsonNamesThePhaseThatSetsEachValue() throws {
    #expect(try report().json() == """
        {
          "items": [
            {
              "kind": "Pod",
              "name": "web",
              "requests": {
                "cpu": "2100m",
                "memory": "1Gi"
              },
              "limits": {
                "cpu": "1600m",
                "memory": "640Mi"
              },
              "setBy": {
                "requests": {
                  "cpu": "init container migrate + overhead 100m",
                  "memory": "init container migrate"
                },
                "limits": {
                  "cpu": "containers + sidecars running + overhead 100m",
                  "memory": "containers + sidecars running"
                }
              }
            },
            {
              "kind": "Job",
              "name": "batch",
              "requests": {},
              "limits": {},
              "setBy": {
                "requests": {},
                "limits": {}
              }
            }
          ]
        }

        """)
}

@Test func jsonEscapesNames() throws {
    let item = ResourcesReport.Item(kind: "Pod", name: "we\"ird\n", spec: nil, options: ResourceOptions())
    let text = ResourcesReport(items: [item]).json()
    let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    let items = try #require(decoded?["items"] as? [[String: Any]])
    #expect(items.first?["name"] as? String == "we\"ird\n")
    #expect(ResourcesReport(items: []).json() == "{\n  \"items\": []\n}\n")
}

@Test func limitOnlyResourcesAreExplainedAsLimits() {
    let spec = PodSpec(containers: [Container(name: "c", resources: ResourceRequirements(requests: ["cpu": Quantity(1)]))],
                       resources: ResourceRequirements(limits: ["memory": Quantity(1 << 30, format: .binarySI)]))
    let report = ResourcesReport(items: [ResourcesReport.Item(kind: "Pod", name: "p", spec: spec, options: ResourceOptions())])
    #expect(report.table().contains("memory     -         1Gi     limit: pod-level spec.resources"))
}
