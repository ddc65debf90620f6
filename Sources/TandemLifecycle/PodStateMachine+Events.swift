import TandemAPI

/// Reactions to the facts reported by the runtime.
extension PodStateMachine {
    mutating func onContainerStarted(_ run: ContainerRun, _ now: Instant, _ out: inout [PodAction]) {
        guard let index = index(of: run, in: [.starting]) else { return }
        containers[index].phase = .running
        containers[index].startedAt = now
        if containers[index].role == .sidecar, !containers[index].hasStartupProbe, options.sidecarSettle > .zero {
            containers[index].settlesAt = now + options.sidecarSettle
        }
        statusDirty = true
        let name = containers[index].name
        record("Normal", "Created", "Created container: \(name)", index, now, &out)
        record("Normal", "Started", "Started container \(name)", index, now, &out)
        if termination != nil {
            // Started after the pod began terminating: it joins the termination right away.
            setUpTerminationKill(index, now, &out)
            return
        }
        if containers[index].hasPostStart {
            containers[index].postStart = .running
            out.append(.runHook(run, .postStart))
        }
        if let startup = containers[index].probeConfigs[ProbeKind.startup.slot] {
            containers[index].probes[ProbeKind.startup.slot].activate(dueAt: now + startup.initialDelay)
        } else {
            activateLivenessAndReadiness(index, now)
        }
    }

    mutating func onContainerFailedToStart(_ run: ContainerRun, _ message: String, _ now: Instant,
                                           _ out: inout [PodAction]) {
        guard let index = index(of: run, in: [.starting]) else { return }
        record("Warning", "Failed", "Error: \(message)", index, now, &out)
        let termination = TerminationRecord(
            // containerd reports a zero start time for a container that never ran, which the
            // kubelet prints as the Unix epoch.
            exitCode: 128, signal: nil, reason: "StartError", message: message,
            startedAt: Instant(nanosecondsSinceEpoch: 0), finishedAt: now)
        containerEnded(index, termination, now, &out)
    }

    mutating func onContainerExited(_ run: ContainerRun, _ exit: ContainerExit, _ now: Instant,
                                    _ out: inout [PodAction]) {
        guard let index = index(of: run, in: [.starting, .running]) else { return }
        let reason = exit.oomKilled ? "OOMKilled" : (exit.exitCode == 0 ? "Completed" : "Error")
        let termination = TerminationRecord(
            exitCode: exit.exitCode, signal: exit.signal, reason: reason, message: exit.message,
            startedAt: containers[index].startedAt ?? now, finishedAt: now)
        containerEnded(index, termination, now, &out)
    }

    mutating func onHookFinished(_ run: ContainerRun, _ kind: HookKind, _ outcome: HookOutcome, _ now: Instant,
                                 _ out: inout [PodAction]) {
        guard let index = index(of: run, in: [.running]) else { return }
        switch kind {
        case .postStart:
            guard containers[index].postStart == .running else { return }
            statusDirty = true
            guard case .failed = outcome else {
                containers[index].postStart = .succeeded
                return
            }
            containers[index].postStart = .failed
            record("Warning", "FailedPostStartHook", "PostStartHook failed", index, now, &out)
            if termination == nil, containers[index].kill == nil {
                startKill(index, grace: podGrace, message: "FailedPostStartHook", restart: false, now, &out)
                terminateIfLastMainEnds(index, now, &out)
            }
        case .preStop:
            guard containers[index].kill?.preStopRunning == true else { return }
            containers[index].kill?.preStopRunning = false
            if case .failed = outcome {
                record("Warning", "FailedPreStopHook", "PreStopHook failed", index, now, &out)
            }
        }
    }

    mutating func onDeletionRequested(_ gracePeriodSeconds: Int64?, _ now: Instant, _ out: inout [PodAction]) {
        // The kubelet clamps the pod-level grace of a deletion to at least one second.
        let grace = max(1, gracePeriodSeconds ?? podGrace)
        guard admittedAt != nil else {
            admittedAt = now
            termination = Termination(startedAt: now, deadline: now + .seconds(grace), deletion: true)
            return
        }
        if var current = termination {
            // A grace period can only shrink; deadlines already past stay as they are.
            let deadline = now + .seconds(grace)
            current.deletion = true
            if deadline < current.deadline {
                current.deadline = deadline
                for index in containers.indices where containers[index].kill != nil {
                    if let kill = containers[index].kill, deadline < kill.deadline {
                        containers[index].kill?.deadline = deadline
                    }
                }
            }
            termination = current
            return
        }
        beginTermination(grace: grace, deletion: true, now, &out)
    }

    /// The newest instance of a container ended (exited or failed to start): decide its restart.
    mutating func containerEnded(_ index: Int, _ ended: TerminationRecord, _ now: Instant,
                                 _ out: inout [PodAction]) {
        containers[index].phase = .exited
        containers[index].current = ended
        if containers[index].postStart == .running { containers[index].postStart = .notRun }
        containers[index].startupSucceeded = false
        containers[index].readinessResult = false
        containers[index].stopProbes(ProbeKind.allCases)
        let restartRequested = containers[index].kill?.restartAfter ?? false
        containers[index].kill = nil
        statusDirty = true

        if termination != nil {
            // KEP-4438 (optional): a sidecar that exits while mains still run is restarted.
            if options.restartSidecarsDuringTermination, containers[index].role == .sidecar, anyMainAlive {
                scheduleRestart(index, now, &out)
            }
            return
        }
        switch containers[index].role {
        case .sidecar:
            scheduleRestart(index, now, &out)
        case .regularInit:
            if ended.succeeded { return }
            if restartPolicy == .never {
                initFailed = true
                beginTermination(grace: podGrace, deletion: false, now, &out)
            } else {
                scheduleRestart(index, now, &out)
            }
        case .main:
            let byPolicy = restartPolicy == .always || (restartPolicy == .onFailure && ended.exitCode != 0)
            if restartRequested || byPolicy {
                scheduleRestart(index, now, &out)
            }
        }
    }
}
