import TandemAPI
import TandemRuntime

/// Every pod of a run shares this machine's network (containers are processes; there is no
/// network namespace per pod): two pods that declare the same port (containerPort or hostPort,
/// per protocol) cannot both listen on it, and a probe of one may be answered by the other.
/// On a cluster each pod has its own network namespace, and the scheduler never puts two pods
/// with one hostPort on a node. Said once at start, naming the ports and the pods.
enum SharedNetwork {
    /// Who runs pods at the same time: a pod, a Job's parallel pods, a workload's replicas.
    struct Holder: Equatable {
        var description: String
        var pods: Int
    }

    /// The warning (without `tandem: warning: `), or nil when no two pods declare one port.
    static func warning(units: [RunPlan.Unit]) -> String? {
        var holders: [(holder: Holder, spec: PodSpec?)] = []
        for unit in units {
            switch unit {
            case .pod(let pod):
                holders.append((Holder(description: "pod \(pod.metadata?.name ?? "")", pods: 1), pod.spec))
            case .job(let job):
                let pods = NodeCapacity.podsAtOnce(job.spec)
                holders.append((Holder(description: pods > 1 ? "the \(pods) parallel pods of Job \(job.metadata?.name ?? "")"
                                                                : "the pod of Job \(job.metadata?.name ?? "")",
                                       pods: pods), job.templatePod.spec))
            case .workload(let workload):
                let pods = workload.replicas
                holders.append((Holder(description: pods > 1 ? "the \(pods) pods of \(workload.kind) \(workload.name)"
                                                                : "the pod of \(workload.kind) \(workload.name)",
                                       pods: pods), workload.podShapes.first?.spec))
            }
        }
        // Port → the holders declaring it, in input order; ports in first-declared order.
        var order: [String] = []
        var declared: [String: [Int]] = [:]
        for (index, entry) in holders.enumerated() where entry.holder.pods > 0 {
            let containers = (entry.spec?.initContainers ?? []) + (entry.spec?.containers ?? [])
            for port in containers.flatMap({ $0.ports ?? [] }) {
                let proto = port.protocol ?? "TCP"
                for number in Set([port.containerPort, port.hostPort].compactMap { $0 }.filter { $0 > 0 }).sorted() {
                    let key = "\(number)/\(proto)"
                    if declared[key] == nil { order.append(key) }
                    if declared[key]?.contains(index) != true { declared[key, default: []].append(index) }
                }
            }
        }
        // Ports with the same holders are named together.
        var groups: [(ports: [String], holders: [Int])] = []
        for key in order {
            let users = declared[key] ?? []
            guard users.map({ holders[$0].holder.pods }).reduce(0, +) > 1 else { continue }
            if let index = groups.firstIndex(where: { $0.holders == users }) {
                groups[index].ports.append(key)
            } else {
                groups.append(([key], users))
            }
        }
        guard !groups.isEmpty else { return nil }
        let clauses = groups.map { group -> String in
            let who = group.holders.map { holders[$0].holder.description }
            let names = who.count == 1 ? who[0] : who.dropLast().joined(separator: ", ") + " and " + who[who.count - 1]
            return "\(names) declare\(group.ports.count == 1 ? " port " : " ports ")\(group.ports.joined(separator: ", "))"
        }
        return "every pod of this run shares this machine's network (no network namespace per pod): "
            + clauses.joined(separator: "; ")
            + "; only one of them can listen on each, and a probe may be answered by another pod's container"
    }
}
