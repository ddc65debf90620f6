/// A Kubernetes component version as reported by `kubectl version`, `kubernetes_build_info`'s
/// `git_version` or a node's `status.nodeInfo.kubeletVersion`, vendor suffixes included:
/// `v1.29.4-eks-036c24b`, `v1.30.2+k3s1`, `v1.28.3-gke.1286000`, `1.33`.
/// Only major, minor and patch matter for feature history; the text is kept for display.
public struct KubernetesVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int?
    /// The version as written.
    public var text: String

    /// Parses `[v]MAJOR.MINOR[.PATCH][(-|+)SUFFIX]`; nil for anything else.
    public init?(_ text: String) {
        var rest = Substring(text)
        if rest.first == "v" || rest.first == "V" { rest = rest.dropFirst() }
        if let cut = rest.firstIndex(where: { $0 == "-" || $0 == "+" }) { rest = rest[..<cut] }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let major = Int(parts[0]), let minor = Int(parts[1])
        else { return nil }
        self.major = major
        self.minor = minor
        self.patch = parts.count == 3 ? Int(parts[2]) : nil
        self.text = text
    }

    public var description: String { text }

    public static func == (lhs: KubernetesVersion, rhs: KubernetesVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch ?? 0) == (rhs.major, rhs.minor, rhs.patch ?? 0)
    }

    public static func < (lhs: KubernetesVersion, rhs: KubernetesVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch ?? 0) < (rhs.major, rhs.minor, rhs.patch ?? 0)
    }

    /// True when this is `major.minor` or later.
    public func isAtLeast(_ major: Int, _ minor: Int) -> Bool {
        (self.major, self.minor) >= (major, minor)
    }
}
