import TandemAdoption

/// Loads the `--sidecar` definition (the format of `tandem inject --sidecar`) into the shipped mutator.
enum SidecarMutatorLoader {
    static func load(path: String) throws -> any AdmissionMutator {
        InjectorMutator(sidecar: try SidecarDefinition.load(path: path))
    }
}
