/// Loads the `--sidecar` definition into the mutator the server uses.
enum SidecarMutatorLoader {
    static func load(path: String) throws -> any AdmissionMutator {
        throw NodeListError(description: "\(path): sidecar injection is not available in this build yet")
    }
}
