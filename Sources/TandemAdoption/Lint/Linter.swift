import TandemAPI
import TandemManifest

/// `tandem lint`'s engine: runs every enabled rule on each object that has a pod spec, applies
/// suppressions and the configuration, and locates each finding in the file.
///
/// Pure apart from the positions lookup; findings come out in rule-catalogue order per object, then by
/// path, so output is stable.
public struct Linter: Sendable {
    public var configuration: LintConfiguration

    public init(configuration: LintConfiguration = LintConfiguration()) {
        self.configuration = configuration
    }

    /// The findings for one decoded object.
    public func lint(_ located: LocatedDocument) -> [LintFinding] {
        let document = located.document
        let object = document.object
        guard let location = object.podSpecLocation else { return [] }
        let metadata = object.metadata
        let reference = LintFinding.ObjectReference(
            kind: object.kind, namespace: metadata?.namespace, name: object.name ?? "")
        var annotations = metadata?.annotations ?? [:]
        for (key, value) in location.metadata?.annotations ?? [:] { annotations[key] = value }

        var raw = ValidityRules.invalid(object)
        if raw.isEmpty {
            var pod = PodContext(kind: object.kind, specPath: location.path, spec: location.spec,
                                 annotations: annotations, configuration: configuration)
            pod.templateAnnotationKeys = Set((location.metadata?.annotations ?? [:]).keys)
            pod.podAnnotations = location.metadata?.annotations ?? [:]
            ValidityRules.checkVersion(pod, into: &raw)
            LegacySidecarRule.check(pod, into: &raw)
            HackRules.check(pod, into: &raw)
            ResourceRules.check(pod, into: &raw)
            OrderingRules.check(pod, into: &raw)
            BudgetRules.check(pod, into: &raw)
            ProbeRules.check(pod, into: &raw)
        }

        // Suppressions: on the object, or on the pod template (each reported where it is written).
        var suppressed: Set<String> = []
        var sources: [(path: String, metadata: ObjectMeta?)] = [("metadata", metadata)]
        if location.path != "spec" {
            sources.append((String(location.path.dropLast("spec".count)) + "metadata", location.metadata))
        }
        for source in sources {
            guard let value = source.metadata?.annotations?[Suppressions.annotation] else { continue }
            let suppressions = Suppressions(value)
            suppressed.formUnion(suppressions.rules)
            for problem in suppressions.problems {
                raw.append(RawFinding(LintRules.suppressionWithoutReason,
                                      "\(source.path).annotations[\(Suppressions.annotation)]", problem))
            }
        }

        let order = Dictionary(uniqueKeysWithValues: LintRules.all.enumerated().map { ($0.element.id, $0.offset) })
        var findings: [LintFinding] = []
        for item in raw where !configuration.disabled.contains(item.rule.id) {
            if item.rule.id != LintRules.suppressionWithoutReason.id, suppressed.contains(item.rule.id) { continue }
            let position = located.positions.position(of: item.path)
            findings.append(LintFinding(
                ruleID: item.rule.id, severity: configuration.severities[item.rule.id] ?? item.rule.severity,
                object: reference, path: item.path, file: document.file, line: position.line, column: position.column,
                message: item.message, fix: item.fix ?? item.rule.findingFix))
        }
        findings.sort { lhs, rhs in
            if lhs.line != rhs.line { return lhs.line < rhs.line }
            if lhs.column != rhs.column { return lhs.column < rhs.column }
            return (order[lhs.ruleID] ?? 0) < (order[rhs.ruleID] ?? 0)
        }
        return findings
    }

    /// Decodes `text` (objects of other kinds are skipped) and lints every object.
    public func lint(text: String, file: String) throws(ManifestError) -> [LintFinding] {
        try ManifestLoader.decodeLocated(text: text, file: file).flatMap { lint($0) }
    }
}

extension ManifestObject {
    /// The object's own metadata.
    var metadata: ObjectMeta? {
        switch self {
        case .pod(let object): return object.metadata
        case .job(let object): return object.metadata
        case .cronJob(let object): return object.metadata
        case .deployment(let object): return object.metadata
        case .statefulSet(let object): return object.metadata
        case .daemonSet(let object): return object.metadata
        case .replicaSet(let object): return object.metadata
        }
    }
}
