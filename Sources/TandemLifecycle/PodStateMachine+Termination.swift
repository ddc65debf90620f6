import TandemAPI

/// Stopping containers: single kills (probe or postStart failure) and the pod termination with
/// the sidecar ordering of `killContainer` / `newTerminationOrdering`.
///
/// Grace deductions are exact, not truncated to whole seconds like the kubelet's: every timer of
/// a kill is anchored to one deadline (`start + grace`), which is what the kubelet approximates
/// (its truncation can only lengthen a stop by under a second per step) and what keeps the total
/// bounded by grace + 2 s.
extension PodStateMachine {
    static let minimumStopGrace = Duration.seconds(2)

    /// Kills one container outside pod termination (liveness/startup failure, postStart failure).
    mutating func startKill(_ index: Int, grace: Int64, message: String, restart: Bool, _ now: Instant,
                            _ out: inout [PodAction]) {
        record("Normal", "Killing", message, index, now, &out)
        containers[index].stopProbes([.liveness, .startup])
        let runPreStop = containers[index].hasPreStop && grace > 0
        containers[index].kill = KillProgress(
            deadline: now + .seconds(grace), preStopRunning: runPreStop, awaitsOrdering: false, restartAfter: restart)
        if runPreStop {
            out.append(.runHook(containers[index].run, .preStop))
        }
        advanceKill(index, now, &out)
    }

    /// Starts the pod termination: every running container runs its preStop at once; signals follow.
    mutating func beginTermination(grace: Int64, deletion: Bool, _ now: Instant, _ out: inout [PodAction]) {
        let deadline = now + .seconds(max(0, grace))
        termination = Termination(startedAt: now, deadline: deadline, deletion: deletion)
        statusDirty = true
        for index in containers.indices {
            containers[index].stopProbes([.liveness, .startup])
            containers[index].kill?.restartAfter = false
            let keepRestart = options.restartSidecarsDuringTermination && containers[index].role == .sidecar
            if !keepRestart {
                containers[index].restart = nil
            }
        }
        for index in containers.indices where containers[index].phase == .running {
            if let kill = containers[index].kill {
                // Already being stopped (probe kill): keep its progress, never extend its grace;
                // only a deletion's grace may shorten it (the kill's own grace, e.g. a probe's
                // terminationGracePeriodSeconds, stands when the pod merely completes).
                if deletion, deadline < kill.deadline {
                    containers[index].kill?.deadline = deadline
                }
                continue
            }
            setUpTerminationKill(index, now, &out)
        }
        advanceKills(now, &out)
    }

    /// Enrols one running container in the pod termination.
    mutating func setUpTerminationKill(_ index: Int, _ now: Instant, _ out: inout [PodAction]) {
        guard let termination else { return }
        record("Normal", "Killing", "Stopping container \(containers[index].name)", index, now, &out)
        containers[index].stopProbes([.liveness, .startup])
        let runPreStop = containers[index].hasPreStop && termination.deadline > now
        containers[index].kill = KillProgress(
            deadline: termination.deadline, preStopRunning: runPreStop,
            awaitsOrdering: containers[index].role == .sidecar)
        if runPreStop {
            out.append(.runHook(containers[index].run, .preStop))
        }
    }

    mutating func advanceKills(_ now: Instant, _ out: inout [PodAction]) {
        for index in containers.indices where containers[index].kill != nil {
            advanceKill(index, now, &out)
        }
    }

    /// SIGTERM once preStop is done and (for sidecars) its turn came, or the grace ran out;
    /// SIGKILL at the end of the grace but never sooner than 2 s after SIGTERM.
    mutating func advanceKill(_ index: Int, _ now: Instant, _ out: inout [PodAction]) {
        guard containers[index].phase == .running, var kill = containers[index].kill else { return }
        if kill.terminateSentAt == nil {
            let turn = !kill.awaitsOrdering || prerequisitesExited(index)
            if (!kill.preStopRunning && turn) || now >= kill.deadline {
                out.append(.signal(containers[index].run, .terminate))
                kill.terminateSentAt = now
                kill.killAt = max(kill.deadline, now + Self.minimumStopGrace)
            }
        }
        if let killAt = kill.killAt, !kill.killSent, now >= killAt {
            out.append(.signal(containers[index].run, .kill))
            kill.killSent = true
        }
        containers[index].kill = kill
    }

    /// A sidecar's turn: every main and every sidecar declared after it have exited. Regular init
    /// containers are nobody's prerequisite.
    func prerequisitesExited(_ index: Int) -> Bool {
        if anyMainAlive { return false }
        var later = index + 1
        while later < initCount {
            if containers[later].role == .sidecar, containers[later].isAlive { return false }
            later += 1
        }
        return true
    }

    /// Pod completion (`OnFailure`/`Never`): every main ended and none will restart.
    /// A main being killed under `restartPolicy: Never` (liveness or startup failure, failed
    /// postStart) while no other main keeps running ends the pod now (README §2.4–2.5): the pod
    /// terminates at once, so nothing is restarted and liveness/startup probes stop while its
    /// preStop runs — as with the kubelet, whose pod worker is blocked by that kill meanwhile.
    mutating func terminateIfLastMainEnds(_ index: Int, _ now: Instant, _ out: inout [PodAction]) {
        guard termination == nil, restartPolicy == .never, containers[index].role == .main,
              initialized, mainCursor >= containers.count else { return }
        let othersEnding = mainIndices.allSatisfy { other in
            other == index
                || (containers[other].phase == .exited && containers[other].restartAt == nil)
                || containers[other].kill?.restartAfter == false
        }
        if othersEnding {
            beginTermination(grace: podGrace, deletion: false, now, &out)
        }
    }

    func allMainsCompleted() -> Bool {
        guard initialized, mainCursor >= containers.count else { return false }
        return mainIndices.allSatisfy { containers[$0].phase == .exited && containers[$0].restartAt == nil }
    }

    /// After termination, once nothing is left: publish the terminal status and finish.
    mutating func finishIfDone(_ now: Instant, _ out: inout [PodAction]) {
        guard termination != nil, finishedPhase == nil else { return }
        guard !containers.contains(where: { $0.isAlive || $0.restartAt != nil }) else { return }
        let phase = finalPhase()
        finishedPhase = phase
        statusDirty = true
        publishIfChanged(now, &out)
        out.append(.finished(phase: phase))
    }

    /// README §2.6 / spec §7.4: Failed if never initialized, else Succeeded iff every main's last
    /// termination exited 0; sidecar exit codes never matter.
    func finalPhase() -> String {
        if initFailed || !initialized || deadlineExceeded { return "Failed" }
        let allSucceeded = mainIndices.allSatisfy {
            containers[$0].phase == .exited && containers[$0].current?.exitCode == 0
        }
        return allSucceeded ? "Succeeded" : "Failed"
    }
}
