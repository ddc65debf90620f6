/// What `--assume NAME=start:0.5s,ready:1s,stop:2s,exit:0` says about one container; every field is
/// optional and replaces only that part of the timing derived from the manifest.
///
/// Keys: `start` (time until the process runs), `ready` (until its startup and readiness probes
/// pass), `stop` (exit after SIGTERM; `never` = ignores it), `run` (exits on its own after this
/// long; `forever` = never), `exit` (the code of its exits, on its own or after SIGTERM; default 0
/// and 143), `prestop` / `poststart` (hook lengths).
/// Durations are Go-style (`500ms`, `1.5s`, `2m`); a bare number is seconds.
public struct TimingOverride: Sendable, Equatable {
    public var startDelay: Duration?
    public var ready: Duration?
    /// `.some(nil)`: ignores SIGTERM.
    public var stop: Duration??
    /// `.some(nil)`: runs until stopped.
    public var runsFor: Duration??
    public var exitCode: Int32?
    public var preStop: Duration?
    public var postStart: Duration?

    public init() {}

    /// Parses `NAME=key:value,...`; the error is one line naming what is wrong.
    public static func parse(_ text: String) -> Result<(name: String, override: TimingOverride), TimingOverrideError> {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            return .failure(TimingOverrideError("expected NAME=key:value,..., got \(text)"))
        }
        let name = String(text[..<equals])
        var result = TimingOverride()
        for item in text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                return .failure(TimingOverrideError("\(name): expected key:value, got \(item)"))
            }
            let (key, value) = (parts[0], parts[1])
            func duration() -> Duration? { Self.duration(value) }
            switch key {
            case "start": result.startDelay = duration()
            case "ready": result.ready = duration()
            case "prestop", "preStop": result.preStop = duration()
            case "poststart", "postStart": result.postStart = duration()
            case "stop":
                if value == "never" || value == "ignore" { result.stop = .some(nil) } else if let d = duration() { result.stop = .some(d) } else {
                    return .failure(TimingOverrideError("\(name): stop: expected a duration or never, got \(value)"))
                }
                continue
            case "run":
                if value == "forever" { result.runsFor = .some(nil) } else if let d = duration() { result.runsFor = .some(d) } else {
                    return .failure(TimingOverrideError("\(name): run: expected a duration or forever, got \(value)"))
                }
                continue
            case "exit":
                guard let code = Int32(value), (0...255).contains(code) else {
                    return .failure(TimingOverrideError("\(name): exit: expected an exit code 0-255, got \(value)"))
                }
                result.exitCode = code
                continue
            default:
                return .failure(TimingOverrideError(
                    "\(name): unknown key \(key) (known: start, ready, stop, run, exit, prestop, poststart)"))
            }
            if duration() == nil {
                return .failure(TimingOverrideError("\(name): \(key): expected a duration like 500ms or 2s, got \(value)"))
            }
        }
        return .success((name, result))
    }

    /// `500ms`, `1.5s`, `2m`, `1h`, or bare seconds; nil when not a non-negative duration under a year.
    public static func duration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var number = Substring(text)
        var scale = 1.0
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let seconds = value * scale
        guard seconds < 366 * 86_400 else { return nil }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    public func applied(to timing: ContainerTiming) -> ContainerTiming {
        var timing = timing
        if let startDelay { timing.startDelay = startDelay }
        if let ready { timing.startupProbePasses = ready }
        if let stop { timing.exitAfterTerminate = stop }
        if let runsFor { timing.runsFor = runsFor }
        if let exitCode {
            timing.exitCode = exitCode
            timing.exitCodeAfterTerminate = exitCode
        }
        if let preStop { timing.preStop = preStop }
        if let postStart { timing.postStart = postStart }
        return timing
    }
}

/// A rejected `--assume` value.
public struct TimingOverrideError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
