import TandemManifest

/// How every command reports manifests it could not load (unreadable, not YAML, unknown or
/// duplicated fields, wrong types, no objects): as text, one `tandem: <file>: <problem>` line per
/// problem on standard error, in file order; with `-o json`, as a `loadErrors` array on standard
/// output (see `ManifestError.json` for the shape of its objects), so that a program reading the
/// JSON learns why the command exited 2.
enum LoadErrors {
    /// The text lines, each with the `tandem: ` prefix and a newline.
    static func text(_ errors: [ManifestError]) -> String {
        errors.flatMap(\.lines).map { "tandem: \($0)\n" }.joined()
    }

    /// `{"loadErrors":[…]}`: the report of a command that prints no result when an input fails.
    static func jsonDocument(_ errors: [ManifestError]) -> String {
        "{\(ManifestError.jsonMember(errors))}\n"
    }

    /// `json` (a JSON object, as the reports render it) with the `loadErrors` member added
    /// last; unchanged when there is no error.
    static func adding(_ errors: [ManifestError], to json: String) -> String {
        guard !errors.isEmpty else { return json }
        var body = json
        while let last = body.last, last.isWhitespace { body.removeLast() }
        guard body.last == "}" else { return json }
        body.removeLast()
        while let last = body.last, last.isWhitespace { body.removeLast() }
        let separator = body.hasSuffix("{") ? "" : ","
        return body + separator + ManifestError.jsonMember(errors) + "}\n"
    }
}
