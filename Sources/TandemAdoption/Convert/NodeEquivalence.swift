import Yams

/// Whether two node trees decode to the same Kubernetes object: same keys in the same order, same
/// sequences, scalars with the same text that are both plain or both quoted/block (a plain `5` is
/// a number, a quoted one a string; TandemManifest resolves plain scalars by go-yaml's rules).
/// The cheap check of a text edit against `NodeEditor`'s tree; a typed decode settles the rest.
enum NodeEquivalence {
    static func equivalent(_ left: Node, _ right: Node) -> Bool {
        switch (left, right) {
        case (.scalar(let a), .scalar(let b)):
            return a.string == b.string && isPlain(a.style) == isPlain(b.style) && sameTag(a.tag, b.tag)
        case (.mapping(let a), .mapping(let b)):
            return a.count == b.count && sameTag(a.tag, b.tag)
                && zip(a, b).allSatisfy { equivalent($0.key, $1.key) && equivalent($0.value, $1.value) }
        case (.sequence(let a), .sequence(let b)):
            return a.count == b.count && sameTag(a.tag, b.tag) && zip(a, b).allSatisfy { equivalent($0, $1) }
        default:
            return false
        }
    }

    private static func isPlain(_ style: Node.Scalar.Style) -> Bool {
        style == .plain || style == .any
    }

    /// Implicit tags and the `!!str`, `!!map`, `!!seq` the basic resolver puts on untagged nodes
    /// are the same thing here; an explicit other tag must match.
    private static func sameTag(_ a: Tag, _ b: Tag) -> Bool {
        let x = a.rawValue
        let y = b.rawValue
        return x == y || (isNeutral(x) && isNeutral(y))
    }

    private static func isNeutral(_ tag: String) -> Bool {
        tag.isEmpty || tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "tag:yaml.org,2002:map" || tag == "tag:yaml.org,2002:seq"
    }
}
