/// A parsed Prometheus text exposition (format 0.0.4), as served on `/metrics` by the
/// kube-apiserver and the kubelet.
///
/// Written by hand: no Swift library parses the exposition format (swift-prometheus only
/// writes it). It follows the text format specification and the reference parser
/// (`prometheus/common/expfmt/text_parse.go`): `# HELP` and `# TYPE` lines (other comments
/// ignored), blank lines, labels in any order with an optional trailing comma, the label
/// value escapes `\\`, `\"` and `\n`, the values `NaN`, `+Inf` and `-Inf`, and an optional
/// integer timestamp in milliseconds. Anything else is an error naming the 1-based line.
public struct PrometheusText: Sendable, Equatable {
    /// One sample line: `name{label="value",…} value [timestamp]`.
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
        public var timestampMilliseconds: Int64?
        /// 1-based line of the sample in the input.
        public var line: Int

        public init(name: String, labels: [String: String], value: Double, timestampMilliseconds: Int64? = nil, line: Int) {
            self.name = name
            self.labels = labels
            self.value = value
            self.timestampMilliseconds = timestampMilliseconds
            self.line = line
        }

        public static func == (lhs: Sample, rhs: Sample) -> Bool {
            // NaN samples compare equal when both are NaN, so parsed texts can be compared whole.
            lhs.name == rhs.name && lhs.labels == rhs.labels && lhs.timestampMilliseconds == rhs.timestampMilliseconds
                && lhs.line == rhs.line && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
        }
    }

    /// Why the text is not valid exposition format, with the 1-based line.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public var samples: [Sample]
    /// `# TYPE` per metric family: counter, gauge, histogram, summary or untyped.
    public var types: [String: String]
    /// `# HELP` per metric family, unescaped.
    public var help: [String: String]

    /// Parses a whole exposition.
    public static func parse(_ text: String) throws(ParseError) -> PrometheusText {
        var result = PrometheusText(samples: [], types: [:], help: [:])
        var lineNumber = 0
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Array(rawLine)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            var scanner = LineScanner(bytes: line, line: lineNumber)
            scanner.skipBlanks()
            if scanner.atEnd { continue }
            if scanner.peek == UInt8(ascii: "#") {
                try scanner.comment(into: &result)
            } else {
                result.samples.append(try scanner.sample())
            }
        }
        return result
    }

    /// The samples of one metric family member (exact name).
    public func samples(named name: String) -> [Sample] {
        samples.filter { $0.name == name }
    }
}

/// Cursor over one line's bytes.
private struct LineScanner {
    let bytes: [UInt8]
    let line: Int
    var index = 0

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    func fail(_ message: String) -> PrometheusText.ParseError {
        PrometheusText.ParseError(line: line, message: message)
    }

    mutating func skipBlanks() {
        while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
    }

