import TandemAPI

/// The outcome of validating one or more manifest objects, rendered for `tandem validate`
/// (text in kubectl's words, or JSON); kept here so the CLI stays a thin shell around it.
public struct ValidationReport: Sendable, Equatable {
    /// One validated object.
    public struct Item: Sendable, Equatable {
        public var file: String
        public var kind: String
        public var name: String
        public var errors: [FieldError]

        public init(file: String, kind: String, name: String, errors: [FieldError]) {
            self.file = file
            self.kind = kind
            self.name = name
            self.errors = errors
        }

        public var isValid: Bool { errors.isEmpty }

        /// kubectl's wording: `The Pod "web" is invalid: <err>` for one error, a `* ` list for several.
        public var message: String {
            if errors.isEmpty { return "\(kind) \(GoQuoting.quote(name)) is valid" }
            let header = "The \(kind) \(GoQuoting.quote(name)) is invalid:"
            let lines = uniqueMessages
            if lines.count == 1 { return header + " " + lines[0] }
            return header + " \n" + lines.map { "* " + $0 }.joined(separator: "\n")
        }

        /// `ErrorList.ToAggregate` drops repeated messages. Field paths and details can hold
        /// map keys from the manifest, which Go prints raw; here they are made terminal-safe.
        var uniqueMessages: [String] {
            var seen = Set<String>()
            return errors.map { GoQuoting.printable($0.description) }.filter { seen.insert($0).inserted }
        }
    }

    public var items: [Item]

    public init(items: [Item]) {
        self.items = items
    }

    public var isValid: Bool { items.allSatisfy(\.isValid) }

    /// 0 when every object is valid, 2 otherwise (the CLI's "invalid manifest" code).
    public var exitCode: Int32 { isValid ? 0 : 2 }

    /// One block per object, each prefixed with its file.
    public func text() -> String {
        items.map { "\(GoQuoting.printable($0.file)): \($0.message)\n" }.joined()
    }

    /// `{"items":[{"file":…,"kind":…,"name":…,"valid":…,"errors":[{"field":…,"type":…,"value":…,"detail":…,"message":…}]}]}`.
    public func json() -> String {
        let rendered = items.map { item in
            let errors = item.errors.map { error in
                "{\"field\":\(JSONText.string(error.field)),\"type\":\(JSONText.string(error.type.rawValue)),"
                    + "\"value\":\(JSONText.value(error.badValue)),\"detail\":\(JSONText.string(error.detail)),"
                    + "\"message\":\(JSONText.string(error.description))}"
            }
            return "{\"file\":\(JSONText.string(item.file)),\"kind\":\(JSONText.string(item.kind)),"
                + "\"name\":\(JSONText.string(item.name)),\"valid\":\(item.isValid),"
                + "\"errors\":[\(errors.joined(separator: ","))]}"
        }
        return "{\"items\":[\(rendered.joined(separator: ","))]}\n"
    }
}
