import TandemAPI

/// The Job a CronJob's controller creates for one scheduled time (`getJobFromTemplate2` in
/// `pkg/controller/cronjob/utils.go`): `tandem run cronjob.yaml` triggers the CronJob once, now,
/// whatever its `schedule`, and runs that Job under the Job controller.
public enum CronJobTrigger {
    /// `batch.kubernetes.io/cronjob-scheduled-timestamp`, the scheduled time in RFC 3339.
    public static let scheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp"

    /// The Job for `scheduledTime`: named `<cronjob>-<scheduled time in minutes since the epoch>`
    /// (`getJobName`, `getTimeHashInMinutes`), with the job template's labels and annotations,
    /// the scheduled-timestamp annotation (rendered in UTC: tandem has no time zone database, so
    /// a `timeZone` other than UTC is not applied to it), the CronJob as controller owner, and the
    /// template's spec.
    public static func job(from cronJob: CronJob, scheduledTime: Instant) -> Job {
        let name = cronJob.metadata?.name ?? "cronjob"
        let template = cronJob.spec?.jobTemplate
        var minutes = scheduledTime.nanosecondsSinceEpoch / 60_000_000_000
        if scheduledTime.nanosecondsSinceEpoch < 0, scheduledTime.nanosecondsSinceEpoch % 60_000_000_000 != 0 {
            minutes -= 1
        }
        var annotations = template?.metadata?.annotations ?? [:]
        annotations[scheduledTimestampAnnotation] = Timestamp.rfc3339(scheduledTime)
        let metadata = ObjectMeta(
            name: "\(name)-\(minutes)",
            namespace: cronJob.metadata?.namespace,
            creationTimestamp: Timestamp.rfc3339(scheduledTime),
            labels: template?.metadata?.labels,
            annotations: annotations,
            ownerReferences: [OwnerReference(apiVersion: "batch/v1", kind: "CronJob", name: name,
                                             uid: cronJob.metadata?.uid ?? "", controller: true,
                                             blockOwnerDeletion: true)]
        )
        return Job(apiVersion: "batch/v1", kind: "Job", metadata: metadata, spec: template?.spec)
    }
}
