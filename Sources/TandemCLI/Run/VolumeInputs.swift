import Glibc
import TandemAPI
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
