/// One problem `tandem lint` found, located in the object, the field and the file.
public struct LintFinding: Sendable, Equatable {
    /// The object as kind, namespace (nil when the manifest gives none) and name.
    public struct ObjectReference: Sendable, Equatable, Hashable {
        public var kind: String
        public var namespace: String?
        public var name: String

        public init(kind: String, namespace: String?, name: String) {
            self.kind = kind
            self.namespace = namespace
            self.name = name
        }

        /// `Deployment/web`, or `Deployment/prod/web` with a namespace.
        public var description: String {
            namespace.map { "\(kind)/\($0)/\(name)" } ?? "\(kind)/\(name)"
        }
    }

    public var ruleID: String
    public var severity: LintSeverity
    public var object: ObjectReference
    /// The field as the API server writes it, e.g. `spec.template.spec.initContainers[1].resources`.
    public var path: String
    public var file: String
    /// 1-based; the field's key, or the nearest enclosing field that exists in the file.
    public var line: Int
    public var column: Int
    public var message: String
    public var fix: String

    public init(ruleID: String, severity: LintSeverity, object: ObjectReference, path: String, file: String,
                line: Int, column: Int, message: String, fix: String) {
        self.ruleID = ruleID
        self.severity = severity
        self.object = object
        self.path = path
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.fix = fix
    }
}
