import TandemAdoption

/// Loads the `--sidecar` definition (the format of `tandem inject --sidecar`) into the shipped mutator; throws
/// TandemAdoption's one-line error when the file is missing or not a sidecar.
public enum SidecarMutatorLoader {
    public static func load(path: String) throws -> any AdmissionMutator {
        InjectorMutator(sidecar: try SidecarDefinition.load(path: path))
    }
}
