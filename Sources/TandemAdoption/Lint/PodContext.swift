import TandemAPI

/// One pod spec under lint, with the paths its containers are reported under.
struct PodContext {
    let kind: String
    /// `spec`, `spec.template.spec` or `spec.jobTemplate.spec.template.spec`.
    let specPath: String
    let spec: PodSpec
    /// Annotations of the object and of its pod template together (template wins).
    let annotations: [String: String]
    /// Job or CronJob: the pod is meant to complete.
    let isJob: Bool
    let initContainers: [Container]
    let containers: [Container]
    let configuration: LintConfiguration
    /// Annotation keys written on the pod template (for reporting where an annotation is).
    var templateAnnotationKeys: Set<String> = []
    /// The annotations of the pod itself (a Pod's, or a workload's pod template's), where
    /// `tandem inject` marks its universal pairs.
    var podAnnotations: [String: String] = [:]

    /// The legacy sidecars among `containers` (tandem's universal fallbacks are not).
    var legacySidecars: [LegacySidecarMatch] {
        LegacySidecars.find(in: spec, podAnnotations: podAnnotations, isJob: isJob)
    }

    /// The init sides of tandem's universal pairs (see `UniversalPairs`): `inject --mode universal`
    /// leaves their startupProbe out on purpose, and the mains' own waits for them are what holds
    /// the mains where native sidecars do not work.
    var universalSidecarNames: Set<String> {
        Set(UniversalPairs.fallbacks(in: spec, annotations: podAnnotations).values)
    }

    init(kind: String, specPath: String, spec: PodSpec, annotations: [String: String],
         configuration: LintConfiguration) {
        self.kind = kind
        self.specPath = specPath
        self.spec = spec
        self.annotations = annotations
        isJob = kind == "Job" || kind == "CronJob"
        initContainers = spec.initContainers ?? []
        containers = spec.containers ?? []
        self.configuration = configuration
    }

    func initPath(_ index: Int) -> String { "\(specPath).initContainers[\(index)]" }
    func mainPath(_ index: Int) -> String { "\(specPath).containers[\(index)]" }

    /// Native sidecars with their index in `initContainers`.
    var sidecars: [(index: Int, container: Container)] {
        initContainers.enumerated().filter { $0.element.isRestartable }.map { ($0.offset, $0.element) }
    }

    /// Every container in declaration order with its path and whether it is a native sidecar.
    var allContainers: [(path: String, container: Container, isSidecar: Bool)] {
        initContainers.enumerated().map { (initPath($0.offset), $0.element, $0.element.isRestartable) }
            + containers.enumerated().map { (mainPath($0.offset), $0.element, false) }
    }

    func quoted(_ container: Container) -> String { GoQuoting.quote(container.name ?? "") }
}

/// A finding before suppression, configuration and positions are applied.
struct RawFinding {
    var rule: LintRule
    var path: String
    var message: String
    var fix: String?

    init(_ rule: LintRule, _ path: String, _ message: String, fix: String? = nil) {
        self.rule = rule
        self.path = path
        self.message = message
        self.fix = fix
    }
}
