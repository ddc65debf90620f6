import TandemAPI

/// The STATUS and READY columns of `kubectl get pods` for a pod status, as `printPod`
/// (`pkg/printers/internalversion/printers.go`) computes them: `Init:1/2`, `Init:CrashLoopBackOff`,
/// `PodInitializing`, `Running`, `NotReady`, `Completed`, `Error`, `Terminating`; READY counts the
/// main containers and the sidecars (restartable init containers) that are ready.
enum PodStatusWords {
    static func words(spec: PodSpec?, status: PodStatus, terminating: Bool) -> (status: String, ready: String) {
        let initSpecs = spec?.initContainers ?? []
        let sidecars = Set(initSpecs.filter(\.isRestartable).compactMap(\.name))
        let total = (spec?.containers ?? []).count + sidecars.count
        var ready = 0
        var reason = status.reason ?? status.phase ?? "Pending"
        var initializing = false
        for (index, container) in (status.initContainerStatuses ?? []).enumerated() {
            let state = container.state
            if let terminated = state?.terminated, terminated.exitCode == 0 { continue }
            if sidecars.contains(container.name ?? ""), container.started == true {
                if container.ready == true { ready += 1 }
                continue
            }
            if let terminated = state?.terminated {
                if let why = terminated.reason, !why.isEmpty {
                    reason = "Init:" + why
                } else if let signal = terminated.signal, signal != 0 {
                    reason = "Init:Signal:\(signal)"
                } else {
                    reason = "Init:ExitCode:\(terminated.exitCode ?? 0)"
                }
            } else if let waiting = state?.waiting?.reason, !waiting.isEmpty, waiting != "PodInitializing" {
                reason = "Init:" + waiting
            } else {
                reason = "Init:\(index)/\(initSpecs.count)"
            }
            initializing = true
            break
        }
        let initialized = status.conditions?.contains { $0.type == "Initialized" && $0.status == "True" } ?? false
        if !initializing || initialized {
            var hasRunning = false
            for container in (status.containerStatuses ?? []).reversed() {
                let state = container.state
                if let waiting = state?.waiting?.reason, !waiting.isEmpty {
                    reason = waiting
                } else if let terminated = state?.terminated {
                    if let why = terminated.reason, !why.isEmpty {
                        reason = why
                    } else if let signal = terminated.signal, signal != 0 {
                        reason = "Signal:\(signal)"
                    } else {
                        reason = "ExitCode:\(terminated.exitCode ?? 0)"
                    }
                } else if container.ready == true, state?.running != nil {
                    hasRunning = true
                    ready += 1
                }
            }
            if reason == "Completed", hasRunning {
                let podReady = status.conditions?.contains { $0.type == "Ready" && $0.status == "True" } ?? false
                reason = podReady ? "Running" : "NotReady"
            }
        }
        if terminating, status.phase != "Succeeded", status.phase != "Failed" {
            reason = "Terminating"
        }
        return (reason, "\(ready)/\(total)")
    }
}
