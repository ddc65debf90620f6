/// One object of a manifest file, decoded (raw: not defaulted), with where it came from.
public struct ManifestDocument: Sendable, Equatable {
    /// The file it came from (as given on the command line), or `<stdin>`.
    public var file: String
    /// 0-based position of this object among the file's objects (empty documents are not
    /// counted; each item of a `kind: List` counts as one object).
    public var index: Int
    /// 1-based line where the object starts.
    public var line: Int
    public var object: ManifestObject

    public init(file: String, index: Int, line: Int, object: ManifestObject) {
        self.file = file
        self.index = index
        self.line = line
        self.object = object
    }
}
