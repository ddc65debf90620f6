import TandemAPI
import TandemOS

extension LocalRuntime {
    /// The story teller of this run, on this runtime's terminal writers: lines on the standard
    /// error writer (the same writer as the container output when both streams are one file), the
    /// live block and container output on standard output.
    func makeStory(output: OutputMode, eventsFile: String?, units: [RunPlan.Unit]) -> RunStory {
        // Fact lines name the pod with the container exactly when the container output does (`web-…/app |`):
        // when more than one pod may run (two objects, or a workload's replicas).
        let story = RunStory(mode: output, launch: host.now(), labels: labels, qualify: self.output.qualifyWithPod,
                             runDirectory: runDirectory, eventsFile: eventsFile,
                             out: output == .tty ? stdout : stderr, host: host, cgroups: cgroups)
        if let live = story.live {
            self.output.terminal?.divert { bytes in live.emit(bytes) }
        }
        return story
    }
}

extension RunPlan.Unit {
    /// Labels of a unit's own lines: the pod's name, or the Job's and its pods' (`report-0`).
    var storyLabels: [String] {
        switch self {
        case .pod(let pod): return [pod.metadata?.name ?? ""]
        case .job(let job): return [job.metadata?.name ?? "", "\(job.metadata?.name ?? "")-0"]
        case .workload(let workload):
            return ["\(workload.kind)/\(workload.name)"] + workload.podShapes.map { $0.metadata?.name ?? "" }
        }
    }
}
