/// A field path rendered as the API server renders `field.Path`: `spec.containers[0].ports[1].name`,
/// map keys as `metadata.labels[app]`.
public struct FieldPath: Sendable, Equatable, Hashable, CustomStringConvertible {
    public private(set) var description: String

    /// A root path (`spec`, `metadata`); the empty root renders as "".
    public init(_ root: String = "") {
        description = root
    }

    /// Parses a dotted path such as `spec.template.spec` (no indices) into a path.
    public init(dotted: String) {
        description = dotted
    }

    public func child(_ name: String) -> FieldPath {
        var path = self
        if name.isEmpty { return path }
        path.description = description.isEmpty ? name : description + "." + name
        return path
    }

    /// Several children at once: `child("spec", "restartPolicy")`.
    public func child(_ first: String, _ rest: String...) -> FieldPath {
        rest.reduce(child(first)) { $0.child($1) }
    }

    public func index(_ index: Int) -> FieldPath {
        var path = self
        path.description += "[\(index)]"
        return path
    }

    public func key(_ key: String) -> FieldPath {
        var path = self
        path.description += "[\(key)]"
        return path
    }
}
