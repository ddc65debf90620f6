import TandemAPI

/// The API status (`getPhase`, `generate.go` conditions, `convertToAPIContainerStatuses`).
extension PodStateMachine {
    mutating func publishIfChanged(_ now: Instant, _ out: inout [PodAction]) {
        guard statusDirty else { return }
        statusDirty = false
        guard options.publishesStatus else { return }
        let phase = finishedPhase ?? runningPhase()
        let conditions = buildConditions(phase: phase, now)
        var status = buildStatus(phase: phase, conditions: conditions)
        if finishedPhase == nil, Self.isTerminal(phase), !Self.isTerminal(currentStatus.phase) {
            // The status manager's `mergePodStatus`: a pod that could still have running containers
            // keeps its previous phase, reason and message until they are gone (its conditions
            // already follow the generated phase).
            status.phase = currentStatus.phase
            status.reason = currentStatus.reason
            status.message = currentStatus.message
        }
        guard status != currentStatus else { return }
        currentStatus = status
        out.append(.publish(status))
    }

    static func isTerminal(_ phase: String?) -> Bool { phase == "Succeeded" || phase == "Failed" }

    /// The status before admission (no conditions yet).
    func buildStatus() -> PodStatus {
        buildStatus(phase: "Pending", conditions: nil)
    }

    func buildStatus(phase: String, conditions: [PodCondition]?) -> PodStatus {
        let terminal = finishedPhase != nil
        return PodStatus(
            phase: phase,
            conditions: conditions,
            message: deadlineExceeded ? Self.deadlineMessage : nil,
            reason: deadlineExceeded ? Self.deadlineReason : nil,
            startTime: admittedAt.map(Timestamp.rfc3339),
            initContainerStatuses: (0..<initCount).map { containerStatus($0, terminal: terminal) },
            containerStatuses: mainStatusOrder.map { containerStatus($0, terminal: terminal) })
    }

    func containerStatus(_ index: Int, terminal: Bool) -> ContainerStatus {
        let record = containers[index]
        var state = ContainerState()
        var lastState = ContainerState(terminated: record.previous.map(Self.terminated))
        switch record.phase {
        case .notCreated where record.blocked != nil:
            state.waiting = record.blocked.map(Self.waiting)
        case .exited where record.blocked != nil && !terminal:
            state.waiting = record.blocked.map(Self.waiting)
            lastState = ContainerState(terminated: record.current.map(Self.terminated))
        case .notCreated:
            state.waiting = ContainerStateWaiting(reason: initCount > 0 ? "PodInitializing" : "ContainerCreating")
        case .starting:
            let reason = record.attempt == 0 && initCount > 0 ? "PodInitializing" : "ContainerCreating"
            state.waiting = ContainerStateWaiting(reason: reason)
        case .running:
            state.running = ContainerStateRunning(startedAt: record.startedAt.map(Timestamp.rfc3339))
        case .exited:
            if !terminal, let message = record.restart?.crashLoopMessage {
                state.waiting = ContainerStateWaiting(reason: "CrashLoopBackOff", message: message)
                lastState = ContainerState(terminated: record.current.map(Self.terminated))
            } else {
                state.terminated = record.current.map(Self.terminated)
            }
        }
        let started: Bool
        let ready: Bool
        if record.role == .regularInit {
            started = record.phase == .running
            ready = record.phase == .exited && record.current?.succeeded == true
        } else {
            started = !terminal && record.isStarted
            ready = !terminal && record.isReady
        }
        return ContainerStatus(
            name: record.name, state: state, lastState: lastState, ready: ready,
            restartCount: Int32(max(0, record.attempt)), image: record.image, started: started)
    }

    /// The Waiting state of a container whose creation failed (`CreateContainerConfigError`, or
    /// `ContainerCreating` while a volume is not set up).
    static func waiting(_ block: CreateBlock) -> ContainerStateWaiting {
        switch block {
        case .configError(let message): return ContainerStateWaiting(reason: "CreateContainerConfigError", message: message)
        case .failedMount: return ContainerStateWaiting(reason: "ContainerCreating")
        }
    }

    static func terminated(_ record: TerminationRecord) -> ContainerStateTerminated {
        ContainerStateTerminated(
            // The kubelet never fills `signal` (convertToAPIContainerStatus copies exit code, reason,
            // message and times only); 128 + signal is in the exit code.
            exitCode: record.exitCode, reason: record.reason, message: record.message,
            startedAt: record.startedAt.map(Timestamp.rfc3339), finishedAt: Timestamp.rfc3339(record.finishedAt))
    }