    /// The rest of the token up to a blank, as text (for messages).
    func found() -> String {
        guard !atEnd else { return "end of line" }
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: " "), bytes[end] != UInt8(ascii: "\t") { end += 1 }
        return "\"" + String(decoding: bytes[index..<min(end, index + 40)], as: UTF8.self) + "\""
    }

    static func isNameStart(_ byte: UInt8, colon: Bool) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || (colon && byte == UInt8(ascii: ":"))
    }

    static func isNameByte(_ byte: UInt8, colon: Bool) -> Bool {
        isNameStart(byte, colon: colon) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// A metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`) or, without colons, a label name.
    mutating func name(colon: Bool, what: String) throws(PrometheusText.ParseError) -> String {
        guard let first = peek, Self.isNameStart(first, colon: colon) else {
            throw fail("invalid \(what): expected a name, found \(found())")
        }
        let start = index
        while let byte = peek, Self.isNameByte(byte, colon: colon) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A token up to the next blank.
    mutating func token() -> String {
        let start = index
        while let byte = peek, byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func comment(into result: inout PrometheusText) throws(PrometheusText.ParseError) {
        index += 1
        skipBlanks()
        let keyword = token()
        guard keyword == "HELP" || keyword == "TYPE" else { return }
        guard let blank = peek, blank == UInt8(ascii: " ") || blank == UInt8(ascii: "\t") else {
            // `# HELP` alone is an ordinary comment, as in the reference parser.
            return
        }
        skipBlanks()
        let metric = try name(colon: true, what: "metric name in # \(keyword)")
        if keyword == "TYPE" {
            skipBlanks()
            let type = token()
            skipBlanks()
            guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(type), atEnd else {
                throw fail("unknown metric type \(found() == "end of line" ? "\"\(type)\"" : found()) in # TYPE \(metric)")
            }
            guard result.types[metric] == nil else { throw fail("second # TYPE line for metric \"\(metric)\"") }
            guard !result.samples.contains(where: { $0.name == metric }) else {
                throw fail("# TYPE for metric \"\(metric)\" after its samples")
            }
            result.types[metric] = type
        } else {
            if peek != nil {
                guard peek == UInt8(ascii: " ") || peek == UInt8(ascii: "\t") else {
                    throw fail("invalid metric name in # HELP: found \(found())")
                }
                index += 1
            }
            var text: [UInt8] = []
            while let byte = peek {
                index += 1
                guard byte == UInt8(ascii: "\\") else { text.append(byte); continue }
                switch peek {
                case UInt8(ascii: "\\"): text.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n"))
                default: throw fail("invalid escape sequence in # HELP \(metric)")
                }
                index += 1
            }
            guard result.help[metric] == nil else { throw fail("second # HELP line for metric \"\(metric)\"") }
            result.help[metric] = String(decoding: text, as: UTF8.self)
        }
    }

    mutating func sample() throws(PrometheusText.ParseError) -> PrometheusText.Sample {
        let metric = try name(colon: true, what: "metric name")
        skipBlanks()
        var labels: [String: String] = [:]
        if peek == UInt8(ascii: "{") {
            index += 1
            try labelSet(into: &labels, metric: metric)
            skipBlanks()
        }
        let valueText = token()
        guard !valueText.isEmpty else { throw fail("missing value for metric \"\(metric)\"") }
        guard let value = Self.float(valueText) else {
            throw fail("invalid value \"\(valueText)\" for metric \"\(metric)\"")
        }
        skipBlanks()
        var timestamp: Int64?
        if !atEnd {
            let text = token()
            guard let parsed = Int64(text) else { throw fail("invalid timestamp \"\(text)\" for metric \"\(metric)\"") }
            timestamp = parsed
            skipBlanks()
            guard atEnd else { throw fail("unexpected \(found()) after the timestamp of metric \"\(metric)\"") }
        }
        return PrometheusText.Sample(name: metric, labels: labels, value: value, timestampMilliseconds: timestamp, line: line)
    }

    mutating func labelSet(into labels: inout [String: String], metric: String) throws(PrometheusText.ParseError) {
        while true {
            skipBlanks()
            if peek == UInt8(ascii: "}") { index += 1; return }
            let label = try name(colon: false, what: "label name of metric \"\(metric)\"")
            skipBlanks()
            guard peek == UInt8(ascii: "=") else {
                throw fail("expected \"=\" after label name \"\(label)\" of metric \"\(metric)\", found \(found())")
            }
            index += 1
            skipBlanks()
            guard peek == UInt8(ascii: "\"") else {
                throw fail("expected a quoted value for label \"\(label)\" of metric \"\(metric)\", found \(found())")
            }
            index += 1
            var value: [UInt8] = []
            var closed = false
            while let byte = peek {
                index += 1
                if byte == UInt8(ascii: "\"") { closed = true; break }
                guard byte == UInt8(ascii: "\\") else { value.append(byte); continue }
                switch peek {
                case UInt8(ascii: "\\"): value.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\""): value.append(UInt8(ascii: "\""))
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                default: throw fail("invalid escape sequence in the value of label \"\(label)\" of metric \"\(metric)\"")
                }
                index += 1
            }
            guard closed else { throw fail("unterminated value of label \"\(label)\" of metric \"\(metric)\"") }
            guard labels[label] == nil else { throw fail("duplicate label \"\(label)\" in metric \"\(metric)\"") }
            labels[label] = String(decoding: value, as: UTF8.self)
            skipBlanks()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw fail("expected \",\" or \"}\" after label \"\(label)\" of metric \"\(metric)\", found \(found())")
            }
        }
    }

    /// Go's `strconv.ParseFloat` forms the exposition uses: decimal and exponent notation,
    /// `NaN`, `+Inf`, `-Inf` and `Inf` (any case).
    static func float(_ text: String) -> Double? {
        switch text.lowercased() {
        case "nan": return .nan
        case "+inf", "inf": return .infinity
        case "-inf": return -.infinity
        default: break
        }
        guard text.utf8.allSatisfy({ byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }) else { return nil }
        return Double(text)
    }
}
