import TandemAPI
import Yams

/// Applies a `ConversionPlan` to a document's node tree, for documents `SourceEditor` cannot edit
/// as text (flow style, JSON): the document is then re-emitted whole, keeping key order and scalar
/// quoting but not comments or layout: YAML in block style, JSON (when the document was JSON)
/// as indented JSON.
enum NodeEditor {
    /// The edited root, or nil when the pod spec is not at `path`.
    static func apply(_ plan: ConversionPlan, root: Node, path: [String]) -> Node? {
        guard case .mapping(let mapping) = root else { return nil }
        guard let key = path.first else { return editSpec(mapping, plan: plan).map(Node.mapping) }
        guard let child = mapping[key], let edited = apply(plan, root: child, path: Array(path.dropFirst())) else { return nil }
        return .mapping(replacing(key, in: mapping, with: edited))
    }

    private static func editSpec(_ spec: Node.Mapping, plan: ConversionPlan) -> Node.Mapping? {
        var spec = spec
        for rewrite in plan.rewrites {
            guard case .sequence(var list)? = spec[rewrite.section.rawValue], rewrite.index < list.count,
                  case .mapping(var container) = list[rewrite.index] else { return nil }
            let (field, position): (String, Int)
            switch rewrite.location {
            case .command(let index): (field, position) = ("command", index)
            case .args(let index): (field, position) = ("args", index)
            default: return nil
            }
            guard case .sequence(var words)? = container[field], position < words.count,
                  case .scalar(let original) = words[position] else { return nil }
            // Plain only where the text edit keeps it plain (`ScalarText.replacement`).
            let plain = original.style == .plain && ScalarText.isPlainSafe(rewrite.script)
            words[position] = Node(rewrite.script, .implicit, plain ? .plain : .doubleQuoted)
            container = replacing(field, in: container, with: .sequence(words))
            list[rewrite.index] = .mapping(container)
            spec = replacing(rewrite.section.rawValue, in: spec, with: .sequence(list))
        }
        guard !plan.moves.isEmpty else { return spec }
        guard case .sequence(let containers)? = spec["containers"] else { return nil }
        var sidecars: [Node] = []
        for move in plan.moves {
            guard case .mapping(let container) = containers[move.containerIndex] else { return nil }
            var pairs = Array(container).map { ($0.key, $0.value) }
            pairs.insert((Node("restartPolicy"), Node("Always")), at: min(1, pairs.count))
            if move.dropLifecycle {
                pairs.removeAll { $0.0.string == "lifecycle" }
            } else if move.dropPreStop, let index = pairs.firstIndex(where: { $0.0.string == "lifecycle" }),
                      case .mapping(let lifecycle) = pairs[index].1 {
                pairs[index].1 = .mapping(Node.Mapping(Array(lifecycle).filter { $0.key.string != "preStop" }.map { ($0.key, $0.value) },
                                                       lifecycle.tag, lifecycle.style))
            }
            if let probe = move.startupProbe { pairs.append((Node("startupProbe"), probeNode(probe))) }
            sidecars.append(.mapping(Node.Mapping(pairs, container.tag, container.style)))
        }
        let moved = Set(plan.moves.map(\.containerIndex))
        let remaining = containers.enumerated().filter { !moved.contains($0.offset) }.map(\.element)
        spec = replacing("containers", in: spec, with: .sequence(Node.Sequence(remaining, containers.tag, containers.style)))
        if case .sequence(let initList)? = spec["initContainers"] {
            var nodes = Array(initList)
            nodes.insert(contentsOf: sidecars, at: min(plan.insertionIndex, nodes.count))
            spec = replacing("initContainers", in: spec, with: .sequence(Node.Sequence(nodes, initList.tag, initList.style)))
        } else {
            var pairs = Array(spec).map { ($0.key, $0.value) }.filter { $0.0.string != "initContainers" }
            let index = pairs.firstIndex { $0.0.string == "containers" } ?? pairs.count
            pairs.insert((Node("initContainers"), .sequence(Node.Sequence(sidecars, .implicit, containers.style))), at: index)
            spec = Node.Mapping(pairs, spec.tag, spec.style)
        }
        return spec
    }

