import TandemAPI
/// A parsed HTTP/1.1 response: status, headers and at most `bodyLimit` bytes of body.
struct HTTPProbeResponse: Sendable, Equatable {
    var statusCode: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// True when the body was longer than the limit and was cut.
    var bodyTruncated: Bool

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.statusCode == rhs.statusCode && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }
}

/// Why reading a response failed: before the headers were complete, or while reading the body
/// (the kubelet treats these differently: a failure vs a probe error).
enum HTTPReadError: Error {
    case head(NetworkError)
    case body(NetworkError)
}

/// Reads one HTTP/1.1 response from a stream: status line, headers, then a body framed by
/// `Content-Length`, `chunked` transfer coding, or the end of the connection.
struct HTTPResponseReader {
    static let bodyLimit = 10 * 1024
    private static let headLimit = 1 << 20

    private let stream: any ProbeStream
    private let deadline: ProbeDeadline
    private var buffer: [UInt8] = []
    private var closed = false

    init(stream: any ProbeStream, deadline: ProbeDeadline) {
        self.stream = stream
        self.deadline = deadline
    }

    /// Reads the status line and headers, skipping informational (1xx) responses.
    mutating func readHead() throws(HTTPReadError) -> HTTPProbeResponse {
        var (status, headers) = try readStatusAndHeaders()
        while (100..<200).contains(status) && status != 101 {
            (status, headers) = try readStatusAndHeaders()
        }
        return HTTPProbeResponse(statusCode: status, headers: headers, body: [], bodyTruncated: false)
    }

    /// Reads the body of the response whose head `readHead` returned, keeping at most `bodyLimit` bytes.
    mutating func readBody(into response: inout HTTPProbeResponse) throws(HTTPReadError) {
        guard response.statusCode != 204, response.statusCode != 304 else { return }
        do throws(NetworkError) {
            if response.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
                try readChunkedBody(into: &response)
            } else if let lengthText = response.header("Content-Length")?.trimmingWhitespace() {
                // net/http's parseContentLength: decimal digits only, below 2^63.
                guard !lengthText.isEmpty, lengthText.utf8.allSatisfy({ (48...57).contains($0) }),
                      let length = Int(lengthText) else {
                    throw NetworkError(kind: .other, message: "bad Content-Length \(GoQuoting.quote(lengthText))")
                }
                try readBody(into: &response, length: length)
            } else {
                try readBody(into: &response, length: nil)
            }
        } catch {
            throw .body(error)
        }
    }

    private mutating func fill() throws(NetworkError) {
        let chunk = try stream.read(maximum: 16 * 1024, deadline: deadline)
        if chunk.isEmpty { closed = true } else { buffer.append(contentsOf: chunk) }
    }

    private mutating func readStatusAndHeaders() throws(HTTPReadError) -> (Int, [(name: String, value: String)]) {
        var end: Int?
        while end == nil {
            end = Self.headEnd(in: buffer)
            if end != nil { break }
            if closed {
                throw .head(NetworkError(kind: .other, message: buffer.isEmpty ? "EOF" : "unexpected EOF"))
            }
            if buffer.count > Self.headLimit {
                throw .head(NetworkError(kind: .other, message: "net/http: response headers too long"))
            }
            do { try fill() } catch { throw .head(error) }
        }
        guard let headLength = end else { throw .head(NetworkError(kind: .other, message: "EOF")) }
        var lines = Self.lines(of: buffer[..<headLength])
        buffer.removeSubrange(..<headLength)
        let statusLine = lines.isEmpty ? "" : lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]), (100...999).contains(status) else {
            throw .head(NetworkError(kind: .other, message: "net/http: HTTP/1.x transport connection broken: malformed HTTP response \"\(statusLine)\""))
        }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingWhitespace()))
        }
        return (status, headers)
    }

    /// Splits bytes at LF, dropping a CR before it (a Swift `Character` would keep CRLF whole).
    private static func lines(of bytes: ArraySlice<UInt8>) -> [String] {
        bytes.split(separator: 10, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
        }
    }

    /// Index just past the blank line ending the head, accepting bare LF line ends too.
    private static func headEnd(in bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 10 {
                if index + 1 < bytes.count && bytes[index + 1] == 10 { return index + 2 }
                if index + 2 < bytes.count && bytes[index + 1] == 13 && bytes[index + 2] == 10 { return index + 3 }
            }
            index += 1
        }
        return nil
    }

    private mutating func readBody(into response: inout HTTPProbeResponse, length: Int?) throws(NetworkError) {
        let wanted = min(length ?? Int.max, Self.bodyLimit + 1)
        while buffer.count < wanted && !closed {
            try fill()
        }
        if let length, buffer.count < min(length, Self.bodyLimit + 1) {
            throw NetworkError(kind: .other, message: "unexpected EOF")
        }
        take(min(buffer.count, wanted), into: &response)
    }

    private mutating func readChunkedBody(into response: inout HTTPProbeResponse) throws(NetworkError) {
        while response.body.count <= Self.bodyLimit {
            let sizeLine = try readLine()
            let sizeText = sizeLine.split(separator: ";").first.map(String.init)?.trimmingWhitespace() ?? ""
            // net/http's parseHexUint: hex digits only (no sign), at most 16 of them.
            guard !sizeText.isEmpty, sizeText.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit }) else {
                throw NetworkError(kind: .other, message: "invalid byte in chunk length")
            }
            guard sizeText.count <= 16, let size = Int(sizeText, radix: 16), size < Int.max - 2 else {
                throw NetworkError(kind: .other, message: "http chunk length too large")
            }
            if size == 0 { return }
            while buffer.count < size + 2 {
                if closed { throw NetworkError(kind: .other, message: "unexpected EOF") }
                try fill()
            }
            take(size, into: &response)
            buffer.removeFirst(2)
        }
    }

    private mutating func take(_ count: Int, into response: inout HTTPProbeResponse) {
        let room = Self.bodyLimit - response.body.count
        if count > room { response.bodyTruncated = true }
        response.body.append(contentsOf: buffer[..<min(count, max(room, 0))])
        buffer.removeFirst(count)
    }

    private mutating func readLine() throws(NetworkError) -> String {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if closed { throw NetworkError(kind: .other, message: "unexpected EOF") }
            try fill()
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

}
