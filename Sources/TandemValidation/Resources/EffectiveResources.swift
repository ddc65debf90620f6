import TandemAPI

/// The pod's effective resource requests and limits as the scheduler, kubelet and quota see
/// them: Kubernetes `PodRequests` / `PodLimits` (k8s.io/component-helpers/resource/helpers.go)
/// for a pod spec, with native sidecars (restartable init containers) accounted for.
///
/// Per resource: the regular containers plus every sidecar run together for the pod's life;
/// each regular init container runs earlier, next to the sidecars declared before it. The
/// pod's value is the largest of those sums. Then pod-level `spec.resources` (cpu, memory,
/// hugepages-*) replace the aggregate, and `spec.overhead` is added (to a limit only when the
/// limit is set and non-zero). Resources nobody declares are absent, never zero.
public enum EffectiveResources {
    /// Kubernetes `PodRequests`.
    public static func requests(_ spec: PodSpec, options: ResourceOptions = ResourceOptions()) -> ResourceList {
        list(peak(spec, of: .requests, options: options))
    }

    /// Kubernetes `PodLimits`.
    public static func limits(_ spec: PodSpec, options: ResourceOptions = ResourceOptions()) -> ResourceList {
        list(peak(spec, of: .limits, options: options))
    }

    /// The effective requests or limits, sorted by resource name, each with the phase that sets it.
    public static func peak(_ spec: PodSpec, of kind: ResourceKind,
                            options: ResourceOptions = ResourceOptions()) -> [EffectiveResource] {
        var aggregate = aggregateContainers(spec, kind: kind)

        if !options.skipPodLevelResources, let podLevel = podLevelValues(spec, kind: kind) {
            for (name, quantity) in podLevel where isSupportedPodLevelResource(name) {
                aggregate[name] = EffectiveResource(name: name, quantity: quantity, phase: .podLevel)
            }
        }

        if !options.excludeOverhead, let overhead = spec.overhead {
            for (name, quantity) in overhead {
                switch (kind, aggregate[name]) {
                case (.requests, nil):
                    aggregate[name] = EffectiveResource(name: name, quantity: quantity, phase: .overheadOnly,
                                                        overhead: quantity)
                case (_, var resource?) where kind == .requests || !resource.quantity.isZero:
                    resource.quantity.add(quantity)
                    resource.overhead = resource.overhead.map { $0.adding(quantity) } ?? quantity
                    aggregate[name] = resource
                default:
                    // PodLimits adds overhead only to limits that are present and non-zero.
                    break
                }
            }
        }
        return aggregate.values.sorted { $0.name < $1.name }
    }

    /// Kubernetes `IsSupportedPodLevelResource`: cpu, memory and hugepages-*.
    public static func isSupportedPodLevelResource(_ name: String) -> Bool {
        name == "cpu" || name == "memory" || name.hasPrefix("hugepages-")
    }

    /// `aggregateContainerResourcesByFn` over spec values, remembering which phase won.
    static func aggregateContainers(_ spec: PodSpec, kind: ResourceKind) -> [String: EffectiveResource] {
        var running: ResourceList = [:]
        for container in spec.containers ?? [] {
            add(container.resourceList(kind), to: &running)
        }

        var sidecarSum: ResourceList = [:]
        var sidecarsSoFar: [String] = []
        var initPeak: [String: EffectiveResource] = [:]
        for container in spec.initContainers ?? [] {
            let own = container.resourceList(kind)
            let name = container.name ?? ""
            let candidate: ResourceList
            let phase: ResourcePhase
            if container.isRestartable {
                // A sidecar runs next to the regular containers for the pod's whole life.
                add(own, to: &running)
                add(own, to: &sidecarSum)
                candidate = sidecarSum
                phase = .sidecarStart(name: name, sidecarsBefore: sidecarsSoFar)
                sidecarsSoFar.append(name)
            } else {
                var combined: ResourceList = [:]
                add(own, to: &combined)
                add(sidecarSum, to: &combined)
                candidate = combined
                phase = .initContainer(name: name, sidecarsBefore: sidecarsSoFar)
            }
            for (resource, quantity) in candidate {
                if let stored = initPeak[resource], quantity <= stored.quantity { continue }
                initPeak[resource] = EffectiveResource(name: resource, quantity: quantity, phase: phase)
            }
        }

        var result: [String: EffectiveResource] = [:]
        for (resource, quantity) in running {
            result[resource] = EffectiveResource(name: resource, quantity: quantity, phase: .running)
        }
        for (resource, peak) in initPeak {
            if let stored = result[resource], peak.quantity <= stored.quantity { continue }
            result[resource] = peak
        }
        return result
    }

    /// Kubernetes `addResourceList`: a new name takes a copy (format and text kept), an existing one adds.
    static func add(_ list: ResourceList?, to total: inout ResourceList) {
        for (name, quantity) in list ?? [:] {
            if let existing = total[name] {
                total[name] = existing.adding(quantity)
            } else {
                total[name] = quantity
            }
        }
    }

    /// The pod-level list that replaces the aggregate, when Kubernetes would apply it:
    /// requests only if `spec.resources.requests` names a supported resource; limits if either
    /// list does (`IsPodLevelRequestsSet` / `IsPodLevelResourcesSet`).
    private static func podLevelValues(_ spec: PodSpec, kind: ResourceKind) -> ResourceList? {
        guard let resources = spec.resources else { return nil }
        let requestsSet = (resources.requests ?? [:]).keys.contains(where: isSupportedPodLevelResource)
        let limitsSet = (resources.limits ?? [:]).keys.contains(where: isSupportedPodLevelResource)
        switch kind {
        case .requests: return requestsSet ? resources.requests : nil
        case .limits: return requestsSet || limitsSet ? resources.limits : nil
        }
    }

    private static func list(_ resources: [EffectiveResource]) -> ResourceList {
        Dictionary(uniqueKeysWithValues: resources.map { ($0.name, $0.quantity) })
    }
}

extension Container {
    /// The container's `resources.requests` or `resources.limits`.
    func resourceList(_ kind: ResourceKind) -> ResourceList? {
        switch kind {
        case .requests: return resources?.requests
        case .limits: return resources?.limits
        }
    }
}
