import Yams

extension ManifestLoader {
    /// The YAML node tree of every document of `text` (null for an empty document), for tools that
    /// edit a manifest's source and need positions (`Node.mark`); errors read as `decode(text:file:)`'s,
    /// and a file whose aliases expand too far is refused as there, as is one without any object.
    public static func compose(text: String, file: String) throws(ManifestError) -> [Node] {
        // The budget is made (and a file whose aliases expand too far refused) even though the
        // caller walks the trees itself: an editor must not meet an alias bomb either.
        let roots = try composeBudgeted(text: text, file: file).roots
        if roots.allSatisfy(\.isNull) { throw ManifestError(file: file, message: "no objects found") }
        return roots
    }

    /// Decodes one document's node strictly, as `decode(text:file:)` does; nil for a kind tandem
    /// does not understand (a Service, a ConfigMap…), for an empty document and for `kind: List`, which callers that edit
    /// a stream in place leave alone.
    public static func decode(node: Node, file: String, index: Int) throws(ManifestError) -> ManifestDocument? {
        var document: ManifestDocument?
        let issues = DecodingIssues()
        try reportingDecodingErrors(file: file, issues: issues) {
            if node.isNull { return }
            let header = try TypeHeader(node, path: .root)
            guard header.kind != "List", supportedKinds[header.kind] != nil else { return }
            document = try decodeObject(node, header: header, path: .root, file: file, index: index,
                                        budget: DecodingBudget(roots: [node]), issues: issues)
        }
        return document
    }
}
