import TandemAdoption
import Glibc
import TandemAPI
import TandemManifest
import TandemRuntime
import TandemValidation

/// What `tandem run` will run, decided before anything starts: every manifest decoded,
/// defaulted and validated; any problem stops the run with exit code 2.
struct RunPlan {
    /// A pod to run, or a Job whose template is run under Job semantics.
    enum Unit {
        case pod(Pod)
        case job(Job)
        /// A Deployment, ReplicaSet, DaemonSet or StatefulSet under its controller.
        case workload(WorkloadPlan)
    }

    var units: [Unit]
    /// The ConfigMaps and Secrets of the inputs, which the pods' env and volumes read.
    var store = ConfigStore()
    /// Objects of kinds tandem does not run, each printed once as a note (`notes`).
    var skipped: [SkippedObject] = []
    /// ConfigMaps and Secrets of the inputs, kept for the containers that read them (env,
    /// envFrom, volumes), never printed as skipped: the decoded ones (a kind the loader
    /// decodes but `run` does not run as a unit) and those the loader passed over.
    var configObjects: [ManifestObject] = []
    var skippedConfigObjects: [SkippedObject] = []

    /// Why nothing can be started: one line per problem, as kubectl words them.
    struct Problem: Error {
        var lines: [String]
    }

    static func make(files: [String], recursive: Bool = false, gates: FeatureGates = FeatureGates(),
                     isolation: ContainerIsolation = .processGroups, replicas: Int? = nil) -> Result<RunPlan, Problem> {
        var units: [Unit] = []
        var lines: [String] = []
        var names: Set<String> = []
        var plan = RunPlan(units: [])
        for (file, loaded) in ManifestSources.loadSkippingOtherKinds(paths: files, recursive: recursive) {
            let shown = GoQuoting.printable(file)
            let documents: [ManifestDocument]
            switch loaded {
            case .failure(let error):
                lines += error.lines.map { "tandem: " + $0 }
                continue
            case .success(let loaded):
                documents = loaded.documents
                plan.sortSkipped(loaded.skipped)
                collect(loaded.skipped.filter { $0.config != nil }, into: &plan.store, lines: &lines)
            }
            for document in documents {
                var object = document.object
                gates.dropDisabledFields(&object)
                Defaulting.apply(to: &object)
                let errors = object.validationErrors
                let name = object.name ?? ""
                if !errors.isEmpty {
                    lines.append(invalidMessage(kind: object.kind, name: name, file: file, errors: errors))
                    continue
                }
                if let shape = object.runnablePod, shape.needsBindMounts, !isolation.allowsMounts {
                    lines.append("tandem: \(shown): \(object.kind) \(GoQuoting.quote(name)) mounts emptyDir or hostPath volumes, "
                        + "which tandem shows through a private mount namespace per container; that needs root "
                        + "or unprivileged user namespaces (run tandem with sudo, or drop the volumeMounts)")
                    continue
                }
                guard let unit = Unit(object, replicas: replicas) else {
                    plan.configObjects.append(object)
                    continue
                }
                if let refusal = NodeCapacity.refusal(unit, kind: object.kind, name: name, file: file) {
                    lines.append(refusal)
                    continue
                }
                units.append(unit)
                if !names.insert("\(object.kind)/\(name)").inserted {
                    lines.append("tandem: \(shown): \(object.kind) \(GoQuoting.quote(name)) is given more than once")
                }
            }
        }
        if units.isEmpty && lines.isEmpty {
            lines.append("tandem: nothing to run")
        }
        plan.units = units
        return lines.isEmpty ? .success(plan) : .failure(Problem(lines: lines))
    }

    /// kubectl's wording (`%q` of the name): `The Pod "web" is invalid: <error>` or a bullet
    /// list for several errors.
    static func invalidMessage(kind: String, name: String, file: String, errors: [FieldError]) -> String {
        let head = "\(GoQuoting.printable(file)): The \(kind) \(GoQuoting.quote(name)) is invalid:"
        if errors.count == 1, let only = errors.first {
            return "\(head) \(GoQuoting.printable(only.description))"
        }
        return ([head] + errors.map { "* \(GoQuoting.printable($0.description))" }).joined(separator: "\n")
    }
}

extension ManifestObject {
    /// The pod `tandem run` would run for this object (a Job's or workload's template as a pod), if runnable.
    var runnablePod: Pod? {
        switch self {
        case .pod(let pod): return pod
        case .job(let job): return job.templatePod
        default: return podSpecLocation.map { Pod(metadata: $0.metadata, spec: $0.spec) }
        }
    }
}

extension Job {
    /// The Job's pod template as a pod under the Job's name: what checks and terminal layout
    /// look at before the Job worker names the real pods.
    var templatePod: Pod {
        Pod(metadata: metadata, spec: spec?.template?.spec)
    }
}
