import TandemAPI
import TandemLifecycle

/// The exec probe (`pkg/probe/exec` over CRI ExecSync): exit 0 is success, any other exit a
/// failure with the command's output, a timeout a failure `command "<cmd>" timed out`, and a
/// command that cannot be started a probe error.
public struct ExecProber: Sendable {
    public let runner: any CommandRunner

    public init(runner: any CommandRunner) {
        self.runner = runner
    }

    /// Runs `action` for `container` with the container's resolved `environment` ("K=V").
    public func probe(_ action: ExecAction, container: Container, environment: [String], timeout: Duration) async -> ProbeOutcome {
        let argv = ExecCommand.expandedProbeCommand(action.command ?? [], env: container.env)
        let executable: [String]
        switch ExecCommand.resolved(argv, environment: environment) {
        case .success(let resolved): executable = resolved
        case .failure(let failure): return .error(message: failure.message)
        }
        let result = await runner.run(argv: executable, environment: environment,
                                      workingDirectory: container.workingDir, timeout: timeout)
        return Self.outcome(of: result, command: argv)
    }

    /// The kubelet's reading of an ExecSync result.
    public static func outcome(of result: CommandResult, command: [String]) -> ProbeOutcome {
        if let spawnError = result.spawnError {
            return .error(message: spawnError)
        }
        if result.timedOut {
            return .failure(output: "command \(GoQuoting.quote(command.joined(separator: " "))) timed out")
        }
        if result.effectiveExitCode == 0 {
            return .success
        }
        return .failure(output: ExecOutput.text(result.output))
    }
}
