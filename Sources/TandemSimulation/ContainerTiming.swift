import TandemAPI

/// How long one container's own steps take in a simulation: the assumptions a simulated pod runs on.
///
/// All durations are virtual; nothing sleeps. A nil `exitAfterTerminate` means the container ignores its
/// stop signal and is only ended by SIGKILL.
public struct ContainerTiming: Sendable, Equatable {
    /// How long the `preStop` hook runs; nil when the container has none.
    public var preStop: Duration?
    /// How long the `postStart` hook runs; nil when the container has none.
    public var postStart: Duration?
    /// Time from the stop signal (SIGTERM) to the process exiting; nil = never exits on SIGTERM.
    public var exitAfterTerminate: Duration?
    /// Time from start until the startup probe first succeeds (only used when it has one); readiness
    /// probes fail until then too.
    public var startupProbePasses: Duration
    /// Time from the start action until the process runs (`containerStarted`): image pull and exec.
    public var startDelay: Duration
    /// Time from running until the process exits on its own; nil = runs until stopped. A regular init
    /// container always exits (after `runsFor ?? 0`).
    public var runsFor: Duration?
    /// The exit code of that exit on its own.
    public var exitCode: Int32
    /// The exit code when it exits after the stop signal (143: killed by SIGTERM; 0 for a process that
    /// traps it and exits cleanly).
    public var exitCodeAfterTerminate: Int32 = 143

    public init(preStop: Duration? = nil, postStart: Duration? = nil, exitAfterTerminate: Duration? = .seconds(1),
                startupProbePasses: Duration = .zero, startDelay: Duration = .zero, runsFor: Duration? = nil,
                exitCode: Int32 = 0) {
        self.preStop = preStop
        self.postStart = postStart
        self.exitAfterTerminate = exitAfterTerminate
        self.startupProbePasses = startupProbePasses
        self.startDelay = startDelay
        self.runsFor = runsFor
        self.exitCode = exitCode
    }
}

/// Defaults from which `ContainerTiming`s are derived from a pod spec.
public struct TimingAssumptions: Sendable, Equatable {
    /// Time a process takes to exit after SIGTERM (default 1 s).
    public var exitAfterTerminate: Duration
    /// Duration assumed for a hook whose length cannot be read from the spec (an HTTP call, a script);
    /// `exec: sleep N` and the `sleep` action are read exactly.
    public var unknownHook: Duration

    /// How long a regular init container runs before it exits (nil: exits as it starts).
    public var initRunsFor: Duration?
    /// How long a main container of a pod that does not restart it (`restartPolicy` `Never` or
    /// `OnFailure`, every Job's pods) runs before it exits on its own; nil: until stopped.
    public var mainRunsFor: Duration?

    public init(exitAfterTerminate: Duration = .seconds(1), unknownHook: Duration = .seconds(1),
                initRunsFor: Duration? = nil, mainRunsFor: Duration? = nil) {
        self.exitAfterTerminate = exitAfterTerminate
        self.unknownHook = unknownHook
        self.initRunsFor = initRunsFor
        self.mainRunsFor = mainRunsFor
    }

    /// Timings for every container of `spec` by name: hook lengths read from `sleep` actions and
    /// `exec` hooks that only sleep (`sleep 15`, `sh -c "sleep 15"`), `unknownHook` for the others.
    public func timings(for spec: PodSpec) -> [String: ContainerTiming] {
        var result: [String: ContainerTiming] = [:]
        let mainsEnd = (spec.restartPolicy ?? "Always") != "Always"
        let inits = spec.initContainers ?? []
        for (position, container) in (inits + (spec.containers ?? [])).enumerated() {
            guard let name = container.name else { continue }
            var runsFor: Duration?
            if position < inits.count {
                runsFor = container.isRestartable ? nil : initRunsFor
            } else if mainsEnd {
                runsFor = mainRunsFor
            }
            result[name] = ContainerTiming(
                preStop: container.lifecycle?.preStop.map(hookDuration),
                postStart: container.lifecycle?.postStart.map(hookDuration),
                exitAfterTerminate: exitAfterTerminate, runsFor: runsFor)
        }
        return result
    }

    /// The length of one hook: a `sleep` action's seconds, the N of an exec hook that only runs `sleep N`,
    /// else `unknownHook`.
    public func hookDuration(_ handler: LifecycleHandler) -> Duration {
        if let seconds = handler.sleep?.seconds { return .seconds(max(0, seconds)) }
        if let command = handler.exec?.command, let seconds = Self.sleepSeconds(command) { return .seconds(seconds) }
        return unknownHook
    }

    /// N when `command` only sleeps: `["sleep", "N"]`, `["/bin/sleep", "N"]` or `["sh", "-c", "sleep N"]`.
    public static func sleepSeconds(_ command: [String]) -> Int64? {
        var words = command
        if words.count == 3, ["sh", "bash", "/bin/sh", "/bin/bash", "ash", "/bin/ash"].contains(words[0]),
           words[1] == "-c" {
            words = words[2].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
        guard words.count == 2, words[0] == "sleep" || words[0].hasSuffix("/sleep") else { return nil }
        var text = Substring(words[1])
        if text.hasSuffix("s") { text = text.dropLast() }
        guard let seconds = Double(text), seconds >= 0, seconds < 1e9 else { return nil }
        return Int64(seconds.rounded(.up))
    }
}
