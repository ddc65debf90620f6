import Testing
import TandemAPI
@testable import TandemValidation

private func q(_ text: String) -> Quantity {
    // Test inputs are literals known to be valid.
    try! Quantity(parsing: text)
}

private func container(_ name: String, sidecar: Bool = false,
                       requests: [String: String] = [:], limits: [String: String] = [:]) -> Container {
    Container(
        name: name,
        resources: ResourceRequirements(
            limits: limits.isEmpty ? nil : limits.mapValues(q),
            requests: requests.isEmpty ? nil : requests.mapValues(q)),
        restartPolicy: sidecar ? "Always" : nil)
}


// §2.2 worked example 2: max(5, 3+2+1+1) = 7, set by the running phase.
@Test func multipleSidecarsAddToTheRunningSet() {
    let spec = PodSpec(
        initContainers: [container("i1", requests: ["cpu": "5"]), container("s1", sidecar: true, requests: ["cpu": "1"]),
                         container("s2", sidecar: true, requests: ["cpu": "2"]), container("s3", sidecar: true, requests: ["cpu": "3"])],
        containers: [container("c1", requests: ["cpu": "1"])])
    let peak = EffectiveResources.peak(spec, of: .requests)
    #expect(peak == [EffectiveResource(name: "cpu", quantity: q("7"), phase: .running)])
}

// §2.2 worked example 3: I2 runs next to S1 and S2 (5+1+2 = 8); S3 comes after it.
@Test func initContainerRunsNextToEarlierSidecarsOnly() {
    let spec = PodSpec(
        initContainers: [container("i1", requests: ["cpu": "5"]), container("s1", sidecar: true, requests: ["cpu": "1"]),
                         container("s2", sidecar: true, requests: ["cpu": "2"]), container("i2", requests: ["cpu": "5"]),
                         container("s3", sidecar: true, requests: ["cpu": "3"])],
        containers: [container("c1", requests: ["cpu": "1"])])
    let peak = EffectiveResources.peak(spec, of: .requests)
    #expect(peak.count == 1)
    #expect(peak.first?.quantity.description == "8")
    #expect(peak.first?.phase == .initContainer(name: "i2", sidecarsBefore: ["s1", "s2"]))
    #expect(peak.first?.explanation == "init container i2 + sidecars s1, s2")
}

// §2.2 worked example 4, requests and limits alike: 200 + 10 = 210.
@Test func sidecarThenBigInitContainer() {
    let spec = PodSpec(
        initContainers: [container("s1", sidecar: true, requests: ["cpu": "10"], limits: ["cpu": "10"]),
                         container("i1", requests: ["cpu": "200"], limits: ["cpu": "200"])],
        containers: [container("c1", requests: ["cpu": "100"], limits: ["cpu": "100"])])
    #expect(EffectiveResources.requests(spec) == ["cpu": q("210")])
    #expect(EffectiveResources.limits(spec) == ["cpu": q("210")])
}

// §2.2 worked example 5: containers 9 + sidecar 8 = 17 beats the init phase 6 + 8 = 14.
@Test func sidecarBeforeRegularInit() {
    let spec = PodSpec(
        initContainers: [container("s", sidecar: true, requests: ["cpu": "8"]), container("i", requests: ["cpu": "6"])],
        containers: [container("c", requests: ["cpu": "9"])])
    #expect(EffectiveResources.requests(spec)["cpu"]?.description == "17")
}

// §2.2 worked example 6 (TestPodRequestsAndLimits "all-req-lim-and-overhead" / "just-limit-no-overhead").
@Test func overheadGoesToRequestsAndSetLimitsOnly() {
    let spec = PodSpec(
        containers: [container("c", requests: ["cpu": "1", "memory": "10"], limits: ["cpu": "2", "memory": "12"])],
        overhead: ["cpu": q("5"), "memory": q("5")])
    #expect(EffectiveResources.requests(spec) == ["cpu": q("6"), "memory": q("15")])
    #expect(EffectiveResources.limits(spec) == ["cpu": q("7"), "memory": q("17")])

    let limitOnly = PodSpec(containers: [container("c", limits: ["cpu": "9"])])
    #expect(EffectiveResources.requests(limitOnly).isEmpty, "the helper does no request defaulting")
    #expect(EffectiveResources.limits(limitOnly) == ["cpu": q("9")])

    let withOverhead = PodSpec(containers: [container("c", requests: ["cpu": "2"], limits: ["cpu": "2"])],
                               overhead: ["cpu": q("250m"), "memory": q("64Mi")])
    let requests = EffectiveResources.peak(withOverhead, of: .requests)
    #expect(requests.map(\.description) == ["cpu=2250m (containers + sidecars running + overhead 250m)",
                                            "memory=64Mi (pod overhead)"])
    #expect(EffectiveResources.limits(withOverhead) == ["cpu": q("2250m")], "no memory limit is set: no overhead")
    #expect(EffectiveResources.requests(withOverhead, options: ResourceOptions(excludeOverhead: true)) == ["cpu": q("2")])
}

