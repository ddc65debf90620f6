import TandemAPI

/// Tells what a Job's controller does as the Job controller's events (`pkg/controller/job`:
/// `SuccessfulCreate` "Created pod: NAME", `SuccessfulDelete` "Deleted pod: NAME", `Completed`
/// "Job completed", the failure condition's reason and message as a Warning) plus tandem's
/// `RetryScheduled` fact (a failed pod and when the next one comes), which the controller only
/// shows as a silent wait.
///
/// Pure, fed every `JobController.handle` call in order:
/// ```swift
/// let actions = controller.handle(event, at: now)
/// let told = narrator.narrate(event, at: now, actions: actions, controller: controller)
/// ```
public struct JobNarrator: Sendable {
    public let jobName: String
    let backoffLimit: Int

    public init(job: Job) {
        jobName = job.metadata?.name ?? "job"
        let spec = job.spec ?? JobSpec()
        backoffLimit = Int(max(0, spec.backoffLimit ?? (spec.backoffLimitPerIndex != nil ? Int32.max : 6)))
    }

    public func narrate(_ event: JobEvent, at now: Instant, actions: [JobAction],
                        controller: JobController) -> [NarratedEvent] {
        var told: [NarratedEvent] = []
        if case .podFinished(_, let status) = event, status.phase == "Failed",
           !actions.contains(where: { if case .finished = $0 { true } else { false } }) {
            let retryAt: Instant? = actions.contains(where: { if case .createPod = $0 { true } else { false } })
                ? now
                : actions.lazy.compactMap { if case .wake(let at) = $0 { at } else { nil } }.first
            if let retryAt {
                let delay = retryAt - now
                let limit = backoffLimit == Int(Int32.max) ? "" : " of backoffLimit \(backoffLimit)"
                let when = delay > .zero ? "retry in \(GoDuration.format(delay))" : "retry now"
                told.append(NarratedEvent(
                    reason: "RetryScheduled",
                    message: "Job \(jobName): pod failed (\(controller.failed)\(limit)); \(when)",
                    at: now, source: .tandem,
                    annotations: [NarratedEvent.Key.backOffSeconds: PodNarrator.number(Double(delay.nanoseconds) / 1e9)]))
            }
        }
        for action in actions {
            switch action {
            case .createPod(let id):
                told.append(NarratedEvent(reason: "SuccessfulCreate",
                                          message: "Created pod: \(JobController.podName(job: jobName, id))",
                                          at: now, source: .jobController))
            case .deletePod(let id):
                told.append(NarratedEvent(reason: "SuccessfulDelete",
                                          message: "Deleted pod: \(JobController.podName(job: jobName, id))",
                                          at: now, source: .jobController))
            case .finished(let succeeded, let reason, let message):
                if succeeded {
                    told.append(NarratedEvent(reason: "Completed", message: "Job completed", at: now,
                                              source: .jobController))
                } else {
                    told.append(NarratedEvent(type: "Warning", reason: reason ?? "Failed", message: message ?? "",
                                              at: now, source: .jobController))
                }
            case .wake:
                continue
            }
        }
        return told
    }
}
