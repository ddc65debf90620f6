/// One HTTP/2 connection carrying one `grpc.health.v1.Health/Check` call on stream 1.
final class GRPCHealthCall {
    enum Result: Equatable {
        case serving
        /// A response other than SERVING, by its enum name (`NOT_SERVING`).
        case status(String)
        case rpcError(code: Int, message: String)
    }

    static let healthStatusNames = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"]

    private let connection: ProbeConnection
    private var buffer: [UInt8] = []
    private var decoder = HPACKDecoder()

    private init(connection: ProbeConnection) {
        self.connection = connection
    }

    /// Connects and exchanges connection prefaces; nil when the transport did not become ready.
    static func establish(host: String, port: Int, deadline: ProbeDeadline) -> GRPCHealthCall? {
        guard let connection = try? ProbeConnection.connect(host: host, port: port, deadline: deadline) else { return nil }
        let call = GRPCHealthCall(connection: connection)
        // SETTINGS_ENABLE_PUSH = 0: the health call never wants pushed streams.
        let settings = HTTP2Frame(.settings, payload: [0, 2, 0, 0, 0, 0])
        do {
            try connection.writeAll(HTTP2Frame.connectionPreface + settings.encoded, deadline: deadline)
            while true {
                let frame = try call.nextFrame(deadline: deadline)
                if frame.kind == .settings && !frame.has(HTTP2Frame.ack) {
                    try connection.writeAll(HTTP2Frame(.settings, flags: HTTP2Frame.ack).encoded, deadline: deadline)
                    return call
                }
                if frame.kind == .goAway { return nil }
            }
        } catch {
            return nil
        }
    }

    private func nextFrame(deadline: ProbeDeadline) throws(NetworkError) -> HTTP2Frame {
        while true {
            if let frame = HTTP2Frame.parse(from: &buffer) { return frame }
            let chunk = try connection.read(maximum: 16 * 1024, deadline: deadline)
            if chunk.isEmpty { throw NetworkError(kind: .other, message: "EOF") }
            buffer += chunk
        }
    }

