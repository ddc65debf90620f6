import TandemAPI

/// The argv a container runs, decided as Kubernetes does (`command` replaces the image's
/// entrypoint, `args` its cmd) with `$(VAR)` expansion from the container environment.
///
/// Without `command` there is no image to read an entrypoint from, so the image's own name is
/// taken as the program (`docker.io/envoyproxy/envoy:v1.30.1` → `envoy` on `PATH`) unless the
/// user mapped the image to a program (`--image-command IMAGE=PATH`).
public enum ContainerCommand {
    /// - Parameters:
    ///   - environment: the container's resolved environment ("K=V"), for `$(VAR)` and `PATH`.
    ///   - imageCommands: user mappings image → program path (`--image-command`).
    public static func resolve(
        _ container: Container, environment: [String], imageCommands: [String: String] = [:]
    ) -> Result<[String], CommandResolutionError> {
        var values: [String: String] = [:]
        for entry in environment {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            values[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        let mapping = VariableExpansion.mappingFor(values)
        let command = (container.command ?? []).map { VariableExpansion.expand($0, mapping: mapping) }
        let args = (container.args ?? []).map { VariableExpansion.expand($0, mapping: mapping) }
        let name = container.name ?? ""
        let image = container.image ?? ""

        var argv: [String]
        if !command.isEmpty {
            argv = command + args
        } else if let mapped = imageCommands[image] ?? imageCommands[imageReferenceWithoutRegistry(image)] {
            argv = [mapped] + args
        } else {
            let program = programName(ofImage: image)
            guard !program.isEmpty, ProgramLookup.find(program, environment: environment) != nil else {
                return .failure(CommandResolutionError(message:
                    "container \"\(name)\": image \"\(image)\" has no command and no program \"\(program)\" was found on PATH; "
                    + "set command: or pass --image-command \(image)=/path/to/program"))
            }
            argv = [program] + args
        }
        guard let program = argv.first, let path = ProgramLookup.find(program, environment: environment) else {
            return .failure(CommandResolutionError(message:
                "container \"\(name)\": exec: \"\(argv.first ?? "")\": executable file not found in $PATH"))
        }
        argv[0] = path
        return .success(argv)
    }

    /// `docker.io/envoyproxy/envoy:v1.30.1@sha256:…` → `envoy`.
    public static func programName(ofImage image: String) -> String {
        var reference = image
        if let at = reference.firstIndex(of: "@") { reference = String(reference[..<at]) }
        let lastComponent = reference.split(separator: "/").last.map(String.init) ?? ""
        if let colon = lastComponent.firstIndex(of: ":") { return String(lastComponent[..<colon]) }
        return lastComponent
    }

    /// `docker.io/envoyproxy/envoy:v1.30.1` → `envoyproxy/envoy:v1.30.1` (a first component
    /// with a dot or colon, or `localhost`, is a registry).
    static func imageReferenceWithoutRegistry(_ image: String) -> String {
        let parts = image.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return image }
        let first = parts[0]
        if first.contains(".") || first.contains(":") || first == "localhost" { return String(parts[1]) }
        return image
    }
}
