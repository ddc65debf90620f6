import Glibc
import TandemAPI
import TandemLifecycle

extension PodWorker {
    /// Handles one work item; returns facts that must be processed before anything queued since.
    func process(_ item: WorkItem, core: inout WorkerCore) -> [WorkItem] {
        switch item {
        case .event(let event):
            guard !core.finished else { return [] }
            let now = host.now()
            let actions = core.machine.handle(event, at: now)
            let told = core.narrator.narrate(event, at: now, actions: actions, machine: core.machine,
                                             probeExitCode: core.probeExitCode)
            core.probeExitCode = nil
            core.notices += told.map(ObserverNotice.narrated)
            return execute(actions, core: &core)
        case .mainExited(let run, let termination):
            guard core.runs[run] != nil else { return [] }
            // The container ends with its main process, as with PID 1 of a container:
            // whatever it left in its group, and its hooks and probes, die with it.
            killContainer(run, core: core)
            core.runs[run]?.termination = termination
            if core.runs[run]?.outputEnded == true { return endRun(run, core: &core) }
            // The last output is still in the pipes; a process that escaped the group could keep
            // them open forever, so give the reader only a moment.
            _ = host.schedule(at: host.now() + .milliseconds(200)) { [self] in post(.mainOutputGraceElapsed(run)) }
            return []
        case .mainOutputEnded(let run):
            guard core.runs[run] != nil else { return [] }
            core.runs[run]?.outputEnded = true
            return core.runs[run]?.termination == nil ? [] : endRun(run, core: &core)
        case .mainOutputGraceElapsed(let run):
            return core.runs[run]?.termination == nil ? [] : endRun(run, core: &core)
        case .runEnded(let run, let exit):
            guard core.runs.removeValue(forKey: run) != nil else { return [] }
            return process(.event(.containerExited(run, exit)), core: &core)
        case .helperExited(let key, let termination):
            guard let helper = core.helpers[key], helper.termination == nil else { return [] }
            // Leftovers of the hook or probe (e.g. `sh -c 'sleep 9 &'`) go with it, which also
            // closes the pipes they inherited.
            host.send(SIGKILL, to: helper.process, toGroup: true)
            core.helpers[key]?.termination = termination
            if helper.outputEnded { return endHelper(key, core: &core) }
            // The reaping and the last output arrive as separate events: the result waits for
            // the output (a probe's message is what it printed), but only a moment.
            _ = host.schedule(at: host.now() + .milliseconds(200)) { [self] in post(.helperOutputGraceElapsed(key: key)) }
            return []
        case .helperOutputEnded(let key):
            guard core.helpers[key] != nil else { return [] }
            core.helpers[key]?.outputEnded = true
            return core.helpers[key]?.termination == nil ? [] : endHelper(key, core: &core)
        case .helperOutputGraceElapsed(let key):
            return core.helpers[key]?.termination == nil ? [] : endHelper(key, core: &core)
        case .helperTimedOut(let key):
            guard let helper = core.helpers[key], helper.termination == nil else { return [] }
            core.helpers[key]?.timedOut = true
            core.helpers[key]?.timer = nil
            host.send(SIGKILL, to: helper.process, toGroup: true)
            return []
        case .killEverything:
            let alive = core.runs.filter { $0.value.termination == nil }.keys.sorted { $0.name < $1.name }
            core.notices += core.narrator.killedNow(Array(alive), at: host.now()).map(ObserverNotice.narrated)
            for run in core.runs.keys { killContainer(run, core: core) }
            if core.runs.isEmpty { stopSandbox(core: &core) }
            return []
        }
    }

    /// A hook or exec probe is over: its process was reaped and its output read (or the
    /// output's grace elapsed); its result goes to the state machine.
    private func endHelper(_ key: UInt64, core: inout WorkerCore) -> [WorkItem] {
        guard let helper = core.helpers.removeValue(forKey: key), let termination = helper.termination else { return [] }
        if let timer = helper.timer { host.cancel(timer) }
        core.runs[helper.run]?.helperKeys.remove(key)
        if case .probe = helper.purpose, termination.signal == nil, !helper.timedOut {
            core.probeExitCode = termination.exitCode
        }
        return process(.event(helperOutcome(helper, termination)), core: &core)
    }

