import Dispatch
import Synchronization
import TandemLifecycle
import TandemRuntime

/// Each running container's CPU and memory for the live block, as `kubectl top pod --containers`
/// shows them (`cpu 12m  mem 3Mi`), where the run has cgroups (issue 14's statistics).
///
/// A rate needs two samples, so this is the one periodic thing of the live view: every 2 s while
/// the block is up, and only then. The reads are sysfs file reads, so they run on a queue of their
/// own; the reactor's timer only hands the work over. The block shows a container's usage from its
/// second sample on; the status file gains nothing (Kubernetes' pod status has no usage).
final class UsageSampler: Sendable {
    static let interval = Duration.seconds(2)

    private struct State {
        var previous: [String: ContainerStatistics] = [:]
        var shown: [String: String] = [:]
        var pending: TimerToken?
        var stopped = false
        var changed: (@Sendable () -> Void)?
    }

    private let cgroups: RunCgroups
    private let host: any ProcessHost
    private let queue = DispatchQueue(label: "tandem.usage")
    private let state = Mutex(State())
    private let containers: @Sendable () -> [(pod: String, container: String)]

    /// - Parameter containers: the pods' containers to sample (names), read at each sample.
    init(cgroups: RunCgroups, host: any ProcessHost, containers: @escaping @Sendable () -> [(pod: String, container: String)]) {
        self.cgroups = cgroups
        self.host = host
        self.containers = containers
    }

    /// Starts sampling; `changed` is called after each sample (the block then redraws).
    func start(changed: @escaping @Sendable () -> Void) {
        state.withLock { $0.changed = changed }
        schedule()
    }

    func stop() {
        state.withLock { state in
            state.stopped = true
            if let pending = state.pending { host.cancel(pending) }
            state.pending = nil
        }
    }

    /// `cpu 12m  mem 3Mi`, nil before a container's second sample or without a running cgroup.
    func text(pod: String, container: String) -> String? {
        state.withLock { $0.shown["\(pod)/\(container)"] }
    }

    private func schedule() {
        state.withLock { state in
            guard !state.stopped, state.pending == nil else { return }
            state.pending = host.schedule(at: host.now() + Self.interval) { [self] in
                queue.async { self.sample() }
            }
        }
    }

    private func sample() {
        var samples: [String: ContainerStatistics] = [:]
        for (pod, container) in containers() {
            if let sample = cgroups.statistics(pod: pod, container: container) { samples["\(pod)/\(container)"] = sample }
        }
        let changed = state.withLock { state -> (@Sendable () -> Void)? in
            state.pending = nil
            guard !state.stopped else { return nil }
            var shown: [String: String] = [:]
            for (key, sample) in samples {
                guard let earlier = state.previous[key], let millicores = sample.cpuMillicores(since: earlier) else { continue }
                shown[key] = "cpu \(ContainerStatistics.formatted(millicores: millicores))"
                    + "  mem \(ContainerStatistics.formatted(bytes: sample.memoryWorkingSetBytes))"
            }
            state.previous = samples
            state.shown = shown
            return state.changed
        }
        guard let changed else { return }
        changed()
        schedule()
    }
}
