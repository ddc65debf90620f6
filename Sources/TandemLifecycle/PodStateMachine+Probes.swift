import TandemAPI

/// Probe scheduling and the effects of their results (prober worker + kubelet consumers).
extension PodStateMachine {
    /// Liveness and readiness start once the startup probe succeeded (or at start without one);
    /// their initial delay still counts from the container start.
    mutating func activateLivenessAndReadiness(_ index: Int, _ now: Instant) {
        let startedAt = containers[index].startedAt ?? now
        for kind in [ProbeKind.liveness, .readiness] {
            guard let config = containers[index].probeConfigs[kind.slot] else { continue }
            containers[index].probes[kind.slot].activate(dueAt: max(now, startedAt + config.initialDelay))
        }
    }

    /// Emits every probe run that is due; one run of a probe at a time.
    mutating func runDueProbes(_ now: Instant, _ out: inout [PodAction]) {
        for index in containers.indices where containers[index].phase == .running {
            for slot in 0..<3 {
                let tracker = containers[index].probes[slot]
                guard tracker.active, !tracker.inFlight, tracker.nextDue <= now else { continue }
                containers[index].probes[slot].inFlight = true
                containers[index].probes[slot].lastStart = now
                out.append(.runProbe(containers[index].run, ProbeKind.allCases.first { $0.slot == slot } ?? .readiness))
            }
        }
    }

    mutating func onProbeReported(_ run: ContainerRun, _ kind: ProbeKind, _ outcome: ProbeOutcome, _ now: Instant,
                                  _ out: inout [PodAction]) {
        guard let index = index(of: run, in: [.running]),
              let config = containers[index].probeConfigs[kind.slot],
              containers[index].probes[kind.slot].active,
              containers[index].probes[kind.slot].inFlight else { return }
        var tracker = containers[index].probes[kind.slot]
        tracker.inFlight = false
        // Period measured from the previous run's start; a late result never causes a burst.
        tracker.nextDue = max(tracker.lastStart + config.period, now)
        let success: Bool
        switch outcome {
        case .success:
            success = true
        case .warning(let output):
            success = true
            record("Warning", "ProbeWarning", "\(kind.rawValue) probe warning: \(output)", index, now, &out)
        case .failure(let output):
            success = false
            record("Warning", "Unhealthy", "\(kind.rawValue) probe failed: \(output)", index, now, &out)
        case .error(let message, let state):
            containers[index].probes[kind.slot] = tracker
            record("Warning", "Unhealthy", "\(kind.rawValue) probe errored and resulted in \(state.rawValue) state: \(message)",
                   index, now, &out)
            return
        }
        let result = tracker.count(success: success, config: config)
        containers[index].probes[kind.slot] = tracker
        guard let result else { return }
        switch kind {
        case .readiness:
            if containers[index].readinessResult != result {
                containers[index].readinessResult = result
                statusDirty = true
            }
        case .startup:
            // Any startup result puts the worker on hold until the next instance.
            containers[index].probes[kind.slot].active = false
            if result {
                containers[index].startupSucceeded = true
                statusDirty = true
                activateLivenessAndReadiness(index, now)
            } else {
                killForProbe(index, kind, config, now, &out)
            }
        case .liveness:
            if !result {
                containers[index].probes[kind.slot].active = false
                killForProbe(index, kind, config, now, &out)
            }
        }
    }

    /// A liveness/startup failure kills the container (preStop first) with the probe's grace if
    /// set; a main is restarted unless the pod policy is `Never`, a sidecar always.
    mutating func killForProbe(_ index: Int, _ kind: ProbeKind, _ config: ProbeConfig, _ now: Instant,
                               _ out: inout [PodAction]) {
        guard termination == nil, containers[index].kill == nil else { return }
        let name = containers[index].name
        let probeName = kind.rawValue.lowercased()
        let message: String
        let restart: Bool
        if containers[index].role == .sidecar {
            message = "Init container \(name) failed \(probeName) probe"
            restart = true
        } else {
            restart = restartPolicy != .never
            message = "Container \(name) failed \(probeName) probe" + (restart ? ", will be restarted" : "")
        }
        let grace = config.terminationGracePeriodSeconds ?? podGrace
        startKill(index, grace: grace, message: message, restart: restart, now, &out)
        terminateIfLastMainEnds(index, now, &out)
    }
}
