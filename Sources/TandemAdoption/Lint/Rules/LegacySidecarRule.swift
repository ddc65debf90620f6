import TandemAPI

/// `legacy-sidecar`: helpers declared as regular containers (recognised by `LegacySidecars`).
enum LegacySidecarRule {
    static func check(_ pod: PodContext, into findings: inout [RawFinding]) {
        for match in pod.legacySidecars {
            let why: String
            switch match.reason {
            case .wellKnownImage(let name): why = "its image is \(GoQuoting.quote(name))"
            case .wellKnownCommand(let name): why = "it runs \(GoQuoting.quote(name))"
            case .neverExitsInJob: why = "its command never exits"
            }
            let effect = pod.isJob
                ? "in a \(pod.kind) it never exits, so the pod never completes"
                : "it starts in parallel with the main containers and gets SIGTERM with them"
            findings.append(RawFinding(
                LintRules.legacySidecar, pod.mainPath(match.index),
                "container \(GoQuoting.quote(match.containerName)) is a long-running helper (\(why)) declared as a regular container: \(effect)",
                fix: "move \(GoQuoting.quote(match.containerName)) to initContainers with restartPolicy: Always (tandem convert does this)"))
        }
    }
}