    /// The container run is over: its process was reaped and its output read. Its log is
    /// closed and its termination message read on the log files' queue (file reads may block,
    /// and the message may come from the log's tail); the state machine learns of the exit
    /// after that, through `.runEnded`.
    private func endRun(_ run: ContainerRun, core: inout WorkerCore) -> [WorkItem] {
        guard let record = core.runs[run], let termination = record.termination, !record.ending else { return [] }
        core.runs[run]?.ending = true
        let container = containers[run.name]?.container
        // Read from the run's cgroup (memory.events / memory.oom_control), never guessed from 137.
        let oomKilled = containment?.oomKilled(run) ?? false
        containment?.release(run)
        let messageFile = record.terminationMessageFile
        record.output.close { [self] logPath in
            let exit = ContainerExit(
                exitCode: termination.exitCode,
                signal: termination.signal,
                oomKilled: oomKilled,
                message: container.flatMap {
                    Self.terminationMessage(of: $0, file: messageFile, exitCode: termination.exitCode,
                                            logPath: logPath)
                }
            )
            post(.runEnded(run, exit))
        }
        return []
    }

    private func helperOutcome(_ helper: HelperRecord, _ termination: ProcessTermination) -> PodEvent {
        let (stdout, stderr) = helper.output.streams
        let result = CommandResult(
            exitCode: termination.signal == nil ? termination.exitCode : nil,
            signal: termination.signal,
            timedOut: helper.timedOut,
            stdout: stdout,
            stderr: stderr
        )
        return helperEnded(helper.purpose, helper.run, command: helper.command, result)
    }

    /// SIGKILL to every process of a container run: its main process group and the groups of
    /// its running hooks and exec probes.
    func killContainer(_ run: ContainerRun, core: borrowing WorkerCore) {
        // Once reaped, the group id may belong to someone else: never signal it again.
        guard let record = core.runs[run], record.termination == nil else { return }
        host.send(SIGKILL, to: record.process, toGroup: true)
        containment?.kill(run)
        for key in record.helperKeys {
            if let helper = core.helpers[key], helper.termination == nil { host.send(SIGKILL, to: helper.process, toGroup: true) }
        }
    }

    func probe(_ kind: ProbeKind, of containerName: String) -> Probe? {
        guard let container = containers[containerName]?.container else { return nil }
        switch kind {
        case .liveness: return container.livenessProbe
        case .readiness: return container.readinessProbe
        case .startup: return container.startupProbe
        }
    }

    /// The termination message of a container run: the file bind-mounted at its
    /// `terminationMessagePath` (≤ 4 KiB), as the kubelet reads the host side of that mount.
    /// Without a mount namespace there is no such file: a custom path is read where the
    /// container wrote it; the default `/dev/termination-log` would be the host's own, never the
    /// container's, so it is not read (`tandem run` says so once).
    static func terminationMessage(of container: Container, file: String?, exitCode: Int32, logPath: String?) -> String? {
        let path = file ?? container.terminationMessagePath.flatMap { $0 == TerminationMessage.defaultPath ? nil : $0 }
        return TerminationMessage.read(filePath: path, policy: container.terminationMessagePolicy,
                                       exitCode: exitCode, logPath: logPath)
    }
}

/// The number of a signal named as in `lifecycle.stopSignal` (`SIGTERM`, `SIGQUIT`, …).
func signalNumber(_ name: String) -> Int32? {
    let table: [String: Int32] = [
        "SIGHUP": SIGHUP, "SIGINT": SIGINT, "SIGQUIT": SIGQUIT, "SIGKILL": SIGKILL, "SIGUSR1": SIGUSR1,
        "SIGUSR2": SIGUSR2, "SIGTERM": SIGTERM, "SIGSTOP": SIGSTOP, "SIGWINCH": SIGWINCH,
    ]
    return table[name.hasPrefix("SIG") ? name : "SIG" + name]
}
