import Glibc
import TandemAPI
import TandemLifecycle
import struct TandemOS.BindMount

extension PodWorker {
    /// Carries out the state machine's actions in order; returns facts learnt synchronously
    /// (a container started or failed to start) for the drainer to process next.
    func execute(_ actions: [PodAction], core: inout WorkerCore) -> [WorkItem] {
        var learnt: [WorkItem] = []
        for action in actions {
            switch action {
            case .startContainer(let run):
                learnt.append(.event(startContainer(run, core: &core)))
            case .runHook(let run, let kind):
                if let fact = runHook(kind, for: run, core: &core) { learnt.append(.event(fact)) }
            case .runProbe(let run, let kind):
                if let fact = runProbe(kind, for: run, core: &core) { learnt.append(.event(fact)) }
            case .signal(let run, let signal):
                send(signal, to: run, core: core)
            case .wake(let instant):
                if let token = core.wake { host.cancel(token) }
                core.wake = host.schedule(at: instant) { [self] in post(.event(.timerFired)) }
            case .publish(let status):
                core.notices.append(.status(hostFacts(status)))
            case .record(let record):
                core.notices.append(.event(record))
            case .finished(let phase):
                core.finished = true
                stopSandbox(core: &core)
                if let token = core.wake { host.cancel(token) }
                core.wake = nil
                core.notices.append(.finished(phase))
            }
        }
        return learnt
    }

    private func startContainer(_ run: ContainerRun, core: inout WorkerCore) -> PodEvent {
        guard let entry = containers[run.name] else {
            return .containerFailedToStart(run, message: "no container named \"\(run.name)\" in the pod")
        }
        var spec: ProcessSpec
        var messageFile: String?
        do {
            spec = try launcher.processSpec(for: entry.container, in: pod)
            // After the volume mounts, as the kubelet appends it: the run's own message file at
            // `terminationMessagePath` (the default `/dev/termination-log` included).
            messageFile = try launcher.terminationMessageFile(for: entry.container, in: pod, attempt: run.attempt)
            if let messageFile, let target = entry.container.terminationMessagePath {
                spec.bindMounts.append(BindMount(source: messageFile, target: target))
            }
            spec.placement = try containment?.prepare(run, container: entry.container)
        } catch {
            switch error.cause {
            case .containerConfig?: return .containerCreateBlocked(run, .configError(error.message))
            case .volumeSetUp?: return .containerCreateBlocked(run, .failedMount(error.message))
            default: return .containerFailedToStart(run, message: error.message)
            }
        }
        if let sandbox = core.sandbox { spec.isolation = .member(of: sandbox, spec: spec.isolation) }
        let sink = output.open(pod: name, container: run.name, attempt: run.attempt)
        do {
            let process = try host.spawn(
                spec,
                onOutput: { stream, bytes in sink.append(bytes, from: stream) },
                onOutputEnd: { [self] in post(.mainOutputEnded(run)) },
                onExit: { [self] termination in post(.mainExited(run, termination)) }
            )
            core.runs[run] = RunRecord(process: process, spec: spec, output: sink, terminationMessageFile: messageFile)
            return .containerStarted(run)
        } catch {
            sink.append(Array("tandem: \(error.message)\n".utf8), from: .stderr)
            sink.close { _ in }
            return .containerFailedToStart(run, message: error.message)
        }
    }

    private func send(_ signal: StopSignal, to run: ContainerRun, core: borrowing WorkerCore) {
        guard let record = core.runs[run], record.termination == nil else { return }
        switch signal {
        case .terminate:
            let stop = containers[run.name]?.container.lifecycle?.stopSignal.flatMap(signalNumber) ?? SIGTERM
            host.send(stop, to: record.process, toGroup: false)
        case .kill:
            killContainer(run, core: core)
        }
    }

    private func runHook(_ kind: HookKind, for run: ContainerRun, core: inout WorkerCore) -> PodEvent? {
        guard let entry = containers[run.name] else { return .hookFinished(run, kind, .succeeded) }
        let lifecycle = entry.container.lifecycle
        guard let handler = kind == .postStart ? lifecycle?.postStart : lifecycle?.preStop else {
            return .hookFinished(run, kind, .succeeded)
        }
        if let exec = handler.exec {
            // As written: the kubelet expands `$(VAR)` in probe commands, not in hooks.
            return spawnHelper(exec.command ?? [], purpose: .hook(kind), for: run, timeout: nil, core: &core)
        }
        if let httpGet = handler.httpGet {
            let container = entry.container
            Task { [self] in
                let outcome = await network.httpHook(httpGet, of: container, in: pod)
                post(.event(.hookFinished(run, kind, outcome)))
            }
            return nil
        }
        if let sleep = handler.sleep {
            let deadline = host.now() + .seconds(sleep.seconds ?? 0)
            _ = host.schedule(at: deadline) { [self] in post(.event(.hookFinished(run, kind, .succeeded))) }
            return nil
        }
        return .hookFinished(run, kind, LifecycleHookRunner.invalidHandler(handler))
    }

