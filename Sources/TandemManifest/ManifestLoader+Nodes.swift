import Yams

extension ManifestLoader {
    /// The YAML node tree of every document of `text` (null for an empty document), for tools that
    /// edit a manifest's source and need positions (`Node.mark`); errors read as `decode(text:file:)`'s.
    /// The stream's aliases are checked as `decode(text:file:)` checks them, for the whole file
    /// at once: callers then decode document by document, and a hundred documents each just
    /// under the limit would otherwise expand a hundred times as far.
    public static func compose(text: String, file: String) throws(ManifestError) -> [Node] {
        do {
            let roots = try composeDocuments(text)
            _ = try DecodingBudget(roots: roots)
            return roots
        } catch let error as NodeDecodingError {
            throw ManifestError(file: file, message: error.message, line: error.line, column: error.column)
        } catch {
            throw yamlError(error, text: text, file: file, budget: DecodingBudget())
        }
    }

    /// Decodes one document's node strictly, as `decode(text:file:)` does; nil for a kind tandem
    /// does not understand (a Service, a ConfigMap…), for an empty document and for `kind: List`, which callers that edit
    /// a stream in place leave alone.
    public static func decode(node: Node, file: String, index: Int) throws(ManifestError) -> ManifestDocument? {
        do {
            if node.isNull { return nil }
            let header = try TypeHeader(node, path: .root)
            guard header.kind != "List", supportedKinds[header.kind] != nil else { return nil }
            return try decodeObject(node, header: header, path: .root, file: file, index: index,
                                    budget: DecodingBudget(roots: [node]))
        } catch let error as NodeDecodingError {
            throw ManifestError(file: file, message: error.message, line: error.line, column: error.column)
        } catch {
            throw ManifestError(file: file, message: "\(error)")
        }
    }
}
