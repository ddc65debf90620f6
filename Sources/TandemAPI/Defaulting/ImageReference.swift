/// The part of a container image reference that decides the default `imagePullPolicy`,
/// parsed as Kubernetes' `parsers.ParseImageName` (docker/distribution reference grammar).
enum ImageReference {
    /// The tag Kubernetes reports for `image`: the explicit tag, `""` for a digest without a
    /// tag, `latest` for neither; `nil` when the reference does not parse.
    static func tag(of image: String) -> String? {
        var name = Substring(image)
        var hasDigest = false
        if let at = name.firstIndex(of: "@") {
            guard isDigest(name[name.index(after: at)...]) else { return nil }
            hasDigest = true
            name = name[..<at]
        }
        var tag: Substring?
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            tag = name[name.index(after: colon)...]
            name = name[..<colon]
        }
        guard isName(name) else { return nil }
        if let tag {
            guard isTag(tag) else { return nil }
            return String(tag)
        }
        return hasDigest ? "" : "latest"
    }

    /// `[\w][\w.-]{0,127}`
    private static func isTag(_ tag: Substring) -> Bool {
        guard let first = tag.utf8.first, tag.utf8.count <= 128, isWord(first) else { return false }
        return tag.utf8.allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// `algorithm:hex` with at least 32 hex digits.
    private static func isDigest(_ digest: Substring) -> Bool {
        guard let colon = digest.firstIndex(of: ":") else { return false }
        let algorithm = digest[..<colon]
        let hex = digest[digest.index(after: colon)...]
        guard let first = algorithm.utf8.first, isLetter(first),
              algorithm.utf8.allSatisfy({ isLetter($0) || isDigit($0) || "-_+.".utf8.contains($0) }) else { return false }
        return hex.utf8.count >= 32 && hex.utf8.allSatisfy { isDigit($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0 | 0x20) }
    }

    /// `[domain/]path`, the path lowercase, each component `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
    private static func isName(_ name: Substring) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        var components = name.split(separator: "/", omittingEmptySubsequences: false)
        if components.count > 1 {
            let first = components[0]
            let isDomain = first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first
            if isDomain {
                guard isDomainName(first) else { return false }
                components.removeFirst()
            }
        }
        return components.allSatisfy(isPathComponent)
    }

    private static func isPathComponent(_ component: Substring) -> Bool {
        let bytes = Array(component.utf8)
        guard let first = bytes.first, let last = bytes.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if isLowerAlnum(byte) {
                index += 1
                continue
            }
            // A separator: `.`, `_`, `__` or a run of `-`, always between alphanumerics.
            var end = index + 1
            switch byte {
            case UInt8(ascii: "."): break
            case UInt8(ascii: "_"): if end < bytes.count, bytes[end] == UInt8(ascii: "_") { end += 1 }
            case UInt8(ascii: "-"): while end < bytes.count, bytes[end] == UInt8(ascii: "-") { end += 1 }
            default: return false
            }
            guard end < bytes.count, isLowerAlnum(bytes[end]) else { return false }
            index = end
        }
        return true
    }

    private static func isDomainName(_ domain: Substring) -> Bool {
        var host = domain
        if let colon = domain.lastIndex(of: ":"), !domain.hasPrefix("[") || domain[..<colon].hasSuffix("]") {
            let port = domain[domain.index(after: colon)...]
            guard !port.isEmpty, port.utf8.allSatisfy(isDigit) else { return false }
            host = domain[..<colon]
        }
        if host.hasPrefix("[") { return host.hasSuffix("]") && host.count > 2 }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.utf8.first, let last = label.utf8.last else { return false }
            return isAlnum(first) && isAlnum(last) && label.utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    private static func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) }
    private static func isAlnum(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    private static func isLowerAlnum(_ byte: UInt8) -> Bool { isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isWord(_ byte: UInt8) -> Bool { isAlnum(byte) || byte == UInt8(ascii: "_") }
}
