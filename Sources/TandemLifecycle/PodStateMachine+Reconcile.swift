import TandemAPI

/// The decision pass run after every event (the kubelet's `computePodActions`, without a sync loop).
extension PodStateMachine {
    mutating func reconcile(_ now: Instant, _ out: inout [PodAction]) {
        guard admittedAt != nil else { return }
        for index in containers.indices {
            if let settlesAt = containers[index].settlesAt, settlesAt <= now {
                containers[index].settlesAt = nil
                statusDirty = true
            }
        }
        enforceActiveDeadline(now, &out)
        runDueRestarts(now, &out)
        retryBlockedCreations(now, &out)
        if termination == nil {
            advanceStartSequence(&out)
            if restartPolicy != .always, allMainsCompleted() {
                beginTermination(grace: podGrace, deletion: false, now, &out)
            }
        }
        advanceKills(now, &out)
        runDueProbes(now, &out)
        finishIfDone(now, &out)
    }

    /// The kubelet's `activeDeadlineHandler`: once `activeDeadlineSeconds` have passed since the
    /// pod's start time, its status is `Failed` with reason `DeadlineExceeded` (an event of the same
    /// words is recorded) and the pod worker stops every container with the normal termination
    /// (ordered, preStop, the pod's grace). A termination already under way goes on as it is;
    /// only the phase changes, as `generateAPIPodStatus` overrides it on every sync.
    mutating func enforceActiveDeadline(_ now: Instant, _ out: inout [PodAction]) {
        guard !deadlineExceeded, let deadline = activeDeadlineInstant, now >= deadline else { return }
        deadlineExceeded = true
        statusDirty = true
        record("Normal", Self.deadlineReason, Self.deadlineMessage, nil, now, &out)
        if termination == nil {
            beginTermination(grace: podGrace, deletion: false, now, &out)
        }
    }

    static let deadlineReason = "DeadlineExceeded"
    static let deadlineMessage = "Pod was active on the node longer than the specified deadline"

    var activeDeadlineInstant: Instant? {
        guard let activeDeadline, let admittedAt else { return nil }
        return admittedAt + activeDeadline
    }

    /// Init containers strictly one at a time (regular: exited 0; sidecar: started), then the
    /// mains in spec order, each after the previous one's postStart hook finished.
    mutating func advanceStartSequence(_ out: inout [PodAction]) {
        if !initialized {
            while initCursor < initCount {
                let record = containers[initCursor]
                switch record.phase {
                case .notCreated:
                    // A failed creation holds the init sequence until its retry (kubelet: the
                    // next sync starts at the same init container).
                    if record.blockedUntil == nil { startInstance(initCursor, &out) }
                    return
                case .starting:
                    return
                case .running:
                    guard record.role == .sidecar, record.isStarted else { return }
                case .exited:
                    guard record.role == .regularInit, record.current?.succeeded == true else { return }
                }
                initCursor += 1
            }
            initialized = true
            statusDirty = true
        }
        while mainCursor < containers.count {
            let record = containers[mainCursor]
            switch record.phase {
            case .notCreated where record.blockedUntil != nil:
                // Main containers are created independently: the others go on; the retry
                // (`retryBlockedCreations`) starts this one.
                mainCursor += 1
            case .notCreated:
                startInstance(mainCursor, &out)
                return
            case .starting:
                return
            case .running where record.postStart == .running:
                return
            default:
                mainCursor += 1
            }
        }
    }

    /// The earliest instant at which something is due: a probe run, a restart, a kill step.
    func earliestDeadline(_ now: Instant) -> Instant? {
        var earliest: Instant?
        func consider(_ instant: Instant) {
            if let current = earliest, current <= instant { return }
            earliest = instant
        }
        if !deadlineExceeded, let deadline = activeDeadlineInstant { consider(deadline) }
        // A main restart that is due but held for a restarting last sidecar waits for that
        // sidecar's start (an event), not for a timer.
        let heldMains = mainsAwaitLastSidecar
        for record in containers {
            if let restartAt = record.restartAt, !(heldMains && record.role == .main && restartAt <= now) {
                consider(restartAt)
            }
            if let settlesAt = record.settlesAt { consider(settlesAt) }
            if termination == nil, let retry = record.blockedUntil { consider(retry) }
            if record.phase == .running {
                for tracker in record.probes where tracker.active && !tracker.inFlight {
                    consider(tracker.nextDue)
                }
                if let kill = record.kill {
                    if kill.terminateSentAt == nil {
                        consider(kill.deadline)
                    } else if let killAt = kill.killAt, !kill.killSent {
                        consider(killAt)
                    }
                }
            }
        }
        return earliest
    }

    mutating func scheduleWake(_ now: Instant, _ out: inout [PodAction]) {
        let earliest = earliestDeadline(now)
        if let earliest, earliest != lastWake {
            out.append(.wake(at: earliest))
        }
        lastWake = earliest
    }
}
