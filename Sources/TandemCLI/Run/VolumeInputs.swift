import Glibc
import TandemAPI
import TandemManifest
import TandemOS
import TandemRuntime

/// What `tandem run` gives the launcher for volumes and identities: the inputs' ConfigMaps and
/// Secrets, `--volume NAME=DIR` mappings and `--run-as-user`.
struct VolumeInputs {
    var store = ConfigStore()
    var hostVolumes: [String: String] = [:]
    var defaultUser: UInt32?

    /// The start-up notes of one pod (unsupported volumes, fake token, unhonoured fields).
    func printNotes(for pod: Pod, story: RunStory) {
        let name = pod.metadata?.name ?? ""
        for line in PodNotes.lines(for: pod, mappedVolumes: Set(hostVolumes.keys), runsAsRoot: geteuid() == 0) {
            story.note(line, label: name)
        }
    }
}

extension VolumeInputs {
    /// `--volume NAME=DIR` checked before anything is made or started, one line per problem:
    /// DIR must be a directory (it is bind-mounted as the volume), and NAME a volume of a pod
    /// the inputs run — a name no pod has would otherwise be ignored without a word.
    static func problems(mappings: [String], pods: [Pod]) -> [String] {
        var known: [String] = []
        for pod in pods {
            for volume in pod.spec?.volumes ?? [] {
                if let name = volume.name, !known.contains(name) { known.append(name) }
            }
        }
        var lines: [String] = []
        for mapping in mappings {
            let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let prefix = "tandem: --volume \(GoQuoting.quote(mapping)): "
            if !known.contains(parts[0]) {
                var hints: [String] = []
                if let near = FieldSuggestion.nearest(to: parts[0], among: known) { hints.append("did you mean \(GoQuoting.quote(near))?") }
                hints.append(known.isEmpty ? "the pods have no volumes"
                                           : "volumes: \(known.map { GoQuoting.printable($0) }.joined(separator: ", "))")
                lines.append(prefix + "volume \(GoQuoting.quote(parts[0])) not found in any pod (\(hints.joined(separator: " ")))")
            }
            var status = stat()
            if stat(parts[1], &status) != 0 {
                lines.append(prefix + "\(GoQuoting.printable(parts[1])): \(OSError("", errno: errno).reason)")
            } else if (status.st_mode & S_IFMT) != S_IFDIR {
                lines.append(prefix + "\(GoQuoting.quote(parts[1])) is not a directory")
            }
        }
        return lines
    }
}
