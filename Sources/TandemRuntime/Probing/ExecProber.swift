import TandemAPI
import TandemLifecycle

/// The exec probe (`pkg/kubelet/prober/prober.go` over `pkg/probe/exec` and CRI ExecSync):
/// the command has its `$(VAR)` references expanded from the container's literal `env` values
/// (`ExpandContainerCommandOnlyStatic`); exit 0 is success, any other exit a failure with the
/// command's output, a timeout a failure `command "<cmd>" timed out`, and a command that
/// cannot be started a probe error. The pod worker runs the command (as a process of the
/// container, killed with it); this type decides what runs and what the result means.
public enum ExecProber {
    /// The probe's command as the kubelet runs it, `$(VAR)` expanded.
    public static func command(_ action: ExecAction, of container: Container) -> [String] {
        ExecCommand.expandedProbeCommand(action.command ?? [], env: container.env)
    }

    /// The kubelet's reading of an ExecSync result; `command` is the expanded command.
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
