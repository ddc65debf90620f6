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
    /// Time from start until the startup probe first succeeds (only used when it has one).
    public var startupProbePasses: Duration

    public init(preStop: Duration? = nil, postStart: Duration? = nil, exitAfterTerminate: Duration? = .seconds(1),
                startupProbePasses: Duration = .zero) {
        self.preStop = preStop
        self.postStart = postStart
        self.exitAfterTerminate = exitAfterTerminate
        self.startupProbePasses = startupProbePasses
    }
}

/// Defaults from which `ContainerTiming`s are derived from a pod spec.
public struct TimingAssumptions: Sendable, Equatable {
    /// Time a process takes to exit after SIGTERM (default 1 s).
    public var exitAfterTerminate: Duration
    /// Duration assumed for a hook whose length cannot be read from the spec (an HTTP call, a script);
    /// `exec: sleep N` and the `sleep` action are read exactly.
    public var unknownHook: Duration

    public init(exitAfterTerminate: Duration = .seconds(1), unknownHook: Duration = .seconds(1)) {
        self.exitAfterTerminate = exitAfterTerminate
        self.unknownHook = unknownHook
    }

    /// Timings for every container of `spec` by name: hook lengths read from `sleep` actions and
    /// `exec` hooks that only sleep (`sleep 15`, `sh -c "sleep 15"`), `unknownHook` for the others.
    public func timings(for spec: PodSpec) -> [String: ContainerTiming] {
        var result: [String: ContainerTiming] = [:]
        for container in (spec.initContainers ?? []) + (spec.containers ?? []) {
            guard let name = container.name else { continue }
            result[name] = ContainerTiming(
                preStop: container.lifecycle?.preStop.map(hookDuration),
                postStart: container.lifecycle?.postStart.map(hookDuration),
                exitAfterTerminate: exitAfterTerminate)
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
