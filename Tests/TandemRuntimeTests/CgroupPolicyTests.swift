import TandemAPI
import TandemOS
import Testing
@testable import TandemRuntime

@Suite struct CgroupPolicyTests {
    func resources(_ limits: [String: String] = [:], requests: [String: String] = [:]) throws -> ResourceRequirements {
        ResourceRequirements(
            limits: limits.isEmpty ? nil : try limits.mapValues { try Quantity(parsing: $0) },
            requests: requests.isEmpty ? nil : try requests.mapValues { try Quantity(parsing: $0) })
    }

    func container(_ name: String, sidecar: Bool = false, limits: [String: String] = [:],
                   requests: [String: String] = [:]) throws -> Container {
        Container(name: name, image: "x", resources: try resources(limits, requests: requests),
                  restartPolicy: sidecar ? "Always" : nil)
    }

    @Test func milliCPUToSharesFollowsTheKubelet() {
        #expect([0, 1, 100, 250, 1000, 300_000].map(CgroupPolicy.milliCPUToShares) == [2, 2, 102, 256, 1024, 262_144])
    }

    @Test func milliCPUToQuotaFollowsTheKubelet() {
        #expect([0, 5, 10, 100, 2500].map { CgroupPolicy.milliCPUToQuota($0) } == [0, 1000, 1000, 10_000, 250_000])
    }

    @Test func sharesBecomeRuncsCgroupV2Weight() {
        #expect([0, 2, 3, 102, 512, 1024, 2048, 10_240, 262_144].map(cgroupV2Weight(fromShares:))
                == [0, 1, 2, 17, 59, 100, 174, 639, 10_000])
    }

    @Test func aContainersOwnCgroupTakesItsLimitsAndRequest() throws {
        #expect(CgroupPolicy.containerLimits(try container("a", limits: ["cpu": "1", "memory": "64Mi"], requests: ["cpu": "250m"]))
                == CgroupLimits(memoryBytes: 67_108_864, cpuShares: 256, cpuQuotaMicroseconds: 100_000, cpuPeriodMicroseconds: 100_000))
        // Only a limit: the request defaults to it.
        #expect(CgroupPolicy.containerLimits(try container("b", limits: ["cpu": "500m"]))
                == CgroupLimits(cpuShares: 512, cpuQuotaMicroseconds: 50_000, cpuPeriodMicroseconds: 100_000))
        #expect(CgroupPolicy.containerLimits(try container("c"))
                == CgroupLimits(cpuShares: 2, cpuQuotaMicroseconds: -1, cpuPeriodMicroseconds: 100_000))
    }

    @Test func aGuaranteedPodIsSizedWithItsSidecars() throws {
        let spec = PodSpec(
            initContainers: [try container("proxy", sidecar: true, limits: ["cpu": "100m", "memory": "64Mi"],
                                           requests: ["cpu": "100m", "memory": "64Mi"])],
            containers: [try container("app", limits: ["cpu": "400m", "memory": "128Mi"],
                                       requests: ["cpu": "400m", "memory": "128Mi"])])
        #expect(CgroupPolicy.podLimits(spec, pidsLimit: 4096)
                == CgroupLimits(memoryBytes: 201_326_592, cpuShares: 512, cpuQuotaMicroseconds: 50_000,
                                cpuPeriodMicroseconds: 100_000, pidsLimit: 4096))
    }

    @Test func aBurstablePodGetsAQuotaOrMemoryLimitOnlyWhenEveryContainerDeclaresIt() throws {
        // The init container runs next to the sidecar before it: 256Mi + 64Mi beats 64Mi + 128Mi.
        let spec = PodSpec(
            initContainers: [try container("proxy", sidecar: true, limits: ["memory": "64Mi"]),
                             try container("migrate", limits: ["memory": "256Mi", "cpu": "1"])],
            containers: [try container("app", limits: ["memory": "128Mi", "cpu": "2"], requests: ["cpu": "500m"])])
        #expect(CgroupPolicy.podLimits(spec, pidsLimit: 0)
                == CgroupLimits(memoryBytes: 335_544_320, cpuShares: 512))
    }

    @Test func aBestEffortPodGetsTheMinimumShares() throws {
        let spec = PodSpec(containers: [try container("app")])
        #expect(CgroupPolicy.podLimits(spec, pidsLimit: 100) == CgroupLimits(cpuShares: 2, pidsLimit: 100))
    }

    @Test func oomScoreAdjustFollowsTheQOSClass() throws {
        let gib: Int64 = 1 << 30
        let guaranteed = try container("g", limits: ["cpu": "1", "memory": "1Gi"], requests: ["cpu": "1", "memory": "1Gi"])
        #expect(CgroupPolicy.oomScoreAdjust(PodSpec(containers: [guaranteed]), container: guaranteed, memoryCapacity: 16 * gib) == -997)
        let bestEffort = try container("b")
        #expect(CgroupPolicy.oomScoreAdjust(PodSpec(containers: [bestEffort]), container: bestEffort, memoryCapacity: 16 * gib) == 1000)

        let app = try container("app", requests: ["memory": "4Gi"])
        let small = try container("small", requests: ["memory": "1Gi"])
        let proxy = try container("proxy", sidecar: true, requests: ["cpu": "10m"])
        let spec = PodSpec(initContainers: [proxy], containers: [app, small])
        #expect(CgroupPolicy.oomScoreAdjust(spec, container: app, memoryCapacity: 16 * gib) == 750)
        #expect(CgroupPolicy.oomScoreAdjust(spec, container: small, memoryCapacity: 16 * gib) == 938)
        // A sidecar is killed no earlier than the regular container with the smallest request.
        #expect(CgroupPolicy.oomScoreAdjust(spec, container: proxy, memoryCapacity: 16 * gib) == 938)
        // Requests tiny against the machine: 999, never BestEffort's 1000.
        #expect(CgroupPolicy.oomScoreAdjust(PodSpec(containers: [proxy]), container: proxy, memoryCapacity: 16 * gib) == 999)
    }

    @Test func statisticsGiveKubectlTopsCPURate() {
        let earlier = ContainerStatistics(memoryWorkingSetBytes: 0, cpuUsageNanoseconds: 1_000_000_000, sampledAtNanoseconds: 10_000_000_000)
        let later = ContainerStatistics(memoryWorkingSetBytes: 13 << 20, cpuUsageNanoseconds: 1_500_000_000, sampledAtNanoseconds: 12_000_000_000)
        #expect(later.cpuMillicores(since: earlier) == 250)
        #expect(earlier.cpuMillicores(since: later) == nil)
        #expect(ContainerStatistics.formatted(millicores: 250) == "250m")
        #expect(ContainerStatistics.formatted(bytes: later.memoryWorkingSetBytes) == "13Mi")
    }
}
