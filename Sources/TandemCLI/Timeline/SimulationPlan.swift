import TandemAdoption
import TandemAPI
import TandemLifecycle
import TandemManifest
import TandemRuntime
import TandemSimulation

/// The objects `tandem simulate` runs: `tandem run`'s input rules (decoded strictly, defaulted,
/// validated; every problem one line, exit 2) without what only a real run needs (root for bind
/// mounts). Pods and Jobs are simulated as they are, a CronJob as the Job it triggers now, and a
/// Deployment, ReplicaSet, StatefulSet or DaemonSet as the pods its controller creates at start
/// (`spec.replicas` of them, named as tandem run names them); the controller itself is not.
enum SimulationPlan {
    /// The pods `workload`'s controller creates first, as `WorkloadWorker` makes them.
    static func workloadPods(_ workload: WorkloadPlan) -> [Pod] {
        let start = (workload.controller as? StatefulSetController)?.startOrdinal
        var generator = SystemRandomNumberGenerator()
        return (0..<workload.replicas).map { serial in
            workload.pod(WorkloadPodID(serial, ordinal: start.map { $0 + serial }), PodTemplateHash.randomSuffix(using: &generator))
        }
    }

    static func load(files: [String], recursive: Bool) -> Result<[SimulatedObject], RunPlan.Problem> {
        var objects: [SimulatedObject] = []
        var lines: [String] = []
        for (file, result) in ManifestSources.load(paths: files, recursive: recursive) {
            let shown = GoQuoting.printable(file)
            switch result {
            case .failure(let error):
                lines.append("tandem: \(error.description)")
            case .success(let documents):
                for document in documents {
                    var object = document.object
                    Defaulting.apply(to: &object)
                    let name = object.name ?? ""
                    let errors = object.validationErrors
                    if !errors.isEmpty {
                        lines.append(RunPlan.invalidMessage(kind: object.kind, name: name, file: file, errors: errors))
                        continue
                    }
                    // What tandem run runs for the object: a CronJob's Job triggered now, a workload's pods;
                    // no more pods at once than one node holds, as tandem run refuses them.
                    let unit = RunPlan.Unit(object, replicas: nil)
                    if let unit, let refusal = NodeCapacity.refusal(unit, kind: object.kind, name: name, file: file,
                                                                    offersReplicas: false) {
                        lines.append(refusal)
                        continue
                    }
                    switch unit {
                    case .pod(let pod)?: objects.append(.pod(pod))
                    case .job(let job)?: objects.append(.job(job))
                    case .workload(let workload)?: objects += workloadPods(workload).map { .pod($0) }
                    case nil:
                        lines.append("tandem: \(shown): \(object.kind) \(GoQuoting.quote(name)) cannot be simulated: "
                            + "tandem simulates what tandem run runs (Pods, Jobs, CronJobs and workloads)")
                    }
                }
            }
        }
        if objects.isEmpty && lines.isEmpty { lines.append("tandem: nothing to simulate") }
        return lines.isEmpty ? .success(objects) : .failure(RunPlan.Problem(lines: lines))
    }
}
