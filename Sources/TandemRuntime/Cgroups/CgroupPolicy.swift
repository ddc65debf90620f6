import TandemAPI
import struct TandemOS.CgroupLimits
import TandemValidation

/// What tandem limits a pod and its containers to: the kubelet's numbers, in the OCI spec's
/// units (`CgroupLimits`), for TandemOS to write into cgroups.
///
/// - Container: `calculateLinuxResources` (pkg/kubelet/kuberuntime/kuberuntime_container_linux.go):
///   memory limit as is; cpu shares from the request (the limit when only a limit is set); a
///   CFS quota from the limit (`-1`, unlimited, without one) over the 100 ms period.
/// - Pod: `ResourceConfigForPod` (pkg/kubelet/cm/helpers_linux.go) over the sidecar-aware
///   `PodRequests` / `PodLimits` that `tandem resources` prints (TandemValidation): by QoS
///   class, Guaranteed gets shares, quota and memory; Burstable shares, and quota / memory only
///   when every container declares that limit; BestEffort the minimum shares. Plus the pod's
///   pids limit (the kubelet's `--pod-max-pids`).
public enum CgroupPolicy {
    /// pkg/kubelet/cm/helpers_linux.go constants.
    public static let minShares: UInt64 = 2
    public static let maxShares: UInt64 = 262_144
    public static let sharesPerCPU: Int64 = 1024
    public static let milliCPUToCPU: Int64 = 1000
    public static let quotaPeriod: Int64 = 100_000
    public static let minQuotaPeriod: Int64 = 1000

    /// `MilliCPUToShares`.
    public static func milliCPUToShares(_ milliCPU: Int64) -> UInt64 {
        if milliCPU == 0 { return minShares }
        let (product, overflow) = milliCPU.multipliedReportingOverflow(by: sharesPerCPU)
        let shares = overflow ? Int64.max : product / milliCPUToCPU
        if shares < Int64(minShares) { return minShares }
        if shares > Int64(maxShares) { return maxShares }
        return UInt64(shares)
    }

    /// `MilliCPUToQuota` (without the CPUCFSQuotaPeriod gate: the period is always 100 ms).
    /// 0 milliCPU gives 0, which callers turn into "no quota".
    public static func milliCPUToQuota(_ milliCPU: Int64, period: Int64 = quotaPeriod) -> Int64 {
        if milliCPU == 0 { return 0 }
        let (product, overflow) = milliCPU.multipliedReportingOverflow(by: period)
        let quota = overflow ? Int64.max : product / milliCPUToCPU
        return max(quota, minQuotaPeriod)
    }

    /// The container's own cgroup.
    public static func containerLimits(_ container: Container) -> CgroupLimits {
        let requests = container.resources?.requests ?? [:]
        let limits = container.resources?.limits ?? [:]
        let cpuRequest = requests["cpu"]?.milliValue ?? 0
        let cpuLimit = limits["cpu"]?.milliValue ?? 0
        let memoryLimit = limits["memory"]?.value ?? 0
        // "If request is not specified, but limit is, we want request to default to limit."
        let shares = milliCPUToShares(cpuRequest == 0 && cpuLimit != 0 ? cpuLimit : cpuRequest)
        let quota = milliCPUToQuota(cpuLimit)
        return CgroupLimits(
            memoryBytes: memoryLimit > 0 ? memoryLimit : nil,
            cpuShares: shares,
            cpuQuotaMicroseconds: quota > 0 ? quota : -1,
            cpuPeriodMicroseconds: UInt64(quotaPeriod))
    }

    /// The pod's cgroup; `pidsLimit` ≤ 0 means none.
    public static func podLimits(_ spec: PodSpec, pidsLimit: Int64) -> CgroupLimits {
        let requests = EffectiveResources.requests(spec)
        let limits = EffectiveResources.limits(spec)
        // ResourceConfigForPod's ContainerFn: every container the aggregate visits must declare
        // the limit (init containers with the sidecars before them, as PodLimits passes them).
        var cpuLimitsDeclared = true
        var memoryLimitsDeclared = true
        var sidecarLimits: ResourceList = [:]
        func visit(_ list: ResourceList) {
            if list["cpu"].map({ $0.isZero }) ?? true { cpuLimitsDeclared = false }
            if list["memory"].map({ $0.isZero }) ?? true { memoryLimitsDeclared = false }
        }
        for container in spec.containers ?? [] { visit(container.resources?.limits ?? [:]) }
        for container in spec.initContainers ?? [] {
            let own = container.resources?.limits ?? [:]
            if container.isRestartable {
                for (name, quantity) in own { sidecarLimits[name] = sidecarLimits[name].map { $0.adding(quantity) } ?? quantity }
                visit(sidecarLimits)
            } else {
                var combined = sidecarLimits
                for (name, quantity) in own { combined[name] = combined[name].map { $0.adding(quantity) } ?? quantity }
                visit(combined)
            }
        }
        let shares = milliCPUToShares(requests["cpu"]?.milliValue ?? 0)
        let quota = milliCPUToQuota(limits["cpu"]?.milliValue ?? 0)
        let memory = limits["memory"]?.value ?? 0
        var result = CgroupLimits(pidsLimit: pidsLimit > 0 ? pidsLimit : nil)
        switch spec.qosClass {
        case "Guaranteed":
            result.cpuShares = shares
            result.cpuQuotaMicroseconds = quota > 0 ? quota : -1
            result.cpuPeriodMicroseconds = UInt64(quotaPeriod)
            result.memoryBytes = memory > 0 ? memory : nil
        case "Burstable":
            result.cpuShares = shares
            if cpuLimitsDeclared {
                result.cpuQuotaMicroseconds = quota > 0 ? quota : -1
                result.cpuPeriodMicroseconds = UInt64(quotaPeriod)
            }
            if memoryLimitsDeclared, memory > 0 { result.memoryBytes = memory }
        default:
            result.cpuShares = minShares
        }
        return result
    }

    /// pkg/kubelet/qos/policy.go constants.
    public static let guaranteedOOMScoreAdj: Int32 = -997
    public static let besteffortOOMScoreAdj: Int32 = 1000

    /// `GetContainerOOMScoreAdjust` (node-critical pods aside): Guaranteed -997, BestEffort
    /// 1000, Burstable `1000 - 1000 × request / capacity` clamped to 3…999, a sidecar no higher
    /// than the pod's regular container with the smallest memory request.
    public static func oomScoreAdjust(_ spec: PodSpec, container: Container, memoryCapacity: Int64) -> Int32 {
        switch spec.qosClass {
        case "Guaranteed": return guaranteedOOMScoreAdj
        case "BestEffort": return besteffortOOMScoreAdj
        default: break
        }
        let capacity = max(memoryCapacity, 1)
        func adjust(forRequest request: Int64) -> Int64 {
            let (product, overflow) = request.multipliedReportingOverflow(by: 1000)
            return 1000 - (overflow ? Int64.max : product) / capacity
        }
        var score = adjust(forRequest: container.resources?.requests?["memory"]?.value ?? 0)
        let regular = spec.containers ?? []
        if container.isRestartable, let first = regular.first {
            var minimum = first.resources?.requests?["memory"]?.value ?? 0
            for other in regular.dropFirst() {
                minimum = min(minimum, other.resources?.requests?["memory"]?.value ?? 0)
            }
            score = min(score, adjust(forRequest: minimum))
        }
        if score < Int64(1000 + guaranteedOOMScoreAdj) { return 1000 + guaranteedOOMScoreAdj }
        if score == Int64(besteffortOOMScoreAdj) { return besteffortOOMScoreAdj - 1 }
        return Int32(score)
    }
}