    private func runProbe(_ kind: ProbeKind, for run: ContainerRun, core: inout WorkerCore) -> PodEvent? {
        guard let entry = containers[run.name], let probe = probe(kind, of: run.name) else { return nil }
        if let exec = probe.exec {
            let timeout = Duration.seconds(Int64(max(probe.timeoutSeconds ?? 1, 1)))
            let command = ExecProber.command(exec, of: entry.container)
            return spawnHelper(command, purpose: .probe(kind), for: run, timeout: timeout, core: &core)
        }
        let container = entry.container
        Task { [self] in
            let outcome = await network.probe(probe, of: container, in: pod)
            post(.event(.probeReported(run, kind, outcome)))
        }
        return nil
    }

    /// Starts a hook or exec probe command as a process of the container: its environment,
    /// user and mounts, argv[0] looked up in the container's `PATH`. Reported through
    /// `.helperExited`, read by `ExecProber` / `LifecycleHookRunner`.
    private func spawnHelper(
        _ command: [String], purpose: HelperPurpose, for run: ContainerRun, timeout: Duration?, core: inout WorkerCore
    ) -> PodEvent? {
        guard let record = core.runs[run], record.termination == nil else {
            // A probe of a container that just ended has no result to give; a hook fails.
            if case .probe = purpose { return nil }
            return helperEnded(purpose, run, command: command,
                               CommandResult(spawnError: "container \(GoQuoting.quote(run.name)) is not running"))
        }
        let argv: [String]
        switch ExecCommand.resolved(command, environment: record.spec.environment) {
        case .success(let resolved): argv = resolved
        case .failure(let failure): return helperEnded(purpose, run, command: command, CommandResult(spawnError: failure.message))
        }
        var spec = record.spec
        // Into the container's namespaces, as `kubectl exec`: its mounts are already there.
        spec.isolation = record.spec.isolation.helper(of: record.process)
        if spec.isolation != .none { spec.bindMounts = [] }
        spec.executable = argv[0]
        spec.arguments = command
        spec.captureOutput = true
        spec.separateStreams = true
        let collector = OutputCollector()
        let key = core.nextHelperKey
        core.nextHelperKey += 1
        do {
            let process = try host.spawn(
                spec,
                onOutput: { stream, bytes in collector.append(bytes, from: stream) },
                onOutputEnd: { [self] in post(.helperOutputEnded(key: key)) },
                onExit: { [self] termination in post(.helperExited(key: key, termination)) }
            )
            var helper = HelperRecord(run: run, purpose: purpose, command: command, process: process, output: collector)
            if let timeout {
                helper.timer = host.schedule(at: host.now() + timeout) { [self] in
                    post(.helperTimedOut(key: key))
                }
            }
            core.helpers[key] = helper
            core.runs[run]?.helperKeys.insert(key)
            return nil
        } catch {
            return helperEnded(purpose, run, command: command, CommandResult(spawnError: error.message))
        }
    }

    /// The fact a finished hook or exec probe command reports, in the kubelet's words.
    func helperEnded(_ purpose: HelperPurpose, _ run: ContainerRun, command: [String], _ result: CommandResult) -> PodEvent {
        switch purpose {
        case .probe(let kind):
            return .probeReported(run, kind, ExecProber.outcome(of: result, command: command))
        case .hook(let kind):
            let description = LifecycleHookRunner.podDescription(
                name: name, namespace: pod.metadata?.namespace ?? "default", uid: pod.metadata?.uid ?? "")
            return .hookFinished(run, kind, LifecycleHookRunner.execOutcome(
                of: result, command: command, containerName: run.name, podDescription: description))
        }
    }

    /// What the kubelet adds to the status from the node: containers share the host network,
    /// so pod and host IP are 127.0.0.1; the QoS class follows the resources.
    private func hostFacts(_ status: PodStatus) -> PodStatus {
        var status = status
        status.hostIP = StandardNetworkHandlers.podIP
        status.hostIPs = [HostIP(ip: StandardNetworkHandlers.podIP)]
        status.podIP = StandardNetworkHandlers.podIP
        status.podIPs = [HostIP(ip: StandardNetworkHandlers.podIP)]
        status.qosClass = qosClass
        return status
    }
}
