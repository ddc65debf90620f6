import TandemAdoption
import TandemAPI
import TandemManifest
import TandemSimulation

/// The objects `tandem simulate` runs: `tandem run`'s input rules (decoded strictly, defaulted,
/// validated; Pods and Jobs only; every problem one line, exit 2) without what only a real run needs
/// (root for bind mounts).
enum SimulationPlan {
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
                    switch object {
                    case .pod(let pod): objects.append(.pod(pod))
                    case .job(let job):
                        if let refusal = NodeCapacity.refusal(file: file, kind: "Job", name: name,
                                                              count: NodeCapacity.podsAtOnce(job.spec)) {
                            lines.append(refusal)
                            continue
                        }
                        objects.append(.job(job))
                    default:
                        lines.append("tandem: \(shown): \(object.kind) \(GoQuoting.quote(name)) cannot be simulated: "
                            + "tandem simulates Pods and Jobs, as tandem run runs them")
                    }
                }
            }
        }
        if objects.isEmpty && lines.isEmpty { lines.append("tandem: nothing to simulate") }
        return lines.isEmpty ? .success(objects) : .failure(RunPlan.Problem(lines: lines))
    }
}
