// Generated field lists of Kubernetes core/v1 and workload types; names follow the API verbatim.

/// batch/v1 Job: runs a pod template to completion.
public struct Job: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta?
    public var spec: JobSpec?
    public var status: JSONValue?

    public init(
        apiVersion: String? = nil,
        kind: String? = nil,
        metadata: ObjectMeta? = nil,
        spec: JobSpec? = nil,
        status: JSONValue? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// How a Job runs its pods: completions, parallelism, retries and deadline.
public struct JobSpec: Codable, Sendable, Equatable {
    public var parallelism: Int32?
    public var completions: Int32?
    public var activeDeadlineSeconds: Int64?
    public var podFailurePolicy: PodFailurePolicy?
    public var successPolicy: SuccessPolicy?
    public var backoffLimit: Int32?
    public var backoffLimitPerIndex: Int32?
    public var maxFailedIndexes: Int32?
    public var selector: JSONValue?
    public var manualSelector: Bool?
    public var template: PodTemplateSpec?
    public var ttlSecondsAfterFinished: Int32?
    public var completionMode: String?
    public var suspend: Bool?
    public var podReplacementPolicy: String?
    public var managedBy: String?

    public init(
        parallelism: Int32? = nil,
        completions: Int32? = nil,
        activeDeadlineSeconds: Int64? = nil,
        podFailurePolicy: PodFailurePolicy? = nil,
        successPolicy: SuccessPolicy? = nil,
        backoffLimit: Int32? = nil,
        backoffLimitPerIndex: Int32? = nil,
        maxFailedIndexes: Int32? = nil,
        selector: JSONValue? = nil,
        manualSelector: Bool? = nil,
        template: PodTemplateSpec? = nil,
        ttlSecondsAfterFinished: Int32? = nil,
        completionMode: String? = nil,
        suspend: Bool? = nil,
        podReplacementPolicy: String? = nil,
        managedBy: String? = nil
    ) {
        self.parallelism = parallelism
        self.completions = completions
        self.activeDeadlineSeconds = activeDeadlineSeconds
        self.podFailurePolicy = podFailurePolicy
        self.successPolicy = successPolicy
        self.backoffLimit = backoffLimit
        self.backoffLimitPerIndex = backoffLimitPerIndex
        self.maxFailedIndexes = maxFailedIndexes
        self.selector = selector
        self.manualSelector = manualSelector
        self.template = template
        self.ttlSecondsAfterFinished = ttlSecondsAfterFinished
        self.completionMode = completionMode
        self.suspend = suspend
        self.podReplacementPolicy = podReplacementPolicy
        self.managedBy = managedBy
    }
}

/// `spec.podFailurePolicy` of a Job: rules matched in order against each failed pod.
public struct PodFailurePolicy: Codable, Sendable, Equatable {
    public var rules: [PodFailurePolicyRule]?

    public init(rules: [PodFailurePolicyRule]? = nil) {
        self.rules = rules
    }
}

/// One rule: an action (`FailJob`, `FailIndex`, `Ignore`, `Count`) when a failed pod matches
/// exactly one of `onExitCodes` or `onPodConditions`.
public struct PodFailurePolicyRule: Codable, Sendable, Equatable {
    public var action: String?
    public var onExitCodes: PodFailurePolicyOnExitCodesRequirement?
    public var onPodConditions: [PodFailurePolicyOnPodConditionsPattern]?

    public init(action: String? = nil, onExitCodes: PodFailurePolicyOnExitCodesRequirement? = nil,
                onPodConditions: [PodFailurePolicyOnPodConditionsPattern]? = nil) {
        self.action = action
        self.onExitCodes = onExitCodes
        self.onPodConditions = onPodConditions
    }
}

/// Exit codes (`In`/`NotIn` `values`) of the containers of a failed pod, optionally of one
/// container (which may be an init container or a sidecar).
public struct PodFailurePolicyOnExitCodesRequirement: Codable, Sendable, Equatable {
    public var containerName: String?
    public var `operator`: String?
    public var values: [Int32]?

    public init(containerName: String? = nil, operator: String? = nil, values: [Int32]? = nil) {
        self.containerName = containerName
        self.operator = `operator`
        self.values = values
    }
}

/// A pod condition (`DisruptionTarget`, …) with a status (`True` by default).
public struct PodFailurePolicyOnPodConditionsPattern: Codable, Sendable, Equatable {
    public var type: String?
    public var status: String?

    public init(type: String? = nil, status: String? = nil) {
        self.type = type
        self.status = status
    }
}

/// `spec.successPolicy` of an Indexed Job: the Job succeeds once any rule is met.
public struct SuccessPolicy: Codable, Sendable, Equatable {
    public var rules: [SuccessPolicyRule]?

    public init(rules: [SuccessPolicyRule]? = nil) {
        self.rules = rules
    }
}

/// Succeeded indexes (`"0,2-4"`) and/or a count of succeeded indexes (among them, when both).
public struct SuccessPolicyRule: Codable, Sendable, Equatable {
    public var succeededIndexes: String?
    public var succeededCount: Int32?

    public init(succeededIndexes: String? = nil, succeededCount: Int32? = nil) {
        self.succeededIndexes = succeededIndexes
        self.succeededCount = succeededCount
    }
}

/// batch/v1 CronJob: creates Jobs on a schedule.
public struct CronJob: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta?
    public var spec: CronJobSpec?
    public var status: JSONValue?

    public init(
        apiVersion: String? = nil,
        kind: String? = nil,
        metadata: ObjectMeta? = nil,
        spec: CronJobSpec? = nil,
        status: JSONValue? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The schedule and Job template of a CronJob.
public struct CronJobSpec: Codable, Sendable, Equatable {
    public var schedule: String?
    public var timeZone: String?
    public var startingDeadlineSeconds: Int64?
    public var concurrencyPolicy: String?
    public var suspend: Bool?
    public var jobTemplate: JobTemplateSpec?
    public var successfulJobsHistoryLimit: Int32?
    public var failedJobsHistoryLimit: Int32?

    public init(
        schedule: String? = nil,
        timeZone: String? = nil,
        startingDeadlineSeconds: Int64? = nil,
        concurrencyPolicy: String? = nil,
        suspend: Bool? = nil,
        jobTemplate: JobTemplateSpec? = nil,
        successfulJobsHistoryLimit: Int32? = nil,
        failedJobsHistoryLimit: Int32? = nil
    ) {
        self.schedule = schedule
        self.timeZone = timeZone
        self.startingDeadlineSeconds = startingDeadlineSeconds
        self.concurrencyPolicy = concurrencyPolicy
        self.suspend = suspend
        self.jobTemplate = jobTemplate
        self.successfulJobsHistoryLimit = successfulJobsHistoryLimit
        self.failedJobsHistoryLimit = failedJobsHistoryLimit
    }
}

/// The Job a CronJob creates (`spec.jobTemplate`).
public struct JobTemplateSpec: Codable, Sendable, Equatable {
    public var metadata: ObjectMeta?
    public var spec: JobSpec?

    public init(
        metadata: ObjectMeta? = nil,
        spec: JobSpec? = nil
    ) {
        self.metadata = metadata
        self.spec = spec
    }
}

/// apps/v1 Deployment: replicated pods from a template.
public struct Deployment: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta?
    public var spec: DeploymentSpec?
    public var status: JSONValue?

    public init(
        apiVersion: String? = nil,
        kind: String? = nil,
        metadata: ObjectMeta? = nil,
        spec: DeploymentSpec? = nil,
        status: JSONValue? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// Replicas, selector and pod template of a Deployment.
public struct DeploymentSpec: Codable, Sendable, Equatable {
    public var replicas: Int32?
    public var selector: JSONValue?
    public var template: PodTemplateSpec?
    public var strategy: JSONValue?
    public var minReadySeconds: Int32?
    public var revisionHistoryLimit: Int32?
    public var paused: Bool?
    public var progressDeadlineSeconds: Int32?

    public init(
        replicas: Int32? = nil,
        selector: JSONValue? = nil,
        template: PodTemplateSpec? = nil,
        strategy: JSONValue? = nil,
        minReadySeconds: Int32? = nil,
        revisionHistoryLimit: Int32? = nil,
        paused: Bool? = nil,
        progressDeadlineSeconds: Int32? = nil
    ) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
        self.strategy = strategy
        self.minReadySeconds = minReadySeconds
        self.revisionHistoryLimit = revisionHistoryLimit
        self.paused = paused
        self.progressDeadlineSeconds = progressDeadlineSeconds
    }
}

/// apps/v1 StatefulSet: ordered pods with stable identity.
public struct StatefulSet: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta?
    public var spec: StatefulSetSpec?
    public var status: JSONValue?

    public init(
        apiVersion: String? = nil,
        kind: String? = nil,
        metadata: ObjectMeta? = nil,
        spec: StatefulSetSpec? = nil,
        status: JSONValue? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// Replicas, selector and pod template of a StatefulSet.
public struct StatefulSetSpec: Codable, Sendable, Equatable {
    public var replicas: Int32?
    public var selector: JSONValue?
    public var template: PodTemplateSpec?
    public var volumeClaimTemplates: [JSONValue]?
    public var serviceName: String?
    public var podManagementPolicy: String?
    public var updateStrategy: JSONValue?
    public var revisionHistoryLimit: Int32?
    public var minReadySeconds: Int32?
    public var persistentVolumeClaimRetentionPolicy: JSONValue?
    public var ordinals: JSONValue?

    public init(
        replicas: Int32? = nil,
        selector: JSONValue? = nil,
        template: PodTemplateSpec? = nil,
        volumeClaimTemplates: [JSONValue]? = nil,
        serviceName: String? = nil,
        podManagementPolicy: String? = nil,
        updateStrategy: JSONValue? = nil,
        revisionHistoryLimit: Int32? = nil,
        minReadySeconds: Int32? = nil,
        persistentVolumeClaimRetentionPolicy: JSONValue? = nil,
        ordinals: JSONValue? = nil
    ) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
        self.volumeClaimTemplates = volumeClaimTemplates
        self.serviceName = serviceName
        self.podManagementPolicy = podManagementPolicy
        self.updateStrategy = updateStrategy
        self.revisionHistoryLimit = revisionHistoryLimit
        self.minReadySeconds = minReadySeconds
        self.persistentVolumeClaimRetentionPolicy = persistentVolumeClaimRetentionPolicy
        self.ordinals = ordinals
    }
}

/// apps/v1 DaemonSet: one pod per node from a template.
public struct DaemonSet: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta?
    public var spec: DaemonSetSpec?
    public var status: JSONValue?

    public init(
        apiVersion: String? = nil,
        kind: String? = nil,
        metadata: ObjectMeta? = nil,
        spec: DaemonSetSpec? = nil,
        status: JSONValue? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// Selector and pod template of a DaemonSet.
public struct DaemonSetSpec: Codable, Sendable, Equatable {
    public var selector: JSONValue?
    public var template: PodTemplateSpec?
    public var updateStrategy: JSONValue?
    public var minReadySeconds: Int32?
    public var revisionHistoryLimit: Int32?

    public init(
        selector: JSONValue? = nil,
        template: PodTemplateSpec? = nil,
        updateStrategy: JSONValue? = nil,
        minReadySeconds: Int32? = nil,
        revisionHistoryLimit: Int32? = nil
    ) {
        self.selector = selector
        self.template = template
        self.updateStrategy = updateStrategy
        self.minReadySeconds = minReadySeconds
        self.revisionHistoryLimit = revisionHistoryLimit
    }
}

/// apps/v1 ReplicaSet: a fixed number of pods from a template.
public struct ReplicaSet: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta?
    public var spec: ReplicaSetSpec?
    public var status: JSONValue?

    public init(
        apiVersion: String? = nil,
        kind: String? = nil,
        metadata: ObjectMeta? = nil,
        spec: ReplicaSetSpec? = nil,
        status: JSONValue? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// Replicas, selector and pod template of a ReplicaSet.
public struct ReplicaSetSpec: Codable, Sendable, Equatable {
    public var replicas: Int32?
    public var minReadySeconds: Int32?
    public var selector: JSONValue?
    public var template: PodTemplateSpec?

    public init(
        replicas: Int32? = nil,
        minReadySeconds: Int32? = nil,
        selector: JSONValue? = nil,
        template: PodTemplateSpec? = nil
    ) {
        self.replicas = replicas
        self.minReadySeconds = minReadySeconds
        self.selector = selector
        self.template = template
    }
}