    /// `getPhase` before the pod is terminal (the terminal phase comes from `finalPhase`).
    func runningPhase() -> String {
        guard admittedAt != nil else { return "Pending" }
        if initFailed || deadlineExceeded { return "Failed" }
        var pendingInit = 0, failedInit = 0, pendingSidecar = 0
        var running = 0, waiting = 0, stopped = 0, succeeded = 0
        for index in 0..<initCount {
            let record = containers[index]
            let neverRan = record.phase == .notCreated || (record.phase == .starting && record.attempt == 0)
            if record.role == .regularInit {
                if record.phase == .exited {
                    if record.current?.succeeded != true { failedInit += 1 }
                } else if record.phase == .starting && record.previous?.succeeded == false {
                    failedInit += 1
                } else {
                    pendingInit += 1
                }
            } else if neverRan {
                pendingSidecar += 1
                waiting += 1
            } else if record.phase == .running {
                running += 1
                if !record.isStarted { pendingSidecar += 1 }
            }
        }
        for index in mainIndices {
            let record = containers[index]
            switch record.phase {
            case .notCreated:
                waiting += 1
            case .starting:
                if record.attempt == 0 { waiting += 1 } else { stopped += 1 }
            case .running:
                running += 1
            case .exited:
                stopped += 1
                let showsWaiting = record.restart?.crashLoopMessage != nil
                if !showsWaiting, record.current?.exitCode == 0 { succeeded += 1 }
            }
        }
        let podHasInitialized = initialized && mainIndices.contains { containers[$0].attempt >= 0 }
        if failedInit > 0 && restartPolicy == .never { return "Failed" }
        if pendingInit > 0 || (pendingSidecar > 0 && !podHasInitialized) || waiting > 0 { return "Pending" }
        if running > 0 { return "Running" }
        if stopped > 0 {
            switch restartPolicy {
            case .always: return "Running"
            case .never: return stopped == succeeded ? "Succeeded" : "Failed"
            case .onFailure: return stopped == succeeded ? "Succeeded" : "Running"
            }
        }
        return "Pending"
    }

    mutating func buildConditions(phase: String, _ now: Instant) -> [PodCondition]? {
        guard admittedAt != nil else { return nil }
        var initializedCondition = (status: "True", reason: String?.none, message: String?.none)
        if phase == "Succeeded" {
            initializedCondition.reason = "PodCompleted"
        } else if !initialized {
            let incomplete = (0..<initCount).filter {
                let record = containers[$0]
                return record.role == .regularInit ? record.current?.succeeded != true || record.phase != .exited
                    : !record.isStarted
            }
            if !incomplete.isEmpty {
                initializedCondition = ("False", "ContainersNotInitialized",
                                        "containers with incomplete status: \(goList(incomplete))")
            }
        }
        let unready = containers.indices.filter {
            containers[$0].role != .regularInit && (finishedPhase != nil || !containers[$0].isReady)
        }
        var readyCondition = (status: "True", reason: String?.none, message: String?.none)
        if phase == "Failed" {
            // `generateContainersReadyCondition`: a failed pod's containers may still be terminating,
            // it is not ready whatever their readiness.
            readyCondition = ("False", "PodFailed", nil)
        } else if !unready.isEmpty {
            switch phase {
            case "Succeeded": readyCondition = ("False", "PodCompleted", nil)
            default:
                readyCondition = ("False", "ContainersNotReady", "containers with unready status: \(goList(unready))")
            }
        }
        return [
            condition("PodReadyToStartContainers", finishedPhase == nil ? "True" : "False", nil, nil, now),
            condition("Initialized", initializedCondition.status, initializedCondition.reason,
                      initializedCondition.message, now),
            condition("Ready", readyCondition.status, readyCondition.reason, readyCondition.message, now),
            condition("ContainersReady", readyCondition.status, readyCondition.reason, readyCondition.message, now),
            condition("PodScheduled", "True", nil, nil, now),
        ]
    }

    /// Names printed like a Go slice: `[a b]`.
    func goList(_ indices: [Int]) -> String {
        "[" + indices.map { containers[$0].name }.joined(separator: " ") + "]"
    }

    mutating func condition(_ type: String, _ status: String, _ reason: String?, _ message: String?,
                            _ now: Instant) -> PodCondition {
        var mark = conditionMarks[type] ?? ConditionMark(status: status, since: now)
        if mark.status != status {
            mark = ConditionMark(status: status, since: now)
        }
        conditionMarks[type] = mark
        return PodCondition(type: type, status: status, lastProbeTime: nil,
                            lastTransitionTime: Timestamp.rfc3339(mark.since), reason: reason, message: message)
    }
}
