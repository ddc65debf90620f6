import ArgumentParser
import Foundation
import TandemAPI
import TandemLifecycle
import TandemManifest
import TandemOS
import TandemRuntime

/// `tandem run`: runs Pods and Jobs on this machine with the kubelet's semantics.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run Pods, Jobs, CronJobs and workloads as local processes, as the kubelet and controllers would.",
        discussion: """
            Exits 0 when every pod (or Job) succeeded, 1 when one failed, 2 when a manifest is \
            invalid (then nothing is started). SIGINT/SIGTERM delete the pods gracefully; a \
            second SIGINT kills them at once. Deployments, ReplicaSets, DaemonSets and \
            StatefulSets run until SIGINT/SIGTERM and count as succeeded when every pod they ran \
            ended Succeeded. Other kinds (Service, Ingress, RBAC…) are skipped with a note.
            """
    )

    @Option(name: .customLong("initial-backoff"), help: "First crash-loop back-off delay in seconds (kubelet: 10).")
    var initialBackoff: Double = 10

    @Option(name: .customLong("max-backoff"), help: "Largest crash-loop back-off delay in seconds (kubelet: 300).")
    var maxBackoff: Double = 300

    @Option(name: .customLong("status-file"), help: "Write the final Pod object(s) as JSON to this file.")
    var statusFile: String?

    @Option(name: .customLong("log-dir"), help: "Directory for per-container CRI-format logs.")
    var logDirectory: String?

    @Option(name: .customLong("image-command"), parsing: .singleValue,
            help: "IMAGE=PATH: the program to run for containers of IMAGE that have no command.")
    var imageCommands: [String] = []

    @Flag(name: .customLong("quiet"), help: "Do not print container output and events on the terminal.")
    var quiet = false

    @Flag(name: .customLong("restart-sidecars-during-termination"),
          help: "KEP-4438 (not in Kubernetes yet): restart sidecars that exit while the pod terminates.")
    var restartSidecarsDuringTermination = false

    @Option(name: .customLong("sidecar-settle"),
            help: "Seconds a sidecar without a startupProbe must run before the next container starts (0: at once).")
    var sidecarSettle: Double = 0.05

    @Option(name: .customLong("feature-gates"), parsing: .singleValue,
            help: "Name=bool,...: simulate a cluster with these gates (only SidecarContainers; false drops init containers' restartPolicy as an API server without native sidecars does).")
    var featureGates: [String] = []

    @Option(name: .customLong("replicas"),
            help: "Run this many pods for every Deployment, ReplicaSet and StatefulSet (overrides spec.replicas).")
    var replicas: Int?

    @Argument(help: "Manifest files or directories (YAML or JSON; several documents per file; - is standard input).")
    var files: [String]

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "Read directories' subdirectories too.")
    var recursive = false

    func validate() throws {
        guard initialBackoff >= 0, maxBackoff >= 0, sidecarSettle >= 0 else {
            throw ValidationError("back-off durations must not be negative")
        }
        if let replicas, replicas < 0 {
            throw ValidationError("--replicas must not be negative")
        }
        for mapping in imageCommands where !mapping.contains("=") {
            throw ValidationError("--image-command expects IMAGE=PATH, got \(GoQuoting.quote(mapping))")
        }
    }

    func run() async throws {
        // Before anything is printed or opened: a terminal reader that is gone must not kill
        // tandem, and a closed stdout/stderr must not be taken over by a log file or pipe.
        Signals.ignoreBrokenPipe()
        ensureStandardDescriptorsOpen()
        let gates: FeatureGates
        do {
            gates = try FeatureGates(parsing: featureGates)
        } catch {
            TerminalWriter.writeNow("tandem: --feature-gates: \(GoQuoting.printable(error.message))\n", to: STDERR_FILENO)
            throw ExitCode(2)
        }
        let plan: RunPlan
        switch RunPlan.make(files: files, recursive: recursive, gates: gates, replicas: replicas) {
        case .success(let made):
            plan = made
            TerminalWriter.writeNow(plan.notes.map { $0 + "\n" }.joined(), to: STDERR_FILENO)
        case .failure(let problem):
            TerminalWriter.writeNow(problem.lines.joined(separator: "\n") + "\n", to: STDERR_FILENO)
            throw ExitCode(2)
        }
        let options = LifecycleOptions(
            initialBackoff: .milliseconds(Int64(initialBackoff * 1000)),
            maxBackoff: .milliseconds(Int64(maxBackoff * 1000)),
            restartSidecarsDuringTermination: restartSidecarsDuringTermination,
            sidecarSettle: .milliseconds(Int64(sidecarSettle * 1000))
        )
        var mappings: [String: String] = [:]
        for mapping in imageCommands {
            let parts = mapping.split(separator: "=", maxSplits: 1)
            mappings[String(parts[0])] = String(parts[1])
        }
        let succeeded = try await LocalRun(
            plan: plan,
            options: options,
            imageCommands: mappings,
            logDirectory: logDirectory,
            quiet: quiet,
            statusFile: statusFile
        ).run()
        if !succeeded { throw ExitCode(1) }
    }
}
