/// One HTTP/2 frame (RFC 9113 §4.1): just enough of the protocol for a cleartext gRPC call
/// with prior knowledge.
struct HTTP2Frame: Equatable, Sendable {
    enum Kind: UInt8 {
        case data = 0, headers = 1, priority = 2, resetStream = 3, settings = 4
        case pushPromise = 5, ping = 6, goAway = 7, windowUpdate = 8, continuation = 9
    }

    static let endStream: UInt8 = 0x1
    static let ack: UInt8 = 0x1
    static let endHeaders: UInt8 = 0x4
    static let padded: UInt8 = 0x8
    static let priorityFlag: UInt8 = 0x20
    static let connectionPreface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    var type: UInt8
    var flags: UInt8
    var streamID: UInt32
    var payload: [UInt8]

    var kind: Kind? { Kind(rawValue: type) }

    init(_ kind: Kind, flags: UInt8 = 0, streamID: UInt32 = 0, payload: [UInt8] = []) {
        self.type = kind.rawValue
        self.flags = flags
        self.streamID = streamID
        self.payload = payload
    }

    init(type: UInt8, flags: UInt8, streamID: UInt32, payload: [UInt8]) {
        self.type = type
        self.flags = flags
        self.streamID = streamID
        self.payload = payload
    }

    func has(_ flag: UInt8) -> Bool { flags & flag != 0 }

    var encoded: [UInt8] {
        let length = payload.count
        var bytes: [UInt8] = [UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff), type, flags]
        let stream = streamID & 0x7fff_ffff
        bytes += [UInt8(stream >> 24), UInt8(stream >> 16 & 0xff), UInt8(stream >> 8 & 0xff), UInt8(stream & 0xff)]
        return bytes + payload
    }

    /// The payload without padding and priority fields (DATA and HEADERS).
    func unpaddedPayload() -> [UInt8]? {
        var start = 0
        var end = payload.count
        if has(Self.padded) {
            guard let padLength = payload.first, Int(padLength) < payload.count else { return nil }
            start = 1
            end -= Int(padLength)
        }
        if kind == .headers && has(Self.priorityFlag) { start += 5 }
        guard start <= end else { return nil }
        return Array(payload[start..<end])
    }

    /// Parses one frame from the front of `buffer`, removing it; nil when more bytes are needed.
    static func parse(from buffer: inout [UInt8]) -> HTTP2Frame? {
        guard buffer.count >= 9 else { return nil }
        let length = Int(buffer[0]) << 16 | Int(buffer[1]) << 8 | Int(buffer[2])
        guard buffer.count >= 9 + length else { return nil }
        let stream = UInt32(buffer[5]) << 24 | UInt32(buffer[6]) << 16 | UInt32(buffer[7]) << 8 | UInt32(buffer[8])
        let frame = HTTP2Frame(type: buffer[3], flags: buffer[4], streamID: stream & 0x7fff_ffff,
                               payload: Array(buffer[9..<(9 + length)]))
        buffer.removeFirst(9 + length)
        return frame
    }
}

/// The few HPACK encodings the gRPC client sends: literal fields without indexing, never Huffman.
enum HPACKEncoder {
    static func integer(_ value: Int, prefixBits: Int, firstByteFlags: UInt8) -> [UInt8] {
        let mask = (1 << prefixBits) - 1
        if value < mask { return [firstByteFlags | UInt8(value)] }
        var bytes: [UInt8] = [firstByteFlags | UInt8(mask)]
        var rest = value - mask
        while rest >= 128 {
            bytes.append(UInt8(rest & 0x7f) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
        return bytes
    }

    static func string(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return integer(bytes.count, prefixBits: 7, firstByteFlags: 0) + bytes
    }

    /// A literal without indexing; `nameIndex` points into the static table, 0 sends the name.
    static func literal(nameIndex: Int, name: String = "", value: String) -> [UInt8] {
        var bytes = integer(nameIndex, prefixBits: 4, firstByteFlags: 0)
        if nameIndex == 0 { bytes += string(name) }
        return bytes + string(value)
    }
}
