import TandemAPI

/// Prepares the argv of an exec probe or hook: `$(VAR)` expansion (probes only, from the
/// container's literal `env` values, as `ExpandContainerCommandOnlyStatic`) and the lookup of
/// a program without `/` in the container's `PATH`.
public enum ExecCommand {
    /// The probe command with `$(VAR)` references to `env[]` entries expanded by their literal
    /// `value`: a `valueFrom` variable is known with an empty value, the last of a name wins
    /// (`v1EnvVarsToMap`), and anything else stays as written.
    public static func expandedProbeCommand(_ command: [String], env: [EnvVar]?) -> [String] {
        var mapping: [String: String] = [:]
        for variable in env ?? [] {
            mapping[variable.name ?? ""] = variable.value ?? ""
        }
        return command.map { VariableExpansion.expand($0, mapping: VariableExpansion.mappingFor(mapping)) }
    }

    /// argv with argv[0] resolved through `PATH` of `environment` (then tandem's own `PATH`);
    /// nil `Failure` text when the program cannot be found, in the runtime's words.
    public static func resolved(_ argv: [String], environment: [String]) -> Result<[String], CommandResolutionError> {
        guard let program = argv.first, !program.isEmpty else {
            return .failure(CommandResolutionError(message: "no command specified"))
        }
        guard let path = ProgramLookup.find(program, environment: environment) else {
            return .failure(CommandResolutionError(
                message: "exec: \"\(program)\": executable file not found in $PATH"))
        }
        return .success([path] + argv.dropFirst())
    }
}