    func check(service: String, authority: String, deadline: ProbeDeadline) -> Result {
        var block: [UInt8] = [0x83, 0x86] // :method POST, :scheme http (static table)
        block += HPACKEncoder.literal(nameIndex: 4, value: "/grpc.health.v1.Health/Check")
        block += HPACKEncoder.literal(nameIndex: 1, value: authority)
        block += HPACKEncoder.literal(nameIndex: 31, value: "application/grpc")
        block += HPACKEncoder.literal(nameIndex: 58, value: "kube-probe/\(KubeletVersion.majorMinor)")
        block += HPACKEncoder.literal(nameIndex: 0, name: "te", value: "trailers")
        if let instant = deadline.instant {
            let remaining = max(Duration.milliseconds(1), instant - ContinuousClock.now)
            let (seconds, attoseconds) = remaining.components
            block += HPACKEncoder.literal(nameIndex: 0, name: "grpc-timeout",
                                          value: "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000)m")
        }
        let message = Self.encodeRequest(service: service)
        let length = UInt32(message.count)
        let grpcMessage: [UInt8] = [0, UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)] + message
        let request = HTTP2Frame(.headers, flags: HTTP2Frame.endHeaders, streamID: 1, payload: block).encoded
            + HTTP2Frame(.data, flags: HTTP2Frame.endStream, streamID: 1, payload: grpcMessage).encoded
        do {
            try connection.writeAll(request, deadline: deadline)
            return try readResponse(deadline: deadline)
        } catch {
            if error.kind == .timeout || error.kind == .cancelled {
                return .rpcError(code: GRPCStatusCode.deadlineExceeded, message: "context deadline exceeded")
            }
            return .rpcError(code: GRPCStatusCode.unavailable, message: "error reading from server: \(error.message)")
        }
    }

    private func readResponse(deadline: ProbeDeadline) throws(NetworkError) -> Result {
        var headers: [(name: String, value: String)] = []
        var pendingBlock: [UInt8]?
        var pendingEndsStream = false
        var body: [UInt8] = []
        while true {
            let frame = try nextFrame(deadline: deadline)
            var streamEnded = false
            switch frame.kind {
            case .settings where !frame.has(HTTP2Frame.ack):
                try connection.writeAll(HTTP2Frame(.settings, flags: HTTP2Frame.ack).encoded, deadline: deadline)
            case .ping where !frame.has(HTTP2Frame.ack):
                try connection.writeAll(HTTP2Frame(.ping, flags: HTTP2Frame.ack, payload: frame.payload).encoded, deadline: deadline)
            case .goAway:
                return .rpcError(code: GRPCStatusCode.unavailable, message: "the connection is draining due to a GOAWAY from the server")
            case .resetStream where frame.streamID == 1:
                let code = frame.payload.count >= 4 ? Int(frame.payload[3]) : 0
                return .rpcError(code: GRPCStatusCode.internal, message: "stream terminated by RST_STREAM with error code: \(code)")
            case .headers where frame.streamID == 1:
                guard let payload = frame.unpaddedPayload() else {
                    return .rpcError(code: GRPCStatusCode.internal, message: "malformed HEADERS frame")
                }
                pendingBlock = payload
                pendingEndsStream = frame.has(HTTP2Frame.endStream)
                if frame.has(HTTP2Frame.endHeaders) {
                    streamEnded = pendingEndsStream
                }
            case .continuation where frame.streamID == 1:
                pendingBlock = (pendingBlock ?? []) + frame.payload
                if frame.has(HTTP2Frame.endHeaders) { streamEnded = pendingEndsStream }
            case .data where frame.streamID == 1:
                body += frame.unpaddedPayload() ?? []
                streamEnded = frame.has(HTTP2Frame.endStream)
            default:
                break
            }
            if let block = pendingBlock, frame.has(HTTP2Frame.endHeaders),
               frame.kind == .headers || frame.kind == .continuation {
                do {
                    headers += try decoder.decode(block)
                } catch {
                    return .rpcError(code: GRPCStatusCode.internal, message: error.message)
                }
                pendingBlock = nil
                if let status = Self.value(":status", in: headers), status != "200" {
                    let code = Int(status) ?? 0
                    return .rpcError(code: GRPCStatusCode.fromHTTPStatus(code),
                                     message: "unexpected HTTP status code received from server: \(status)")
                }
            }
            if streamEnded { return Self.result(headers: headers, body: body) }
        }
    }

    private static func value(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.last { $0.name == name }?.value
    }

    private static func result(headers: [(name: String, value: String)], body: [UInt8]) -> Result {
        guard let statusText = value("grpc-status", in: headers), let code = Int(statusText) else {
            return .rpcError(code: GRPCStatusCode.internal, message: "server closed the stream without sending trailers")
        }
        guard code == 0 else {
            return .rpcError(code: code, message: percentDecoded(value("grpc-message", in: headers) ?? ""))
        }
        guard body.count >= 5 else {
            return .rpcError(code: GRPCStatusCode.internal, message: "cardinality violation: expected <Recv()> but got no response message")
        }
        guard body[0] == 0 else {
            return .rpcError(code: GRPCStatusCode.internal, message: "grpc: compressed message received without negotiated compression")
        }
        let length = Int(body[1]) << 24 | Int(body[2]) << 16 | Int(body[3]) << 8 | Int(body[4])
        guard body.count >= 5 + length, let status = decodeResponseStatus(Array(body[5..<(5 + length)])) else {
            return .rpcError(code: GRPCStatusCode.internal, message: "grpc: failed to unmarshal the received message")
        }
        if status == 1 { return .serving }
        return .status(status >= 0 && status < healthStatusNames.count ? healthStatusNames[status] : String(status))
    }

    /// HealthCheckRequest{service = 1}; proto3 omits an empty string.
    static func encodeRequest(service: String) -> [UInt8] {
        let bytes = Array(service.utf8)
        guard !bytes.isEmpty else { return [] }
        return [0x0a] + varint(UInt64(bytes.count)) + bytes
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7f) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
        return bytes
    }

    /// HealthCheckResponse.status (field 1, varint); unknown fields are skipped. Nil when malformed.
    static func decodeResponseStatus(_ message: [UInt8]) -> Int? {
        var index = 0
        var status = 0
        func readVarint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < message.count && shift < 64 {
                let byte = message[index]
                index += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        while index < message.count {
            guard let key = readVarint() else { return nil }
            switch key & 7 {
            case 0:
                guard let value = readVarint() else { return nil }
                if key >> 3 == 1 { status = Int(truncatingIfNeeded: value) }
            case 1: index += 8
            case 2:
                guard let length = readVarint(), length <= UInt64(message.count - index) else { return nil }
                index += Int(length)
            case 5: index += 4
            default: return nil
            }
        }
        return index == message.count ? status : nil
    }

    private static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
