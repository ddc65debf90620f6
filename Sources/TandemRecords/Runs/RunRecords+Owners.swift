import Foundation
import TandemAPI

/// The pods of a Job or workload in a run's records, found as kubectl finds them for
/// `kubectl logs job/NAME` (its selector's pods; here their controller reference, which the
/// controllers set to the same object), and the one kubectl picks.
extension RunRecords {
    /// Every pod of the run in creation order, as `pods.json` has it when the run ended, else as
    /// `run.json` has it; a pod made again under its name (a StatefulSet's) counts once, as its newest.
    public var allPods: [Pod] {
        func key(_ pod: Pod) -> String { "\(pod.metadata?.namespace ?? "default")/\(pod.metadata?.name ?? "")" }
        var pods: [Pod] = []
        for pod in manifest?.pods ?? [] {
            pods.removeAll { key($0) == key(pod) }
            pods.append(pod)
        }
        for final in finalPods {
            if let index = pods.firstIndex(where: { key($0) == key(final) }) {
                pods[index] = final
            } else {
                pods.append(final)
            }
        }
        return pods
    }

    /// The pods of the object `type`/`name` in `namespace`, in creation order.
    public func pods(of type: ResourceType, named name: String, namespace: String) -> [Pod] {
        Self.pods(allPods, of: type, named: name, namespace: namespace)
    }

    /// Those of `pods` that `type`/`name` in `namespace` controls: a Deployment's through its
    /// ReplicaSet `<name>-<pod-template-hash>`, the others directly.
    public static func pods(_ pods: [Pod], of type: ResourceType, named name: String, namespace: String) -> [Pod] {
        pods.filter { pod in
            guard (pod.metadata?.namespace ?? "default") == namespace else { return false }
            if type == .pods { return pod.metadata?.name == name }
            guard let owner = pod.metadata?.ownerReferences?.first(where: { $0.controller == true }) else { return false }
            if type == .deployments {
                guard let hash = pod.metadata?.labels?["pod-template-hash"] else { return false }
                return owner.kind == "ReplicaSet" && owner.name == "\(name)-\(hash)"
            }
            return owner.kind == type.kind && owner.name == name
        }
    }

    /// The newest run holding pods of `type`/`name` in `namespace` (`run` when given, else among
    /// the runs the index links to), with those pods in creation order.
    /// - Throws: the API server's NotFound (exit 1) when no run has any.
    public static func locate(_ type: ResourceType, named name: String, namespace: String, run: String?,
                              root: String) throws(RecordsError) -> (records: RunRecords, pods: [Pod]) {
        if let run {
            let records = try locate(pod: name, namespace: namespace, run: run, root: root)
            let pods = records.pods(of: type, named: name, namespace: namespace)
            guard !pods.isEmpty else {
                throw RecordsError.notFound(type, name, "not in namespace \(GoQuoting.quote(namespace)) of run \(records.directory)")
            }
            return (records, pods)
        }
        if let problem = RunDirectory.rootProblem(root) { throw RecordsError(message: problem, code: 1) }
        let manager = FileManager.default
        let links = ((try? manager.contentsOfDirectory(atPath: "\(root)/pods")) ?? [])
            .filter { $0.hasPrefix("\(namespace)_") }.map { "\(root)/pods/\($0)" } + ["\(root)/latest"]
        var directories: [String] = []
        for link in links {
            guard let target = try? manager.destinationOfSymbolicLink(atPath: link), manager.fileExists(atPath: target),
                  !directories.contains(target) else { continue }
            directories.append(target)
        }
        // Newest first: run.json's start time (fixed-width RFC 3339 in UTC sorts as text).
        let runs = directories.map { RunRecords(directory: $0) }
            .map { (records: $0, start: $0.manifest?.startTime ?? "") }
            .sorted { $0.start > $1.start }
        for run in runs {
            let pods = run.records.pods(of: type, named: name, namespace: namespace)
            if !pods.isEmpty { return (run.records, pods) }
        }
        let anyRun = manager.fileExists(atPath: "\(root)/latest")
        throw RecordsError.notFound(type, name, anyRun ? "no run under \(root) ran it in namespace \(GoQuoting.quote(namespace))"
                                                       : "no runs recorded yet under \(root)")
    }

    /// `pods` in the order kubectl prefers them for logs (`podutils.ByLogging`, which
    /// `GetFirstPod` sorts by and takes the first of): assigned to a node before not; Running,
    /// then Unknown, then Pending (other phases rank with Running); ready before not, the longer
    /// ready first; more restarts of a main container first; then older first (creation order here:
    /// tandem's pods carry no creationTimestamp).
    public static func sortedForLogs(_ pods: [Pod]) -> [Pod] {
        pods.enumerated().sorted { left, right in
            loggingOrder(left.element, right.element) ?? (left.offset < right.offset)
        }.map(\.element)
    }

    /// True when `a` comes first, false when `b` does, nil when ByLogging ranks them equal.
    private static func loggingOrder(_ a: Pod, _ b: Pod) -> Bool? {
        let nodeA = a.spec?.nodeName ?? "", nodeB = b.spec?.nodeName ?? ""
        if nodeA != nodeB, nodeA.isEmpty || nodeB.isEmpty { return !nodeA.isEmpty }
        let rank = ["Running": 0, "Unknown": 1, "Pending": 2]
        let rankA = rank[a.status?.phase ?? ""] ?? 0, rankB = rank[b.status?.phase ?? ""] ?? 0
        if rankA != rankB { return rankA < rankB }
        let readyA = readySince(a), readyB = readySince(b)
        if (readyA != nil) != (readyB != nil) { return readyA != nil }
        if let readyA, let readyB, readyA != readyB {
            // afterOrZero(b's time, a's time): a zero (unparsable) time counts as the latest.
            guard let timeA = RecordTime(rfc3339: readyA), let timeB = RecordTime(rfc3339: readyB) else {
                return RecordTime(rfc3339: readyB) == nil
            }
            if timeA != timeB { return timeB.nanosecondsSinceEpoch > timeA.nanosecondsSinceEpoch }
        }
        let restartsA = maxRestarts(a), restartsB = maxRestarts(b)
        if restartsA != restartsB { return restartsA > restartsB }
        return nil
    }

    /// The Ready condition's last transition time when the pod is ready (empty when unset).
    private static func readySince(_ pod: Pod) -> String? {
        pod.status?.conditions?.first { $0.type == "Ready" && $0.status == "True" }.map { $0.lastTransitionTime ?? "" }
    }

    /// `maxContainerRestarts`: the highest restart count among the main containers.
    private static func maxRestarts(_ pod: Pod) -> Int32 {
        (pod.status?.containerStatuses ?? []).map { $0.restartCount ?? 0 }.max() ?? 0
    }
}
