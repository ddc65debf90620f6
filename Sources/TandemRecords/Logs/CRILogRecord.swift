/// One line of a CRI log file: `<RFC3339Nano> <stdout|stderr> <tag>[:<more tags>] <content>`.
/// Parsed as the kubelet's `parseCRILog` does (pkg/kubelet/kuberuntime/logs/logs.go): a `P`
/// (partial) record's trailing newline is dropped, so pieces rejoin into the line the
/// container wrote; an `F` record keeps its newline.
public struct CRILogRecord: Sendable, Equatable {
    public var timestamp: RecordTime
    public var isStderr: Bool
    public var isPartial: Bool
    /// The content as written to the output (with its newline for an `F` record read whole).
    public var content: ArraySlice<UInt8>

    /// Parses `line` (with its newline, if it had one); nil when it is not a CRI record (the
    /// kubelet skips such lines).
    public init?(_ line: ArraySlice<UInt8>) {
        guard let firstSpace = line.firstIndex(of: 32),
              let timestamp = RecordTime(rfc3339: String(decoding: line[line.startIndex..<firstSpace], as: UTF8.self))
        else { return nil }
        let afterTime = line[(firstSpace + 1)...]
        guard let secondSpace = afterTime.firstIndex(of: 32) else { return nil }
        let stream = afterTime[afterTime.startIndex..<secondSpace]
        let isStderr: Bool
        if stream.elementsEqual("stdout".utf8) {
            isStderr = false
        } else if stream.elementsEqual("stderr".utf8) {
            isStderr = true
        } else {
            return nil
        }
        var rest = afterTime[(secondSpace + 1)...]
        guard let thirdSpace = rest.firstIndex(of: 32) else { return nil }
        let tags = rest[rest.startIndex..<thirdSpace]
        let firstTag = tags.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).first ?? []
        let isPartial = firstTag.elementsEqual("P".utf8)
        if isPartial, rest.last == 10 { rest = rest.dropLast() }
        self.timestamp = timestamp
        self.isStderr = isStderr
        self.isPartial = isPartial
        self.content = rest[(thirdSpace + 1)...]
    }
}