// Overhead is not added to a limit that is set to zero.
@Test func overheadSkipsZeroLimits() {
    let spec = PodSpec(containers: [container("c", limits: ["cpu": "0", "memory": "1Gi"])],
                       overhead: ["cpu": q("1"), "memory": q("1Gi")])
    #expect(EffectiveResources.limits(spec) == ["cpu": q("0"), "memory": q("2Gi")])
}

// §2.2 worked example 7 and pod-level skipping.
@Test func podLevelRequestsWinUnlessSkipped() {
    var spec = PodSpec(
        initContainers: [container("s", sidecar: true, requests: ["cpu": "4m", "memory": "5Mi"]),
                         container("i", requests: ["cpu": "8m", "memory": "6Mi"])],
        containers: [container("c", requests: ["cpu": "2m", "memory": "3Mi"])])
    #expect(EffectiveResources.requests(spec) == ["cpu": q("12m"), "memory": q("11Mi")])
    #expect(EffectiveResources.requests(spec).mapValues(\.description) == ["cpu": "12m", "memory": "11Mi"])

    spec.resources = ResourceRequirements(requests: ["cpu": q("18m"), "memory": q("15Mi"), "example.com/gpu": q("1")])
    let peak = EffectiveResources.peak(spec, of: .requests)
    #expect(peak.map(\.name) == ["cpu", "memory"], "unsupported pod-level resources are ignored")
    #expect(peak.allSatisfy { $0.phase == .podLevel })
    #expect(EffectiveResources.requests(spec) == ["cpu": q("18m"), "memory": q("15Mi")])
    #expect(EffectiveResources.requests(spec, options: ResourceOptions(skipPodLevelResources: true))
        == ["cpu": q("12m"), "memory": q("11Mi")])
}

// Pod-level limits apply when either pod-level list names a supported resource.
@Test func podLevelLimitsApplyWhenAnyPodLevelResourceIsSet() {
    var spec = PodSpec(containers: [container("c", limits: ["cpu": "1", "memory": "1Gi"])])
    spec.resources = ResourceRequirements(limits: ["memory": q("2Gi")], requests: ["cpu": q("500m")])
    #expect(EffectiveResources.limits(spec) == ["cpu": q("1"), "memory": q("2Gi")])
    #expect(EffectiveResources.requests(spec) == ["cpu": q("500m")])
}

@Test func hugepagesAndMemoryFollowTheSameRule() {
    let spec = PodSpec(
        initContainers: [container("proxy", sidecar: true, requests: ["memory": "64Mi", "hugepages-2Mi": "4Mi"]),
                         container("migrate", requests: ["memory": "1Gi", "hugepages-2Mi": "2Mi"])],
        containers: [container("app", requests: ["memory": "512Mi", "hugepages-2Mi": "8Mi"])])
    let peak = EffectiveResources.peak(spec, of: .requests)
    #expect(peak.map(\.description) == [
        "hugepages-2Mi=12Mi (containers + sidecars running)",
        "memory=1088Mi (init container migrate + sidecars proxy)",
    ])
    let memoryMilli: Int64 = 1088 * 1024 * 1024 * 1000
    #expect(peak.last?.quantity.milliValue == memoryMilli)
}

@Test func absentResourcesStayAbsent() {
    let spec = PodSpec(initContainers: [container("init")], containers: [container("app"), container("other", requests: ["cpu": "0"])])
    #expect(EffectiveResources.requests(spec) == ["cpu": q("0")])
    #expect(EffectiveResources.limits(spec).isEmpty)
    #expect(EffectiveResources.requests(PodSpec()).isEmpty)
}

@Test func resourceOnlyInAnInitContainerComesFromItsPhase() {
    let spec = PodSpec(initContainers: [container("fetch", requests: ["ephemeral-storage": "1Gi"])],
                       containers: [container("app", requests: ["cpu": "1"])])
    let peak = EffectiveResources.peak(spec, of: .requests)
    #expect(peak.map(\.description) == ["cpu=1 (containers + sidecars running)",
                                        "ephemeral-storage=1Gi (init container fetch)"])
}
