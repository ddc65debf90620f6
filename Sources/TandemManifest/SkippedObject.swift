/// An object of a kind tandem does not model (a Service, a ConfigMap…) that a command reading
/// Pods and workloads passed over, so that it can say so: manifests usually keep a workload and
/// its Service in one file, and `kubectl apply -f` takes both.
public struct SkippedObject: Sendable, Equatable {
    /// The file it came from (as given on the command line), or `<stdin>`.
    public var file: String
    public var kind: String
    /// `metadata.name`, when it is a string.
    public var name: String?
    /// 1-based line where the object starts.
    public var line: Int
    /// The decoded ConfigMap or Secret, for the kinds a run's pods read; nil for other kinds.
    public var config: ConfigObject?
    /// The loader's refusal of this kind where kinds are not skipped
    /// (`unsupported kind "Service" (apiVersion "v1")` at the `kind` value).
    public var refusal: ManifestError?

    public init(file: String, kind: String, name: String?, line: Int, config: ConfigObject? = nil) {
        self.config = config
        self.file = file
        self.kind = kind
        self.name = name
        self.line = line
    }
}
