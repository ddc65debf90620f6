/// An HPACK (RFC 7541) header-block decoder: static and dynamic tables, every literal form,
/// table size updates and Huffman-coded strings — what a gRPC server's response headers and
/// trailers may use. The gRPC health client needs nothing of HPACK's encoder side.
struct HPACKDecoder {
    struct Failure: Error, Equatable {
        var message: String
    }

    private var dynamicTable: [(name: String, value: String)] = []
    private var dynamicSize = 0
    private var maximumSize = 4096

    /// Decodes one complete header block (HEADERS plus any CONTINUATION payloads).
    mutating func decode(_ block: [UInt8]) throws(Failure) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        var index = 0
        while index < block.count {
            let first = block[index]
            if first & 0x80 != 0 {
                let position = try Self.integer(block, &index, prefixBits: 7)
                headers.append(try entry(at: position))
            } else if first & 0x40 != 0 {
                let header = try literal(block, &index, prefixBits: 6)
                headers.append(header)
                insert(header)
            } else if first & 0x20 != 0 {
                let size = try Self.integer(block, &index, prefixBits: 5)
                guard size <= 4096 else { throw Failure(message: "hpack: table size update too large") }
                maximumSize = size
                evict()
            } else {
                // Literal without indexing (0000) or never indexed (0001): same shape.
                headers.append(try literal(block, &index, prefixBits: 4))
            }
        }
        return headers
    }

    private mutating func literal(_ block: [UInt8], _ index: inout Int, prefixBits: Int) throws(Failure) -> (name: String, value: String) {
        let nameIndex = try Self.integer(block, &index, prefixBits: prefixBits)
        let name = nameIndex == 0 ? try Self.string(block, &index) : try entry(at: nameIndex).name
        let value = try Self.string(block, &index)
        return (name, value)
    }

    private func entry(at position: Int) throws(Failure) -> (name: String, value: String) {
        if position >= 1 && position <= Self.staticTable.count {
            return Self.staticTable[position - 1]
        }
        let dynamicIndex = position - Self.staticTable.count - 1
        guard dynamicIndex >= 0 && dynamicIndex < dynamicTable.count else {
            throw Failure(message: "hpack: invalid indexed representation index \(position)")
        }
        return dynamicTable[dynamicIndex]
    }

    private mutating func insert(_ header: (name: String, value: String)) {
        dynamicTable.insert(header, at: 0)
        dynamicSize += header.name.utf8.count + header.value.utf8.count + 32
        evict()
    }

    private mutating func evict() {
        while dynamicSize > maximumSize, let last = dynamicTable.popLast() {
            dynamicSize -= last.name.utf8.count + last.value.utf8.count + 32
        }
    }

    /// An HPACK prefixed integer (RFC 7541 §5.1).
    static func integer(_ block: [UInt8], _ index: inout Int, prefixBits: Int) throws(Failure) -> Int {
        guard index < block.count else { throw Failure(message: "hpack: truncated integer") }
        let mask = (1 << prefixBits) - 1
        var value = Int(block[index]) & mask
        index += 1
        guard value == mask else { return value }
        var shift = 0
        while true {
            guard index < block.count, shift < 56 else { throw Failure(message: "hpack: truncated integer") }
            let byte = Int(block[index])
            index += 1
            value += (byte & 0x7f) << shift
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
    }

    /// An HPACK string literal, Huffman-coded or raw (RFC 7541 §5.2).
    static func string(_ block: [UInt8], _ index: inout Int) throws(Failure) -> String {
        guard index < block.count else { throw Failure(message: "hpack: truncated string") }
        let huffman = block[index] & 0x80 != 0
        let length = try integer(block, &index, prefixBits: 7)
        guard length <= block.count - index else { throw Failure(message: "hpack: truncated string") }
        let bytes = Array(block[index..<(index + length)])
        index += length
        return String(decoding: huffman ? try huffmanDecode(bytes) : bytes, as: UTF8.self)
    }

    /// (length << 32 | code) → symbol, built once from RFC 7541 Appendix B.
    private static let huffmanLookup: [UInt64: UInt8] = {
        var lookup: [UInt64: UInt8] = [:]
        for symbol in 0..<256 {
            let key = UInt64(HPACKHuffmanTable.lengths[symbol]) << 32 | UInt64(HPACKHuffmanTable.codes[symbol])
            lookup[key] = UInt8(symbol)
        }
        return lookup
    }()

    static func huffmanDecode(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        var code: UInt64 = 0
        var length: UInt64 = 0
        for byte in bytes {
            for bit in (0..<8).reversed() {
                code = code << 1 | UInt64((byte >> UInt8(bit)) & 1)
                length += 1
                if length >= 5, let symbol = huffmanLookup[length << 32 | code] {
                    output.append(symbol)
                    code = 0
                    length = 0
                } else if length > 30 {
                    throw Failure(message: "hpack: invalid Huffman-encoded data")
                }
            }
        }
        // Padding: fewer than 8 bits, all ones (a prefix of EOS).
        guard length < 8, code == (1 << length) - 1 else {
            throw Failure(message: "hpack: invalid Huffman-encoded data")
        }
        return output
    }

    static let staticTable: [(name: String, value: String)] = [
        (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"),
        (":path", "/index.html"), (":scheme", "http"), (":scheme", "https"), (":status", "200"),
        (":status", "204"), (":status", "206"), (":status", "304"), (":status", "400"),
        (":status", "404"), (":status", "500"), ("accept-charset", ""), ("accept-encoding", "gzip, deflate"),
        ("accept-language", ""), ("accept-ranges", ""), ("accept", ""), ("access-control-allow-origin", ""),
        ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""),
        ("date", ""), ("etag", ""), ("expect", ""), ("expires", ""),
        ("from", ""), ("host", ""), ("if-match", ""), ("if-modified-since", ""),
        ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""), ("last-modified", ""),
        ("link", ""), ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""),
        ("proxy-authorization", ""), ("range", ""), ("referer", ""), ("refresh", ""),
        ("retry-after", ""), ("server", ""), ("set-cookie", ""), ("strict-transport-security", ""),
        ("transfer-encoding", ""), ("user-agent", ""), ("vary", ""), ("via", ""),
        ("www-authenticate", ""),
    ]
}
