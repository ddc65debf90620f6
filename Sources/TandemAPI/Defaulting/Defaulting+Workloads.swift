extension Defaulting {
    /// `SetDefaults_Job` and the template's pod defaults; the Job takes its template's labels
    /// when it has none.
    public static func apply(to job: inout Job) {
        job.spec.modify { apply(to: &$0) }
        if let labels = job.spec?.template?.metadata?.labels, job.metadata?.labels?.isEmpty ?? true {
            job.metadata = job.metadata ?? ObjectMeta()
            job.metadata?.labels = labels
        }
    }

    public static func apply(to cronJob: inout CronJob) {
        cronJob.spec.modify { apply(to: &$0) }
    }

    public static func apply(to deployment: inout Deployment) {
        deployment.spec.modify { apply(to: &$0) }
    }

    public static func apply(to statefulSet: inout StatefulSet) {
        statefulSet.spec.modify { apply(to: &$0) }
    }

    public static func apply(to daemonSet: inout DaemonSet) {
        daemonSet.spec.modify { apply(to: &$0) }
    }

    /// `SetDefaults_ReplicaSet`: one replica, and the template's pod defaults.
    public static func apply(to replicaSet: inout ReplicaSet) {
        replicaSet.spec.modify { spec in
            if spec.replicas == nil { spec.replicas = 1 }
            apply(toTemplate: &spec.template)
        }
    }

    public static func apply(toTemplate template: inout PodTemplateSpec?) {
        template.modify { $0.spec.modify { apply(to: &$0) } }
    }

    /// `SetDefaults_Job` (JobPodReplacementPolicy enabled, as it is by default).
    public static func apply(to spec: inout JobSpec) {
        if spec.completions == nil && spec.parallelism == nil {
            spec.completions = 1
            spec.parallelism = 1
        }
        if spec.parallelism == nil { spec.parallelism = 1 }
        if spec.backoffLimit == nil { spec.backoffLimit = spec.backoffLimitPerIndex != nil ? Int32.max : 6 }
        if spec.completionMode == nil { spec.completionMode = "NonIndexed" }
        if spec.suspend == nil { spec.suspend = false }
        if spec.podReplacementPolicy == nil {
            spec.podReplacementPolicy = spec.podFailurePolicy != nil ? "Failed" : "TerminatingOrFailed"
        }
        if spec.manualSelector == nil { spec.manualSelector = false }
        // SetDefaults_Job: an onPodConditions pattern without status matches status True.
        if var rules = spec.podFailurePolicy?.rules {
            for rule in rules.indices {
                guard var patterns = rules[rule].onPodConditions else { continue }
                for pattern in patterns.indices where patterns[pattern].status.isNilOrEmpty {
                    patterns[pattern].status = "True"
                }
                rules[rule].onPodConditions = patterns
            }
            spec.podFailurePolicy?.rules = rules
        }
        apply(toTemplate: &spec.template)
    }

    /// `SetDefaults_CronJob`; the job template gets the defaults of the Job it creates.
    public static func apply(to spec: inout CronJobSpec) {
        if spec.concurrencyPolicy.isNilOrEmpty { spec.concurrencyPolicy = "Allow" }
        if spec.suspend == nil { spec.suspend = false }
        if spec.successfulJobsHistoryLimit == nil { spec.successfulJobsHistoryLimit = 3 }
        if spec.failedJobsHistoryLimit == nil { spec.failedJobsHistoryLimit = 1 }
        spec.jobTemplate.modify { $0.spec.modify { apply(to: &$0) } }
    }

    /// `SetDefaults_Deployment`: one replica, RollingUpdate 25%/25%, history 10, deadline 600s.
    public static func apply(to spec: inout DeploymentSpec) {
        if spec.replicas == nil { spec.replicas = 1 }
        spec.strategy = rollingUpdate(spec.strategy, defaults: ["maxUnavailable": .string("25%"), "maxSurge": .string("25%")])
        if spec.revisionHistoryLimit == nil { spec.revisionHistoryLimit = 10 }
        if spec.progressDeadlineSeconds == nil { spec.progressDeadlineSeconds = 600 }
        apply(toTemplate: &spec.template)
    }

    /// `SetDefaults_StatefulSet`: OrderedReady, RollingUpdate partition 0, Retain PVCs, one replica.
    public static func apply(to spec: inout StatefulSetSpec) {
        if spec.podManagementPolicy.isNilOrEmpty { spec.podManagementPolicy = "OrderedReady" }
        spec.updateStrategy = rollingUpdate(spec.updateStrategy, defaults: ["partition": .number(0)])
        let retention = (spec.persistentVolumeClaimRetentionPolicy ?? .object([:]))
            .settingIfAbsent("whenDeleted", .string("Retain"))
            .settingIfAbsent("whenScaled", .string("Retain"))
        spec.persistentVolumeClaimRetentionPolicy = retention
        if spec.replicas == nil { spec.replicas = 1 }
        if spec.revisionHistoryLimit == nil { spec.revisionHistoryLimit = 10 }
        apply(toTemplate: &spec.template)
    }

    /// `SetDefaults_DaemonSet`: RollingUpdate with maxUnavailable 1 and maxSurge 0, history 10.
    public static func apply(to spec: inout DaemonSetSpec) {
        spec.updateStrategy = rollingUpdate(spec.updateStrategy, defaults: ["maxUnavailable": .number(1), "maxSurge": .number(0)])
        if spec.revisionHistoryLimit == nil { spec.revisionHistoryLimit = 10 }
        apply(toTemplate: &spec.template)
    }

    /// A strategy object with `type` defaulted to `RollingUpdate` and, for that type, the
    /// `rollingUpdate` fields defaulted.
    private static func rollingUpdate(_ strategy: JSONValue?, defaults: [String: JSONValue]) -> JSONValue {
        guard case .object(var fields) = strategy ?? .object([:]) else { return strategy ?? .null }
        if fields["type"] == nil || fields["type"] == .null || fields["type"] == .string("") {
            fields["type"] = .string("RollingUpdate")
        }
        guard fields["type"] == .string("RollingUpdate") else { return .object(fields) }
        var rolling = fields["rollingUpdate"] ?? .object([:])
        if rolling == .null { rolling = .object([:]) }
        for (key, value) in defaults.sorted(by: { $0.key < $1.key }) {
            rolling = rolling.settingIfAbsent(key, value)
        }
        fields["rollingUpdate"] = rolling
        return .object(fields)
    }
}
