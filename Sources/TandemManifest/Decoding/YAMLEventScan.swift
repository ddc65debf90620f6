import CYaml

/// A check on libyaml's event stream that runs before Yams composes a node tree, for the one
/// alias attack Yams itself would hang on: a mapping key that is a collection, or an alias of
/// one. Yams hashes every key while composing to find duplicates, and hashing an aliased tree
/// walks it with its aliases expanded: exponential in the nesting, before any budget of ours
/// can run. Kubernetes has no use for such keys (JSON field names are strings), so they are
/// refused here, at the key.
///
/// libyaml's event API is reached through Yams' own `CYaml` module, so there is one libyaml in
/// the binary; Yams does not expose events. Only texts with an alias (`*`) are scanned, so a
/// plain manifest pays nothing.
enum YAMLEventScan {
    /// The position (1-based) of the first non-scalar key, if any; nil also when libyaml fails
    /// to parse, which composing then reports in full.
    static func firstCollectionKey(in text: String) -> (line: Int, column: Int)? {
        guard text.utf8.contains(UInt8(ascii: "*")) else { return nil }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var scanner = Scanner()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let found = scanner.handle(&event) { return found }
            }
        }
    }

    private struct Scanner {
        /// Open collections; for a mapping, whether the next node is a key.
        private var frames: [(isMapping: Bool, expectsKey: Bool)] = []
        /// Anchors that name collections (an alias of a scalar is a fine key).
        private var collectionAnchors: Set<String> = []

        private var atKey: Bool { frames.last.map { $0.isMapping && $0.expectsKey } ?? false }

        mutating func handle(_ event: inout yaml_event_t) -> (line: Int, column: Int)? {
            let mark = (line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            switch event.type {
            case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
                if atKey { return mark }
                let anchor = event.type == YAML_MAPPING_START_EVENT
                    ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                if let anchor { collectionAnchors.insert(String(cString: anchor)) }
                frames.append((event.type == YAML_MAPPING_START_EVENT, true))
            case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                frames.removeLast()
                completedNode()
            case YAML_ALIAS_EVENT:
                if atKey, let anchor = event.data.alias.anchor, collectionAnchors.contains(String(cString: anchor)) {
                    return mark
                }
                completedNode()
            case YAML_SCALAR_EVENT:
                // A scalar anchor may shadow a collection anchor of the same name.
                if let anchor = event.data.scalar.anchor { collectionAnchors.remove(String(cString: anchor)) }
                completedNode()
            case YAML_DOCUMENT_START_EVENT:
                frames.removeAll()
                collectionAnchors.removeAll()
            default:
                break
            }
            return nil
        }

        private mutating func completedNode() {
            guard let last = frames.indices.last, frames[last].isMapping else { return }
            frames[last].expectsKey.toggle()
        }
    }
}
