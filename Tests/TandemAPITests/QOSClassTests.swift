import Testing
import TandemAPI

@Suite struct QOSClassTests {
    func container(requests: [String: String] = [:], limits: [String: String] = [:], sidecar: Bool = false) -> Container {
        func list(_ values: [String: String]) -> ResourceList? {
            values.isEmpty ? nil : values.mapValues { try! Quantity(parsing: $0) }
        }
        return Container(name: "c", image: "i",
                         resources: ResourceRequirements(limits: list(limits), requests: list(requests)),
                         restartPolicy: sidecar ? "Always" : nil)
    }

    @Test func noResourcesIsBestEffort() {
        #expect(PodSpec(containers: [container()]).qosClass == "BestEffort")
        #expect(PodSpec(containers: [container(requests: ["cpu": "0"])]).qosClass == "BestEffort")
    }

    @Test func equalRequestsAndLimitsEverywhereIsGuaranteed() {
        let both = container(requests: ["cpu": "1", "memory": "1Gi"], limits: ["cpu": "1", "memory": "1Gi"])
        #expect(PodSpec(initContainers: [both], containers: [both]).qosClass == "Guaranteed")
        // Extended resources do not count.
        let gpu = container(requests: ["cpu": "1", "memory": "1Gi", "nvidia.com/gpu": "1"],
                            limits: ["cpu": "1", "memory": "1Gi", "nvidia.com/gpu": "1"])
        #expect(PodSpec(containers: [gpu]).qosClass == "Guaranteed")
    }

    @Test func aSidecarWithoutLimitsMakesThePodBurstable() {
        let both = container(requests: ["cpu": "1", "memory": "1Gi"], limits: ["cpu": "1", "memory": "1Gi"])
        let sidecar = container(requests: ["cpu": "100m"], sidecar: true)
        #expect(PodSpec(initContainers: [sidecar], containers: [both]).qosClass == "Burstable")
        let lower = container(requests: ["cpu": "500m", "memory": "1Gi"], limits: ["cpu": "1", "memory": "1Gi"])
        #expect(PodSpec(containers: [lower]).qosClass == "Burstable")
    }
}
