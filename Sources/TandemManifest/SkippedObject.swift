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

    public init(file: String, kind: String, name: String?, line: Int) {
        self.file = file
        self.kind = kind
        self.name = name
        self.line = line
    }
}
