import Yams

extension ManifestLoader {
    /// One line for a YAML syntax error, with the line Yams reports.
    static func yamlError(_ error: any Error, text: String, file: String) -> ManifestError {
        guard let yamlError = error as? YamlError else {
            return ManifestError(file: file, message: "invalid YAML: \(singleLine("\(error)"))")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context, !context.text.isEmpty {
                message += " (\(context.text) at line \(context.mark.line))"
            }
            return ManifestError(file: file, message: singleLine(message), line: mark.line, column: mark.column)
        case .reader(let problem, let offset, _, _):
            return ManifestError(file: file, message: "invalid YAML: \(singleLine(problem))", line: offset.map { line(ofByteOffset: $0, in: text) })
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Only when renaming could not make the text compose (see `DuplicateKeyLocator`).
            return ManifestError(DuplicateKeyLocator.unlocated(.init(mark: context.mark, key: duplicates.first ?? "")), file: file)
        case .dataCouldNotBeDecoded:
            return ManifestError(file: file, message: "not UTF-8 text")
        default:
            return ManifestError(file: file, message: "invalid YAML: \(singleLine("\(yamlError)"))")
        }
    }

    private static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private static func line(ofByteOffset offset: Int, in text: String) -> Int {
        1 + text.utf8.prefix(max(0, offset)).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}
