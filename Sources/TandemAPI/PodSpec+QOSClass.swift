extension PodSpec {
    /// The pod's quality-of-service class as Kubernetes computes it (`ComputePodQOS`,
    /// pkg/apis/core/helper/qos): over init (sidecars included) and regular containers, only cpu
    /// and memory, only positive values. `BestEffort` without any, `Guaranteed` when every
    /// container limits both and the summed requests equal the summed limits, else `Burstable`.
    public var qosClass: String {
        var requests: [String: Quantity] = [:]
        var limits: [String: Quantity] = [:]
        var guaranteed = true
        let supported: Set<String> = ["cpu", "memory"]
        for container in (containers ?? []) + (initContainers ?? []) {
            for (name, quantity) in container.resources?.requests ?? [:] where supported.contains(name) && quantity.sign > 0 {
                requests[name] = requests[name].map { $0.adding(quantity) } ?? quantity
            }
            var limited: Set<String> = []
            for (name, quantity) in container.resources?.limits ?? [:] where supported.contains(name) && quantity.sign > 0 {
                limited.insert(name)
                limits[name] = limits[name].map { $0.adding(quantity) } ?? quantity
            }
            if !limited.isSuperset(of: supported) { guaranteed = false }
        }
        if requests.isEmpty && limits.isEmpty { return "BestEffort" }
        if guaranteed {
            for (name, request) in requests where limits[name].map({ $0.compare(request) != 0 }) ?? true {
                guaranteed = false
            }
        }
        return guaranteed && requests.count == limits.count ? "Guaranteed" : "Burstable"
    }
}
