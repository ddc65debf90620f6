import Dispatch
import Foundation
import TandemAPI
import TandemLifecycle
import TandemRuntime

/// One invocation of `tandem run` after its plan was accepted: builds the runtime, runs every
/// unit side by side, handles tandem's own signals, and writes the status file.
struct LocalRun {
    var plan: RunPlan
    var options: LifecycleOptions
    var imageCommands: [String: String]
    var logDirectory: String?
    var quiet: Bool
    var statusFile: String?

    /// Runs everything to completion; true when every pod and Job succeeded.
    func run() async throws -> Bool {
        let runtime = try LocalRuntime(
            imageCommands: imageCommands,
            logDirectory: logDirectory,
            quiet: quiet
        )
        defer { runtime.shutdown() }
        let session = RunSession()
        let results = ResultBook()
        let names = plan.units.map(\.displayName)
        let printer = EventPrinter(enabled: !quiet, width: names.map(\.count).max() ?? 0)

        for unit in plan.units {
            switch unit {
            case .pod(let pod):
                let worker = runtime.makeWorker(pod: pod, options: options, observer: PodObserver(
                    status: { status in results.record(pod: pod, status: status) },
                    event: { event in printer.print(event, pod: pod.metadata?.name ?? "") },
                    finished: { phase in session.podFinished(pod.metadata?.name ?? "", phase: phase) }
                ))
                session.add(worker)
            case .job(let job):
                let runner = JobRunner(job: job, runtime: runtime, options: options, printer: printer,
                                       results: results, session: session)
                runner.register()
            }
        }

        let signals = SignalWatcher { signal in
            session.deleteAll(forceOnRepeat: signal == SIGINT)
        }
        signals.start()
        defer { signals.stop() }

        session.startAll()
        await session.waitUntilFinished()

        if let statusFile {
            try results.write(to: statusFile)
        }
        return session.phases.values.allSatisfy { $0 == "Succeeded" }
    }
}

extension RunPlan.Unit {
    var displayName: String {
        switch self {
        case .pod(let pod): return pod.metadata?.name ?? ""
        case .job(let job): return job.metadata?.name ?? ""
        }
    }
}

/// Turns tandem's SIGINT and SIGTERM into calls, on a dispatch source (no polling). The
/// signals are ignored for the process so the default action never kills tandem; children get
/// default dispositions back between fork and exec.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (Int32) -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            return source
        }
    }

    func start() {
        for source in sources { source.resume() }
    }

    func stop() {
        for source in sources { source.cancel() }
    }
}
