import TandemAPI

extension PodSpec {
    /// v1 defaulting of container requests (`pkg/apis/core/v1/defaults.go` `SetDefaults_Pod`):
    /// every resource with a limit but no request gets request = limit, for init and regular
    /// containers. Kept here so resource reports match what the API server stores even before
    /// the manifest module's `Defaulting` covers it; applying it twice changes nothing.
    func defaultingRequestsFromLimits() -> PodSpec {
        var spec = self
        spec.initContainers = spec.initContainers?.map { $0.defaultingRequestsFromLimits() }
        spec.containers = spec.containers?.map { $0.defaultingRequestsFromLimits() }
        return spec
    }
}

extension Container {
    func defaultingRequestsFromLimits() -> Container {
        guard var resources, let limits = resources.limits, !limits.isEmpty else { return self }
        var requests = resources.requests ?? [:]
        for (name, limit) in limits where requests[name] == nil {
            requests[name] = limit
        }
        resources.requests = requests
        var container = self
        container.resources = resources
        return container
    }
}
