import TandemAPI

/// The entry point `tandem validate` and `tandem run` call: the Kubernetes API server's create-time
/// validation (v1.33 default feature gates) for a Pod or a workload's pod template, returning every
/// error (never only the first) with the API server's field paths, types and wording.
public enum PodValidation {
    /// Knobs for callers that need to see raw-object behaviour.
    public struct Options: Sendable, Equatable {
        /// Apply the v1 defaults (TandemAPI's `Defaulting`) first, as the API server always
        /// does (default). Without them, absent defaulted fields report `Required value` (e.g.
        /// `imagePullPolicy`). Defaulting is idempotent: already defaulted objects are unchanged.
        public var applyDefaults: Bool

        public init(applyDefaults: Bool = true) {
            self.applyDefaults = applyDefaults
        }
    }

    /// `ValidatePodCreate`: metadata (`metadata.name` …) and `spec…`.
    /// The spec is defaulted without requests-from-limits (see
    /// `Defaulting.apply(to:requestsFromLimits:)`), as the API server's validation tests check
    /// it; callers that default the whole object first (`tandem validate`, `tandem run`) see
    /// what the API server reports for a created Pod.
    public static func validate(pod: Pod, options: Options = Options()) -> [FieldError] {
        PodSpecValidation.validatePodCreate(metadata: pod.metadata, spec: defaulted(pod.spec, options))
    }

    /// `ValidateJob` (template parts): `spec.template.spec…` plus the Job's own template rules.
    public static func validate(job: Job, options: Options = Options()) -> [FieldError] {
        let job = defaulted(job, options, Defaulting.apply(to:))
        var errors = ObjectMetaValidation.validate(job.metadata, path: FieldPath("metadata"))
        errors += WorkloadValidation.validateJobSpec(job.spec ?? JobSpec(), path: FieldPath("spec"))
        return errors
    }

    /// `ValidateCronJob` (template parts): `spec.jobTemplate.spec.template.spec…`.
    public static func validate(cronJob: CronJob, options: Options = Options()) -> [FieldError] {
        let cronJob = defaulted(cronJob, options, Defaulting.apply(to:))
        let metaPath = FieldPath("metadata")
        var errors = ObjectMetaValidation.validate(cronJob.metadata, path: metaPath)
        if let name = cronJob.metadata?.name, name.utf8.count > 52 {
            errors.append(.invalid(metaPath.child("name"), name, NameRules.maxLenError(52)))
        }
        let spec = cronJob.spec ?? CronJobSpec()
        let specPath = FieldPath("spec")
        if spec.schedule.isNilOrEmpty { errors.append(.required(specPath.child("schedule"))) }
        if let deadline = spec.startingDeadlineSeconds {
            errors += HandlerValidation.nonnegative(deadline, path: specPath.child("startingDeadlineSeconds"))
        }
        let concurrency = spec.concurrencyPolicy.orEmpty
        if concurrency.isEmpty {
            errors.append(.required(specPath.child("concurrencyPolicy")))
        } else if !["Allow", "Forbid", "Replace"].contains(concurrency) {
            errors.append(.notSupported(specPath.child("concurrencyPolicy"), concurrency, ["Allow", "Forbid", "Replace"]))
        }
        errors += WorkloadValidation.validateJobSpec(spec.jobTemplate?.spec ?? JobSpec(), path: specPath.child("jobTemplate", "spec"))
        return errors
    }

    public static func validate(deployment: Deployment, options: Options = Options()) -> [FieldError] {
        let deployment = defaulted(deployment, options, Defaulting.apply(to:))
        let spec = deployment.spec
        return ObjectMetaValidation.validate(deployment.metadata, path: FieldPath("metadata"))
            + WorkloadValidation.validateControllerTemplate(kind: "Deployment", selector: spec?.selector, replicas: spec?.replicas,
                                                            template: spec?.template ?? PodTemplateSpec(), path: FieldPath("spec"))
    }

    public static func validate(replicaSet: ReplicaSet, options: Options = Options()) -> [FieldError] {
        let replicaSet = defaulted(replicaSet, options, Defaulting.apply(to:))
        let spec = replicaSet.spec
        return ObjectMetaValidation.validate(replicaSet.metadata, path: FieldPath("metadata"))
            + WorkloadValidation.validateControllerTemplate(kind: "ReplicaSet", selector: spec?.selector, replicas: spec?.replicas,
                                                            template: spec?.template ?? PodTemplateSpec(), path: FieldPath("spec"))
    }

    public static func validate(statefulSet: StatefulSet, options: Options = Options()) -> [FieldError] {
        let statefulSet = defaulted(statefulSet, options, Defaulting.apply(to:))
        let spec = statefulSet.spec
        return ObjectMetaValidation.validate(statefulSet.metadata, path: FieldPath("metadata"))
            + WorkloadValidation.validateControllerTemplate(kind: "StatefulSet", selector: spec?.selector, replicas: spec?.replicas,
                                                            template: spec?.template ?? PodTemplateSpec(), path: FieldPath("spec"))
    }

    public static func validate(daemonSet: DaemonSet, options: Options = Options()) -> [FieldError] {
        let daemonSet = defaulted(daemonSet, options, Defaulting.apply(to:))
        let spec = daemonSet.spec
        return ObjectMetaValidation.validate(daemonSet.metadata, path: FieldPath("metadata"))
            + WorkloadValidation.validateControllerTemplate(kind: "DaemonSet", selector: spec?.selector, replicas: nil,
                                                            template: spec?.template ?? PodTemplateSpec(), path: FieldPath("spec"))
    }

    /// Validates a pod template's spec found at `path` (`spec.template.spec`, …) without any
    /// workload-specific rules; for callers holding only a `PodSpecLocation`.
    public static func validate(templateSpec spec: PodSpec, metadata: ObjectMeta?, specPath: String,
                                options: Options = Options()) -> [FieldError] {
        let templatePath = FieldPath(dotted: String(specPath.dropLast(specPath.hasSuffix(".spec") ? 5 : 0)))
        return PodSpecValidation.validateTemplate(metadata: metadata, spec: defaulted(spec, options), path: templatePath)
    }

    // MARK: defaulting

    static func defaulted<Object>(_ object: Object, _ options: Options, _ apply: (inout Object) -> Void) -> Object {
        var object = object
        if options.applyDefaults { apply(&object) }
        return object
    }

    static func defaulted(_ spec: PodSpec?, _ options: Options) -> PodSpec {
        defaulted(spec ?? PodSpec(), options) { Defaulting.apply(to: &$0, requestsFromLimits: false) }
    }
}
