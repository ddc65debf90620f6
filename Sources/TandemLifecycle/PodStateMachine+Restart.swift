import TandemAPI

/// Crash-loop back-off, as the kubelet's per-container `flowcontrol.Backoff` entry behaves.
extension PodStateMachine {
    /// Schedules the restart of an exited container: immediately when it has no live back-off
    /// entry (first restart, or it ran longer than `backoffResetAfter`), else after the entry's delay.
    mutating func scheduleRestart(_ index: Int, _ now: Instant, _ out: inout [PodAction]) {
        var restartAt = now
        if let delay = liveBackoff(index, eventTime: now) {
            restartAt = now + delay
        }
        containers[index].restart = PendingRestart(at: restartAt)
        statusDirty = true
        guard restartAt > now, let delay = liveBackoff(index, eventTime: now) else { return }
        let name = containers[index].name
        if podPolicyWouldRestart(index) {
            containers[index].restart?.crashLoopMessage =
                "back-off \(GoDuration.format(delay)) restarting failed container=\(name) pod=\(podReference)"
        }
        record("Warning", "BackOff", "Back-off restarting failed container \(name) in pod \(podReference)",
               index, now, &out)
    }

    /// The current back-off delay, unless the entry is missing or expired at `eventTime`.
    func liveBackoff(_ index: Int, eventTime: Instant) -> Duration? {
        guard let delay = containers[index].backoff, let updated = containers[index].backoffUpdatedAt,
              eventTime - updated <= options.backoffResetAfter else { return nil }
        return delay
    }

    /// `ShouldContainerBeRestarted` consults only the pod policy; the status shows
    /// `CrashLoopBackOff` only when it is true (a sidecar of a `Never` pod keeps showing Terminated).
    func podPolicyWouldRestart(_ index: Int) -> Bool {
        switch restartPolicy {
        case .always: true
        case .never: false
        case .onFailure: (containers[index].current?.exitCode ?? 1) != 0
        }
    }

    /// Starts every container whose restart time has come, in spec order.
    mutating func runDueRestarts(_ now: Instant, _ out: inout [PodAction]) {
        for index in containers.indices {
            guard let restartAt = containers[index].restartAt, containers[index].phase == .exited else { continue }
            if termination != nil {
                let allowed = options.restartSidecarsDuringTermination && containers[index].role == .sidecar
                    && anyMainAlive
                if !allowed {
                    containers[index].restart = nil
                    statusDirty = true
                    continue
                }
            }
            guard restartAt <= now else { continue }
            if containers[index].role == .main, mainsAwaitLastSidecar { continue }
            let finishedAt = containers[index].current?.finishedAt ?? now
            let initial = min(options.initialBackoff, options.maxBackoff)
            if let delay = liveBackoff(index, eventTime: finishedAt) {
                containers[index].backoff = min(delay * 2, options.maxBackoff)
            } else {
                containers[index].backoff = initial
            }
            containers[index].backoffUpdatedAt = now
            startInstance(index, &out)
        }
    }

    /// The kubelet's `computeInitContainerActions` counts the pod as initialized only while a main
    /// container is created or running, or the last init container is done: when the last init
    /// container is a sidecar that is not started (restarting, in back-off) and every main has
    /// exited, mains are not restarted until that sidecar is started again (spec §3.4).
    var mainsAwaitLastSidecar: Bool {
        guard initCount > 0, containers[initCount - 1].role == .sidecar else { return false }
        return !containers[initCount - 1].isStarted && !anyMainAlive
    }
}
