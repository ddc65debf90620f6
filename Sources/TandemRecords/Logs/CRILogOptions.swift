/// What part of a container's log to print: the kubelet's `LogOptions`, built from kubectl's
/// flags (`--tail`, `--since`, `--timestamps`, `--limit-bytes`, `-f`).
public struct CRILogOptions: Sendable, Equatable {
    /// Last lines of the file (records: a long line split into `P` pieces counts each piece,
    /// as the kubelet's `tail.FindTailLineStartIndex` counts file lines); -1 for all.
    public var tail: Int
    /// Records stamped before this are skipped.
    public var since: RecordTime?
    /// Prefix each record with its CRI timestamp (`RFC3339NanoFixed` and a space).
    public var timestamps: Bool
    /// Stop after this many bytes of output.
    public var limitBytes: Int?

    public init(tail: Int = -1, since: RecordTime? = nil, timestamps: Bool = false, limitBytes: Int? = nil) {
        self.tail = tail
        self.since = since
        self.timestamps = timestamps
        self.limitBytes = limitBytes
    }
}
