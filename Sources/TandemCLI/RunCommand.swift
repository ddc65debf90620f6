import ArgumentParser
import Foundation
import TandemAPI
import TandemLifecycle
import TandemManifest
import TandemOS
import TandemRecords
import TandemRuntime

/// `tandem run`: runs Pods and Jobs on this machine with the kubelet's semantics.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run Pods, Jobs, CronJobs and workloads as local processes, as the kubelet and controllers would.",
        discussion: """
            Exits 0 when every pod (or Job) succeeded, 1 when one failed, 2 when a manifest is \
            invalid (then nothing is started). SIGINT/SIGTERM/SIGHUP delete the pods gracefully; a \
            second SIGINT kills them at once. Deployments, ReplicaSets, DaemonSets and \
            StatefulSets run until SIGINT/SIGTERM/SIGHUP and count as succeeded when every pod they ran \
            ended Succeeded. Other kinds (Service, Ingress, RBAC…) are skipped with a note.
            """
    )

    @Option(name: .customLong("initial-backoff"), parsing: .unconditional, help: "First crash-loop back-off delay in seconds (kubelet: 10).")
    var initialBackoff: Double = 10

    @Option(name: .customLong("max-backoff"), parsing: .unconditional, help: "Largest crash-loop back-off delay in seconds (kubelet: 300).")
    var maxBackoff: Double = 300

    @Option(name: .customLong("status-file"), help: "Write the final Pod object(s) as JSON to this file.")
    var statusFile: String?

    @Option(name: .customLong("log-dir"), help: "Directory for per-container CRI-format logs.")
    var logDirectory: String?

    @Option(name: .customLong("keep-runs"), parsing: .unconditional, help: "Keep this many runs (this one included) under $TMPDIR/tandem-<uid>/runs; older ones are removed.")
    var keepRuns = 5

    @Option(name: .customLong("image-command"), parsing: .singleValue,
            help: "IMAGE=PATH: the program to run for containers of IMAGE that have no command.")
    var imageCommands: [String] = []

    @Option(name: .customLong("volume"), parsing: .singleValue,
            help: "NAME=DIR: mount host directory DIR for the pod volume NAME (persistentVolumeClaim, csi, nfs, …).")
    var volumes: [String] = []

    @Option(name: .customLong("configmap"), parsing: .singleValue,
            help: "NAME=DIR: a ConfigMap NAME ([NAMESPACE/]NAME) with one key per file of DIR (kubectl create configmap --from-file=DIR).")
    var configMapDirectories: [String] = []

    @Option(name: .customLong("secret"), parsing: .singleValue,
            help: "NAME=DIR: a Secret NAME ([NAMESPACE/]NAME) with one key per file of DIR.")
    var secretDirectories: [String] = []

    @Option(name: .customLong("run-as-user"), parsing: .unconditional,
            help: "UID for containers without runAsUser (the image's USER in a cluster; applied when tandem runs as root).")
    var runAsUser: Int64?

    @Flag(name: .customLong("quiet"), help: "Same as --output quiet.")
    var quiet = false

    @Option(name: [.customShort("o"), .customLong("output")],
            help: "tty (live status block), plain (a line per lifecycle fact) or quiet (default: tty on a terminal, else plain).")
    var output: OutputMode?

    @Option(name: .customLong("events"),
            help: "Also write every event to this file as JSON lines (core/v1 Event); the run directory always has events.jsonl.")
    var eventsFile: String?

    @Flag(name: .customLong("restart-sidecars-during-termination"),
          help: "KEP-4438 (not in Kubernetes yet): restart sidecars that exit while the pod terminates.")
    var restartSidecarsDuringTermination = false

    @Option(name: .customLong("sidecar-settle"), parsing: .unconditional,
            help: "Seconds a sidecar without a startupProbe must run before the next container starts (0: at once).")
    var sidecarSettle: Double = 0.05

    @Option(name: .customLong("feature-gates"), parsing: .singleValue,
            help: "Name=bool,...: simulate a cluster with these gates (only SidecarContainers; false drops init containers' restartPolicy as an API server without native sidecars does).")
    var featureGates: [String] = []

    @Flag(name: .customLong("no-cgroups"), help: "Do not put pods and containers in cgroups (limits are then not enforced).")
    var noCgroups = false

    @Option(name: .customLong("pod-pids-limit"), parsing: .unconditional,
            help: "Most processes and threads a pod may have (its cgroup's pids.max; 0: none; default 4096).")
    var podPidsLimit: Int64?

    @Option(name: .customLong("replicas"), parsing: .unconditional,
            help: "Run this many pods for every Deployment, ReplicaSet and StatefulSet (overrides spec.replicas).")
    var replicas: Int?

    @Argument(help: "Manifest files or directories (YAML or JSON; several documents per file; - is standard input).")
    var files: [String]

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "Read directories' subdirectories too.")
    var recursive = false

    @Flag(name: .customLong("no-isolation"),
          help: "Run containers as process groups, not each in its own PID and mount namespaces.")
    var noIsolation = false

    func validate() throws {
        // Numbers first, each against its whole range: a value that cannot hold stops the run
        // before a manifest is read or a directory made.
        try NumericOptions.checkSeconds(initialBackoff, flag: "initial-backoff")
        try NumericOptions.checkSeconds(maxBackoff, flag: "max-backoff")
        try NumericOptions.checkSeconds(sidecarSettle, flag: "sidecar-settle")
        guard keepRuns >= 1 else { throw ValidationError("--keep-runs must be at least 1") }
        if let podPidsLimit { try NumericOptions.check(podPidsLimit, flag: "pod-pids-limit", in: NumericOptions.podPidsRange) }
        if let replicas { try NumericOptions.check(Int64(replicas), flag: "replicas", in: NumericOptions.int32Range) }
        if let runAsUser { try NumericOptions.check(runAsUser, flag: "run-as-user", in: NumericOptions.int32Range) }
        // Flags that contradict each other: one would be dropped without a word.
        if let podPidsLimit, podPidsLimit > 0, noCgroups {
            throw ValidationError("--pod-pids-limit \(podPidsLimit) cannot be enforced with --no-cgroups (the limit is the pod cgroup's pids.max)")
        }
        if quiet, let output, output != .quiet {
            throw ValidationError("--quiet and --output \(output.rawValue) cannot be used together (--quiet is --output quiet)")
        }
        for (option, mappings) in [("volume", volumes), ("configmap", configMapDirectories), ("secret", secretDirectories)] {
            for mapping in mappings where !mapping.contains("=") || mapping.hasPrefix("=") || mapping.hasSuffix("=") {
                throw ValidationError("--\(option) expects NAME=DIR, got \(GoQuoting.quote(mapping))")
            }
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
        let (isolation, isolationWarning) = ContainerIsolation.detect(disabled: noIsolation)
        // Manifests and output paths are checked together, before any container starts.
        let outputs = RunOutputPaths(statusFile: statusFile, eventsFile: eventsFile, logDirectory: logDirectory)
        let planned = RunPlan.make(files: files, recursive: recursive, gates: gates, isolation: isolation, replicas: replicas)
        var problems = outputs.problems
        if case .failure(let problem) = planned { problems = problem.lines + problems }
        guard case .success(var plan) = planned, problems.isEmpty else {
            TerminalWriter.writeNow(problems.joined(separator: "\n") + "\n", to: STDERR_FILENO)
            throw ExitCode(2)
        }
        problems = ConfigDirectories.add(configMaps: configMapDirectories, secrets: secretDirectories, to: &plan.store)
            + VolumeInputs.problems(mappings: volumes, pods: plan.units.flatMap(\.podShapes))
        if problems.isEmpty, let failed = outputs.makeLogDirectory() { problems = [failed] }
        if !problems.isEmpty {
            TerminalWriter.writeNow(problems.joined(separator: "\n") + "\n", to: STDERR_FILENO)
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
            // A host path with a directory part means "from here", also after a container's chdir.
            let program = String(parts[1])
            mappings[String(parts[0])] = program.contains("/") ? RunOutputPaths.absolute(program) : program
        }
        var volumeMappings: [String: String] = [:]
        for mapping in volumes {
            let parts = mapping.split(separator: "=", maxSplits: 1)
            volumeMappings[String(parts[0])] = RunOutputPaths.absolute(String(parts[1]))
        }
        TerminalWriter.writeNow(plan.notes.map { $0 + "\n" }.joined(), to: STDERR_FILENO)
        if let replicas, !plan.scalesWorkloads {
            TerminalWriter.writeNow("tandem: note: --replicas \(replicas) ignored: no Deployment, ReplicaSet or StatefulSet in the inputs\n",
                                    to: STDERR_FILENO)
        }
        if let isolationWarning { TerminalWriter.writeNow("tandem: warning: \(GoQuoting.printable(isolationWarning))\n", to: STDERR_FILENO) }
        if let shared = SharedNetwork.warning(units: plan.units) {
            TerminalWriter.writeNow("tandem: warning: \(GoQuoting.printable(shared))\n", to: STDERR_FILENO)
        }
        let succeeded: Bool
        do {
            succeeded = try await LocalRun(
                plan: plan,
                options: options,
                imageCommands: mappings,
                logDirectory: outputs.logDirectory,
                keepRuns: keepRuns,
                output: OutputMode.resolve(output, quiet: quiet),
                statusFile: outputs.statusFile,
                eventsFile: outputs.eventsFile,
                volumeInputs: VolumeInputs(store: plan.store, hostVolumes: volumeMappings, defaultUser: runAsUser.map { UInt32($0) }),
                isolation: isolation,
                cgroups: noCgroups ? nil : podPidsLimit ?? RunCgroups.defaultPodPidsLimit
            ).run()
        } catch let error as StatusFileError {
            TerminalWriter.writeNow(error.description + "\n", to: STDERR_FILENO)
            throw ExitCode(2)
        } catch let error as RunDirectoryError {
            // The run directory taken by a live run or the root refused since the checks above.
            TerminalWriter.writeNow("tandem: \(GoQuoting.printable(error.description))\n", to: STDERR_FILENO)
            throw ExitCode(2)
        }
        if !succeeded { throw ExitCode(1) }
    }
}
