/// Where a value sits inside a document, kept as a parent-linked list so that descending
/// into a field costs O(1); it is rendered in Kubernetes notation (`spec.containers[0].name`)
/// only when an error needs it.
final class FieldPath: Sendable {
    enum Component: Sendable {
        case field(String)
        case index(Int)
    }

    let parent: FieldPath?
    let component: Component?

    /// The document root.
    static let root = FieldPath(parent: nil, component: nil)

    private init(parent: FieldPath?, component: Component?) {
        self.parent = parent
        self.component = component
    }

    func field(_ name: String) -> FieldPath {
        FieldPath(parent: self, component: .field(name))
    }

    func index(_ index: Int) -> FieldPath {
        FieldPath(parent: self, component: .index(index))
    }

    /// Components from the root down.
    var components: [Component] {
        var result: [Component] = []
        var current: FieldPath? = self
        while let path = current {
            if let component = path.component { result.append(component) }
            current = path.parent
        }
        return result.reversed()
    }

    var isRoot: Bool { component == nil }

    /// `spec.containers[0].name`; map keys read like fields (`metadata.labels.app`).
    var rendered: String {
        var text = ""
        for component in components {
            switch component {
            case .field(let name):
                if !text.isEmpty { text += "." }
                text += name
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    /// The path as `CodingKey`s, for `Decoder.codingPath`.
    var codingKeys: [any CodingKey] {
        components.map { component in
            switch component {
            case .field(let name): return PathKey(stringValue: name)
            case .index(let index): return PathKey(intValue: index)
            }
        }
    }
}

/// A `CodingKey` for any field name or list index.
struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}
