import Foundation
import Glibc
import TandemAPI
import TandemLifecycle
import TandemOS
import TandemRecords
import TandemRuntime

/// The runtime pieces one `tandem run` shares across its pods: the reactor-backed process
/// host, the launcher, the network handlers, and where logs go.
final class LocalRuntime: Sendable {
    let host: ReactorHost
    let launcher: StandardLauncher
    let network = StandardNetworkHandlers()
    let output: LogOutput
    let runDirectory: String
    /// The run's directory, its lock and the per-pod index (`tandem logs`/`describe` read them).
    let records: RunDirectory
    /// The terminal (nil with `--quiet`): container output on stdout, events on stderr.
    let stdout: TerminalWriter?
    let stderr: TerminalWriter?
    /// The terminal label of every container (`container`, or `pod/container` with several pods).
    let labels: [String]
    /// The run's cgroups (nil: `--no-cgroups`, or none usable; then a warning said why).
    let cgroups: RunCgroups?

    /// - Parameter extraLabels: other labels fact lines may carry (pod and Job names), for their width
    ///   (container output keeps the width of the container names).
    init(pods: [Pod], imageCommands: [String: String], logDirectory: String?, keepRuns: Int = 5, quiet: Bool,
         extraLabels: [String] = [], volumeInputs: VolumeInputs = VolumeInputs(), isolation: ContainerIsolation = .processGroups,
         podPidsLimit: Int64? = nil) throws {
        records = try RunDirectory(logDirectory: logDirectory, keepRuns: keepRuns)
        if let warning = records.indexWarning {
            TerminalWriter.writeNow(GoQuoting.printable("tandem: warning: \(warning); this run is not indexed (tandem logs --run \(records.path))") + "\n",
                                    to: STDERR_FILENO)
        }
        let setup = podPidsLimit.map { RunCgroups.start(pods: pods, pidsLimit: $0) }
        cgroups = setup?.cgroups
        if let warning = setup?.warning { TerminalWriter.writeNow(GoQuoting.printable(warning) + "\n", to: STDERR_FILENO) }
        host = try ReactorHost()
        let base = records.path
        runDirectory = base
        launcher = StandardLauncher(imageCommands: imageCommands, volumeRoot: base, store: volumeInputs.store,
                                    hostVolumes: volumeInputs.hostVolumes, defaultUser: volumeInputs.defaultUser,
                                    isolation: isolation)
        let labels: [String] = pods.flatMap { pod in
            ((pod.spec?.initContainers ?? []) + (pod.spec?.containers ?? [])).map { container in
                pods.count > 1 ? "\(pod.metadata?.name ?? "")/\(container.name ?? "")" : container.name ?? ""
            }
        }
        self.labels = labels + extraLabels
        if quiet {
            stdout = nil
            stderr = nil
        } else {
            stdout = TerminalWriter(descriptor: STDOUT_FILENO) { count in
                "[tandem: \(count) lines dropped for the terminal; logs are complete in \(base)]\n"
            }
            // One terminal (or `2>&1`): one writer, so event lines keep their place among log lines.
            stderr = descriptorsShareFile(STDOUT_FILENO, STDERR_FILENO) ? stdout : TerminalWriter(descriptor: STDERR_FILENO) { count in
                "[tandem: \(count) lines dropped for the terminal]\n"
            }
        }
        output = LogOutput(
            logDirectory: base,
            terminal: stdout.map { TerminalLogPrinter(containerNames: labels, writer: $0) },
            qualifyWithPod: pods.count > 1
        )
    }

    /// Writes what still waits for the terminal (bounded: a reader that stopped reading does
    /// not keep tandem from exiting).
    func flushTerminal() {
        stdout?.finish()
        stderr?.finish()
    }

    /// A worker for `pod`, recorded in the run directory; every status it publishes also goes to
    /// `run.json` (written off the caller's thread), so `tandem describe` sees the live pod.
    func makeWorker(pod: Pod, options: LifecycleOptions, observer: PodObserver) -> PodWorker {
        records.record(pod)
        var observer = observer
        let published = observer.status
        let records = records
        observer.status = { status in
            records.update(pod, status: status)
            published(status)
        }
        var containment: PodCgroups?
        do {
            containment = try cgroups?.pod(pod)
        } catch {
            TerminalWriter.writeNow(GoQuoting.printable("tandem: warning: pod \(pod.metadata?.name ?? "") runs without cgroups: \(error.message)") + "\n", to: STDERR_FILENO)
        }
        return PodWorker(pod: pod, options: options, host: host, launcher: launcher, network: network,
                         output: output, observer: observer, containment: containment)
    }

    func shutdown() {
        host.shutdown()
        records.finish()
    }
}