    private static func probeNode(_ probe: Probe) -> Node {
        var pairs: [(Node, Node)] = []
        if let httpGet = probe.httpGet {
            var fields: [(Node, Node)] = []
            if let path = httpGet.path {
                fields.append((Node("path"), Node(path, .implicit, ScalarText.isPlainSafe(path) ? .plain : .doubleQuoted)))
            }
            if let port = httpGet.port { fields.append((Node("port"), portNode(port))) }
            if let scheme = httpGet.scheme { fields.append((Node("scheme"), Node(scheme))) }
            pairs.append((Node("httpGet"), .mapping(Node.Mapping(fields))))
        } else if let port = probe.tcpSocket?.port {
            pairs.append((Node("tcpSocket"), .mapping(Node.Mapping([(Node("port"), portNode(port))]))))
        }
        pairs += ProbeText.timingFields(probe).map { (Node($0.0), Node($0.1, .implicit, .plain)) }
        return .mapping(Node.Mapping(pairs))
    }

    private static func portNode(_ port: IntOrString) -> Node {
        switch port {
        case .int(let number): return Node(String(number), .implicit, .plain)
        case .string(let name): return Node(name, .implicit, .doubleQuoted)
        }
    }

    private static func replacing(_ key: String, in mapping: Node.Mapping, with value: Node) -> Node.Mapping {
        let pairs = Array(mapping).map { pair in (pair.key, pair.key.string == key ? value : pair.value) }
        return Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark)
    }

    /// The document as text: JSON when `json`, else block-style YAML.
    static func emit(_ root: Node, json: Bool, newline: String) throws -> String {
        if json {
            var out = ""
            JSONNodeWriter.write(root, indent: "", into: &out, newline: newline)
            return out + newline
        }
        let text = try Yams.serialize(node: blockStyle(root), width: -1, allowUnicode: true)
        return newline == "\n" ? text : text.replacingAll("\n", with: newline)
    }

    private static func blockStyle(_ node: Node) -> Node {
        switch node {
        case .mapping(let mapping):
            return .mapping(Node.Mapping(Array(mapping).map { (blockStyle($0.key), blockStyle($0.value)) }, mapping.tag, .block))
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map(blockStyle), sequence.tag, .block))
        default:
            return node
        }
    }
}

/// Indented JSON from a node tree read from JSON (or YAML flow style): plain scalars that are
/// JSON literals stay literals, everything else is a string.
enum JSONNodeWriter {
    static func write(_ node: Node, indent: String, into out: inout String, newline: String) {
        let inner = indent + "  "
        switch node {
        case .mapping(let mapping):
            guard !mapping.isEmpty else { out += "{}"; return }
            out += "{"
            for (offset, pair) in mapping.enumerated() {
                out += (offset == 0 ? "" : ",") + newline + inner + JSONText.string(pair.key.string ?? "") + ": "
                write(pair.value, indent: inner, into: &out, newline: newline)
            }
            out += newline + indent + "}"
        case .sequence(let sequence):
            guard !sequence.isEmpty else { out += "[]"; return }
            out += "["
            for (offset, item) in sequence.enumerated() {
                out += (offset == 0 ? "" : ",") + newline + inner
                write(item, indent: inner, into: &out, newline: newline)
            }
            out += newline + indent + "]"
        case .scalar(let scalar):
            out += scalar.style == .plain && isLiteral(scalar.string) ? scalar.string : JSONText.string(scalar.string)
        case .alias:
            out += "null"
        }
    }

    private static func isLiteral(_ text: String) -> Bool {
        if ["true", "false", "null"].contains(text) { return true }
        guard let first = text.first, first == "-" || first.isNumber else { return false }
        return Double(text) != nil
    }
}
