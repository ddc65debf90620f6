import TandemAPI

extension Defaulting {
    /// Defaults any supported object: the Pod itself, or a workload's spec
    /// (`pkg/apis/batch/v1`, `pkg/apis/apps/v1` defaults) and its pod template.
    public static func apply(to object: inout ManifestObject) {
        switch object {
        case .pod(var pod):
            apply(to: &pod)
            object = .pod(pod)
        case .job(var job):
            job.spec.modify { apply(to: &$0) }
            // SetDefaults_Job: the Job takes its template's labels when it has none.
            if let labels = job.spec?.template?.metadata?.labels, job.metadata?.labels?.isEmpty ?? true {
                job.metadata = job.metadata ?? ObjectMeta()
                job.metadata?.labels = labels
            }
            object = .job(job)
        case .cronJob(var cronJob):
            cronJob.spec.modify { apply(to: &$0) }
            object = .cronJob(cronJob)
        case .deployment(var deployment):
            deployment.spec.modify { apply(to: &$0) }
            object = .deployment(deployment)
        case .statefulSet(var statefulSet):
            statefulSet.spec.modify { apply(to: &$0) }
            object = .statefulSet(statefulSet)
        case .daemonSet(var daemonSet):
            daemonSet.spec.modify { apply(to: &$0) }
            object = .daemonSet(daemonSet)
        case .replicaSet(var replicaSet):
            replicaSet.spec.modify { spec in
                // SetDefaults_ReplicaSet
                if spec.replicas == nil { spec.replicas = 1 }
                apply(toTemplate: &spec.template)
            }
            object = .replicaSet(replicaSet)
        }
    }

    static func apply(toTemplate template: inout PodTemplateSpec?) {
        template.modify { $0.spec.modify { apply(to: &$0) } }
    }

    /// `SetDefaults_Job` (JobPodReplacementPolicy enabled, as it is by default).
    static func apply(to spec: inout JobSpec) {
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
    static func apply(to spec: inout CronJobSpec) {
        if spec.concurrencyPolicy.isNilOrEmpty { spec.concurrencyPolicy = "Allow" }
        if spec.suspend == nil { spec.suspend = false }
        if spec.successfulJobsHistoryLimit == nil { spec.successfulJobsHistoryLimit = 3 }
        if spec.failedJobsHistoryLimit == nil { spec.failedJobsHistoryLimit = 1 }
        spec.jobTemplate.modify { $0.spec.modify { apply(to: &$0) } }
    }

    /// `SetDefaults_Deployment`: one replica, RollingUpdate 25%/25%, history 10, deadline 600s.
    static func apply(to spec: inout DeploymentSpec) {
        if spec.replicas == nil { spec.replicas = 1 }
        spec.strategy = rollingUpdate(spec.strategy, defaults: ["maxUnavailable": .string("25%"), "maxSurge": .string("25%")])
        if spec.revisionHistoryLimit == nil { spec.revisionHistoryLimit = 10 }
        if spec.progressDeadlineSeconds == nil { spec.progressDeadlineSeconds = 600 }
        apply(toTemplate: &spec.template)
    }

    /// `SetDefaults_StatefulSet`: OrderedReady, RollingUpdate partition 0, Retain PVCs, one replica.
    static func apply(to spec: inout StatefulSetSpec) {
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
    static func apply(to spec: inout DaemonSetSpec) {
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
