import TandemAPI

/// Creation failures (`CreateContainerConfigError`, volumes not set up) and their retries.
///
/// The kubelet never creates such a container: it stays Waiting, the pod worker's sync fails and
/// is requeued after `backOffPeriod` (10 s, the crash-loop base), and the next sync tries again.
/// Here the retry comes after `options.initialBackoff` (the same 10 s by default).
extension PodStateMachine {
    mutating func onContainerCreateBlocked(_ run: ContainerRun, _ block: CreateBlock, _ now: Instant,
                                           _ out: inout [PodAction]) {
        guard let index = index(of: run, in: [.starting]) else { return }
        switch block {
        case .configError(let message):
            record("Warning", "Failed", "Error: \(message)", index, now, &out)
        case .failedMount(let message):
            // A pod-level event: the volume manager reports on the pod, not on a container.
            record("Warning", "FailedMount", message, nil, now, &out)
        }
        let retryAt = now + options.initialBackoff
        containers[index].blocked = block
        containers[index].attempt -= 1
        statusDirty = true
        if containers[index].attempt < 0 {
            containers[index].phase = .notCreated
            containers[index].blockedUntil = retryAt
        } else {
            // A restart that could not be created: back to the exited instance, restart pending.
            containers[index].current = containers[index].previous
            containers[index].previous = nil
            containers[index].phase = .exited
            containers[index].restart = PendingRestart(at: retryAt)
        }
    }

    /// First creations whose retry is due: init containers resume the start sequence; a main
    /// the sequence already passed is started here.
    mutating func retryBlockedCreations(_ now: Instant, _ out: inout [PodAction]) {
        for index in containers.indices {
            guard let retry = containers[index].blockedUntil else { continue }
            if termination != nil {
                containers[index].blockedUntil = nil
                continue
            }
            guard retry <= now, containers[index].phase == .notCreated else { continue }
            containers[index].blockedUntil = nil
            if containers[index].role == .main, index < mainCursor {
                startInstance(index, &out)
            }
        }
    }
}
